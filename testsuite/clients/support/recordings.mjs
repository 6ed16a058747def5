// The shipped recordings, read at test time: what a replaying server must
// answer is what these files hold, so the tests' expectations come from here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const responsesDir = path.join(repoRoot, 'recordings', 'responses');

function readAll() {
  return readdirSync(responsesDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ file: name, ...JSON.parse(readFileSync(path.join(responsesDir, name), 'utf8')) }));
}

// The one recording of `testId` (our form, `<file>.cpp::<test>[<params>]`).
export function recordingOf(testId) {
  const found = readAll().filter((r) => r.test_id === testId);
  assert.equal(found.length, 1, `expected one recording for '${testId}' in ${responsesDir}, found ${found.length}`);
  return found[0];
}

// The SDK call's parameters that make the server send the recorded upstream
// request: the recorded body, the model under its stack id (`provider/model`).
export function paramsOf(recording, provider = 'ollama') {
  const body = recording.request.body;
  return { ...body, model: `${provider}/${body.model}` };
}

// Every model of every recorded model list: a replay answers a listing with
// their union (recordings/README.md, "Model lists").
export function recordedModelIds() {
  const ids = new Set();
  for (const r of readAll())
    if (r.file.startsWith('models-')) for (const m of r.response.body.data) ids.add(m.id);
  return ids;
}

// Deep equality but for a double's last digits: the provider's JSON parse is
// not exact for every double, so a replayed embedding may differ by an ulp.
export function assertNearlyEqual(actual, expected, where = '$') {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const scale = Math.max(Math.abs(actual), Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= 1e-12 * scale, `${where}: ${actual} != ${expected}`);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    assert.equal(actual, expected, where);
    return;
  }
  assert.equal(typeof actual, 'object', `${where}: not an object or array`);
  assert.equal(Array.isArray(actual), Array.isArray(expected), `${where}: array vs object`);
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`);
  for (const key of Object.keys(expected)) assertNearlyEqual(actual[key], expected[key], `${where}.${key}`);
}

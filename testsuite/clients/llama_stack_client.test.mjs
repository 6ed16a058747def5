// The Llama Stack TypeScript client (npm llama-stack-client) against
// `llama-stack run starter` replaying the shipped recordings: the routes our
// server serves, each answer checked against the recordings or the project.
import test from 'node:test';
import assert from 'node:assert/strict';
import LlamaStackClient from 'llama-stack-client';
import { assertNearlyEqual, paramsOf, recordedModelIds, recordingOf } from './support/recordings.mjs';
import { OLLAMA_TXT, completionTest, embeddingsTest, projectVersion, providerData, serverUrl } from './support/server.mjs';

const client = new LlamaStackClient({ baseURL: serverUrl(), maxRetries: 0 });
const asTest = (testId) => ({ headers: providerData({ __test_id: testId }) });

test('llama-stack-client: inspect health, version and routes', async () => {
  assert.equal((await client.inspect.health()).status, 'OK');
  assert.equal((await client.inspect.version()).version, projectVersion());
  const routes = await client.routes.list();
  const served = routes.map((r) => `${r.method} ${r.route}`);
  for (const route of ['POST /v1/chat/completions', 'POST /v1/completions', 'POST /v1/embeddings', 'GET /v1/models'])
    assert.ok(served.includes(route), `${route} not in ${served.join(', ')}`);
  const chat = routes.find((r) => r.route === '/v1/chat/completions');
  assert.ok(chat.provider_types.includes('remote::ollama'));
});

test('llama-stack-client: providers list', async () => {
  const providers = await client.providers.list();
  const ollama = providers.find((p) => p.provider_id === 'ollama');
  assert.ok(ollama, `no ollama among ${providers.map((p) => p.provider_id).join(', ')}`);
  assert.equal(ollama.api, 'inference');
  assert.equal(ollama.provider_type, 'remote::ollama');
});

test('llama-stack-client: models list and retrieve', async () => {
  const models = await client.models.list();
  const ollama = models.filter((m) => m.owned_by === 'ollama').map((m) => m.id).sort();
  assert.deepEqual(ollama, [...recordedModelIds()].map((id) => `ollama/${id}`).sort());
  const model = await client.models.retrieve('ollama/llama3.2:3b-instruct-fp16');
  assert.equal(model.provider_resource_id, 'llama3.2:3b-instruct-fp16');
  assert.equal(model.model_type, 'llm');
});

test('llama-stack-client: chat completion, whole and streamed, as recorded', async () => {
  const whole = completionTest('test_openai_chat_completion_non_streaming',
    `${OLLAMA_TXT}-inference:chat_completion:non_streaming_02`);
  const rec = recordingOf(whole);
  assert.deepEqual(await client.chat.completions.create(paramsOf(rec), asTest(whole)), rec.response.body);

  const streamed = completionTest('test_openai_chat_completion_streaming',
    `${OLLAMA_TXT}-inference:chat_completion:streaming_02`);
  const srec = recordingOf(streamed);
  const chunks = [];
  for await (const chunk of await client.chat.completions.create(paramsOf(srec), asTest(streamed))) chunks.push(chunk);
  assert.ok(srec.response.chunks.length > 2);
  assert.deepEqual(chunks, srec.response.chunks);
});

test('llama-stack-client: completion, as recorded', async () => {
  const id = completionTest('test_openai_completion_non_streaming', `${OLLAMA_TXT}-inference:completion:sanity`);
  const rec = recordingOf(id);
  assert.deepEqual(await client.completions.create(paramsOf(rec), asTest(id)), rec.response.body);
});

test('llama-stack-client: embeddings, as recorded', async () => {
  const id = embeddingsTest('test_openai_embeddings_with_encoding_format_float');
  const rec = recordingOf(id);
  assertNearlyEqual(await client.embeddings.create(paramsOf(rec), asTest(id)), rec.response.body);
});

test('llama-stack-client: errors are typed, with the server\'s message', async () => {
  await assert.rejects(client.models.retrieve('no-such/model'), (e) => {
    assert.ok(e instanceof LlamaStackClient.NotFoundError, `${e}`);
    assert.equal(e.status, 404);
    assert.match(e.error.error.message, /no-such\/model/);
    return true;
  });
  // A recorded request without its test id: the replay miss, 404.
  const rec = recordingOf(embeddingsTest('test_openai_embeddings_single_string'));
  await assert.rejects(client.embeddings.create(paramsOf(rec)), (e) => {
    assert.ok(e instanceof LlamaStackClient.NotFoundError, `${e}`);
    assert.equal(e.error.error.type, 'replay_miss');
    return true;
  });
});

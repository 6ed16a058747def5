// The official OpenAI Node SDK against `llama-stack run starter` replaying
// the shipped recordings: each answer must be the recorded one.
import test from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { assertNearlyEqual, paramsOf, recordedModelIds, recordingOf } from './support/recordings.mjs';
import { OLLAMA_TXT, completionTest, embeddingsTest, providerData, serverUrl } from './support/server.mjs';

// No retries: a failure must show as it happened, not as a later attempt.
const client = new OpenAI({ baseURL: `${serverUrl()}/v1`, apiKey: 'unused-by-the-server', maxRetries: 0 });
const asTest = (testId) => ({ headers: providerData({ __test_id: testId }) });

const chatTest = completionTest('test_openai_chat_completion_non_streaming',
  `${OLLAMA_TXT}-inference:chat_completion:non_streaming_01`);

test('openai: chat completion comes back as recorded', async () => {
  const rec = recordingOf(chatTest);
  const answer = await client.chat.completions.create(paramsOf(rec), asTest(chatTest));
  assert.deepEqual(answer, rec.response.body);
});

test('openai: streamed chat completion yields the recorded chunks, in order', async () => {
  const id = completionTest('test_openai_chat_completion_streaming',
    `${OLLAMA_TXT}-inference:chat_completion:streaming_01`);
  const rec = recordingOf(id);
  assert.ok(rec.response.is_streaming && rec.response.chunks.length > 2);
  const stream = await client.chat.completions.create(paramsOf(rec), asTest(id));
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.deepEqual(chunks, rec.response.chunks);
});

test('openai: completion, whole and streamed, as recorded', async () => {
  const whole = completionTest('test_openai_completion_non_streaming', `${OLLAMA_TXT}-inference:completion:sanity`);
  const rec = recordingOf(whole);
  assert.deepEqual(await client.completions.create(paramsOf(rec), asTest(whole)), rec.response.body);

  const streamed = completionTest('test_openai_completion_streaming', `${OLLAMA_TXT}-inference:completion:sanity`);
  const srec = recordingOf(streamed);
  let text = '';
  for await (const chunk of await client.completions.create(paramsOf(srec), asTest(streamed)))
    text += chunk.choices[0]?.text ?? '';
  const recorded = srec.response.chunks.map((c) => c.choices[0]?.text ?? '').join('');
  assert.ok(recorded.length > 0);
  assert.equal(text, recorded);
});

test('openai: embeddings of one and of several inputs, as recorded', async () => {
  for (const name of ['test_openai_embeddings_single_string', 'test_openai_embeddings_multiple_strings']) {
    const id = embeddingsTest(name);
    const rec = recordingOf(id);
    const answer = await client.embeddings.create(paramsOf(rec), asTest(id));
    assertNearlyEqual(answer, rec.response.body);
  }
});

test('openai: models list is the recorded model lists, under the ollama provider', async () => {
  const served = [];
  for await (const model of client.models.list()) served.push(model);
  const ollama = served.filter((m) => m.owned_by === 'ollama').map((m) => m.id).sort();
  const expected = [...recordedModelIds()].map((id) => `ollama/${id}`).sort();
  assert.ok(expected.length > 0);
  assert.deepEqual(ollama, expected);
  assert.ok(served.every((m) => m.object === 'model'));
});

test('openai: provider data __test_id selects the recording; a Python-form id maps to ours', async () => {
  const ours = completionTest('test_openai_chat_completion_non_streaming',
    `${OLLAMA_TXT}-inference:chat_completion:non_streaming_02`);
  const python = 'tests/integration/inference/test_openai_completion.py::test_openai_chat_completion_non_streaming' +
    `[openai_client-${OLLAMA_TXT}-inference:chat_completion:non_streaming_02]`;
  const rec = recordingOf(ours);
  assert.deepEqual(await client.chat.completions.create(paramsOf(rec), asTest(python)), rec.response.body);
  // Another test's id (or none) keys another request: a replay miss, 404.
  for (const options of [asTest(chatTest), {}]) {
    await assert.rejects(client.chat.completions.create(paramsOf(rec), options), (e) => {
      assert.ok(e instanceof OpenAI.NotFoundError, `${e}`);
      assert.equal(e.type, 'replay_miss');
      assert.match(e.message, /no recording for POST \/v1\/chat\/completions/);
      return true;
    });
  }
});

test('openai: a per-request key in provider data reaches the provider', async () => {
  // starter's OpenAI provider has no key on the server (the script clears
  // OPENAI_API_KEY); a model of it registered for this test.
  await client.post('/models', { body: { model_id: 'openai/sdk-test-gpt', provider_id: 'openai', provider_model_id: 'gpt-4o' } });
  try {
    const params = { model: 'openai/sdk-test-gpt', messages: [{ role: 'user', content: 'hi' }] };
    await assert.rejects(client.chat.completions.create(params), (e) => {
      assert.ok(e instanceof OpenAI.BadRequestError, `${e}`);
      assert.match(e.message, /OPENAI_API_KEY, or pass "openai_api_key" in the request's provider data/);
      return true;
    });
    // With the key the provider goes on to its upstream: here the replay
    // store, which has no recording of this request and says so.
    const withKey = { headers: providerData({ openai_api_key: 'sk-sdk-test-not-a-secret' }) };
    await assert.rejects(client.chat.completions.create(params, withKey), (e) => {
      assert.ok(e instanceof OpenAI.NotFoundError, `${e}`);
      assert.equal(e.type, 'replay_miss');
      assert.match(e.message, /model 'gpt-4o'/);
      assert.doesNotMatch(e.message, /sk-sdk-test-not-a-secret/);
      return true;
    });
  } finally {
    await client.delete('/models/openai/sdk-test-gpt');
  }
});

test('openai: an unknown model is a typed 404 with OpenAI\'s error shape', async () => {
  const params = { model: 'no-such/model', messages: [{ role: 'user', content: 'hi' }] };
  await assert.rejects(client.chat.completions.create(params), (e) => {
    assert.ok(e instanceof OpenAI.NotFoundError, `${e}`);
    assert.equal(e.status, 404);
    assert.equal(e.type, 'not_found_error');
    assert.equal(e.code, '404');
    assert.match(e.error.message, /^model 'no-such\/model' not found/);
    return true;
  });
});

test('openai: conversations.create, then conversations.items.list page by page', async () => {
  const conversation = await client.conversations.create({
    metadata: { topic: 'sdk' },
    items: [{ type: 'message', role: 'user', content: 'Hello!' }],
  });
  assert.match(conversation.id, /^conv_[0-9a-f]{48}$/);
  assert.equal(conversation.object, 'conversation');
  assert.deepEqual(conversation.metadata, { topic: 'sdk' });
  await client.conversations.items.create(conversation.id, {
    items: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Follow up' }] }],
  });
  // One item a page: the SDK follows has_more with after=last_id.
  const items = [];
  for await (const item of client.conversations.items.list(conversation.id, { order: 'asc', limit: 1 })) items.push(item);
  assert.deepEqual(items.map((i) => i.role), ['user', 'user']);
  assert.equal(items[0].content, 'Hello!');
  assert.equal(items[1].content[0].text, 'Follow up');
  assert.match(items[0].id, /^msg_[0-9a-f]{48}$/);
  assert.equal((await client.conversations.delete(conversation.id)).deleted, true);
});

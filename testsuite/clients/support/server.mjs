// The server under test, started by scripts/test-sdk-clients, and the
// X-LlamaStack-Provider-Data header the SDKs send it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './recordings.mjs';

export function serverUrl() {
  const url = process.env.LLAMA_STACK_URL;
  if (!url)
    throw new Error('LLAMA_STACK_URL is not set: run these tests with scripts/test-sdk-clients <build_dir>');
  return url.replace(/\/+$/, '');
}

export function providerData(fields) {
  return { 'X-LlamaStack-Provider-Data': JSON.stringify(fields) };
}

// The version meson.build declares: what /v1/version must report.
export function projectVersion() {
  const meson = readFileSync(path.join(repoRoot, 'meson.build'), 'utf8');
  const m = meson.match(/^\s*version:\s*'([^']+)'/m);
  if (!m) throw new Error(`no "version: '...'" in ${path.join(repoRoot, 'meson.build')}`);
  return m[1];
}

// Where the Python test ids map to ours (README, "Test ids"): the ids the
// tests send in __test_id, named once.
export const OLLAMA_TXT = 'txt=ollama/llama3.2:3b-instruct-fp16';
export const OLLAMA_EMB = 'emb=ollama/all-minilm:l6-v2';
export const completionTest = (test, params) => `inference/test_openai_completion.cpp::${test}[${params}]`;
export const embeddingsTest = (test) => `inference/test_openai_embeddings.cpp::${test}[${OLLAMA_EMB}]`;

import { render } from 'preact';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSessionApiKey } from '../src/apikey';
import { Playground } from '../src/pages/Playground';
import { sseData } from '../src/playground';

describe('sseData', () => {
  it('returns whole events and keeps a cut-off one for the next read', () => {
    expect(sseData('data: {"a":1}\n\ndata: {"b"')).toEqual({ data: ['{"a":1}'], rest: 'data: {"b"' });
    expect(sseData('data: one\r\n\r\n: a comment\n\ndata:two\n\n')).toEqual({ data: ['one', 'two'], rest: '' });
    expect(sseData('')).toEqual({ data: [], rest: '' });
  });
});

const PROVIDER = 'ExdmCCuLBAKP79cupDPbJWaBzqKCgLG1FWR2r92uPTBz';
// The route table lists models by name; the chat model is picked first whatever the order.
const MODELS = [{ model: 'all-minilm-l6-v2', kind: 'embedding' as const }, { model: 'gridmint-names', kind: 'chat' as const }];
const requests: { url: string; body: Record<string, unknown>; authorization: string | null }[] = [];

/** An SSE body cut at awkward places, as the network may deliver it. */
function sse(pieces: string[]): Response {
  const text = pieces.map((p) => `data: ${p}\n\n`).join('');
  const cuts = [0, 7, 30, 31, text.length - 3, text.length];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 1; i < cuts.length; i++) controller.enqueue(new TextEncoder().encode(text.slice(cuts[i - 1], cuts[i])));
      controller.close();
    },
  });
  return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream', 'X-Gridmint-Provider': PROVIDER } });
}

const fetches = vi.fn(async (url: string, init?: RequestInit) => {
  const authorization = new Headers(init?.headers).get('authorization');
  requests.push({ url, body: JSON.parse(init!.body as string) as Record<string, unknown>, authorization });
  if (authorization !== 'Bearer gm_good') {
    return new Response(JSON.stringify({ error: { message: 'Incorrect API key provided.', code: 'invalid_api_key' } }), { status: 401 });
  }
  if (url === '/v1/embeddings') {
    return new Response(JSON.stringify({ object: 'list', data: [{ embedding: Array.from({ length: 384 }, (_, i) => i / 1000) }],
      usage: { prompt_tokens: 3, completion_tokens: 0, total_tokens: 3 } }), { status: 200, headers: { 'X-Gridmint-Provider': PROVIDER } });
  }
  return sse([
    '{"choices":[{"index":0,"delta":{"role":"assistant"}}]}',
    '{"choices":[{"index":0,"delta":{"content":"mar"}}]}',
    '{"choices":[{"index":0,"delta":{"content":"ion"}}]}',
    '{"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":6,"total_tokens":17}}',
    '[DONE]',
  ]);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(root: HTMLElement, selector: string): Promise<void> {
  for (let i = 0; i < 100 && !root.querySelector(selector); i++) await pause(10);
}

function type(root: HTMLElement, selector: string, value: string): void {
  const field = root.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  field.value = value;
  field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

async function send(root: HTMLElement): Promise<void> {
  await pause(0);
  root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await until(root, '[data-testid="playground-usage"], [role="alert"]');
}

beforeAll(() => vi.stubGlobal('fetch', fetches));
afterAll(() => vi.unstubAllGlobals());
beforeEach(() => {
  requests.length = 0;
  setSessionApiKey('');
});

describe('Playground', () => {
  it('streams a chat answer through the gateway with the key as a bearer token', async () => {
    const root = document.createElement('div');
    render(<Playground models={MODELS} />, root);
    type(root, 'input[type="password"]', 'gm_good');
    await send(root);
    expect(requests[0]).toMatchObject({ url: '/v1/chat/completions', authorization: 'Bearer gm_good', body: {
      model: 'gridmint-names', messages: [{ role: 'user', content: 'Name a baby' }], max_tokens: 32, seed: 42, stream: true } });
    expect(requests[0].body).not.toHaveProperty('temperature');
    expect(root.querySelector('pre.log')!.textContent).toBe('marion');
    expect(root.querySelector('[data-testid="playground-usage"]')!.textContent).toContain('11 in, 6 out');
    expect(root.querySelector('[data-testid="playground-usage"]')!.textContent).toContain(PROVIDER.slice(0, 10));
  });

  it('embeds a text', async () => {
    const root = document.createElement('div');
    render(<Playground models={MODELS} />, root);
    type(root, 'input[type="password"]', 'gm_good');
    type(root, 'select[name="model"]', 'all-minilm-l6-v2');
    await pause(0);
    expect(root.querySelector('label[for="playground-message"]')!.textContent).toBe('Text to embed');
    await send(root);
    expect(requests[0]).toMatchObject({ url: '/v1/embeddings', body: { model: 'all-minilm-l6-v2', input: 'Name a baby' } });
    expect(root.querySelector('[data-testid="playground-answer"]')!.textContent).toContain('384 dimensions: [0.0000, 0.0010');
    expect(root.querySelector('[data-testid="playground-usage"]')!.textContent).toContain('3 in, 0 out');
  });

  it('says why the gateway refused', async () => {
    const root = document.createElement('div');
    render(<Playground models={MODELS.slice(1)} />, root);
    type(root, 'input[type="password"]', 'gm_wrong');
    await send(root);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('Incorrect API key');
    expect(root.querySelector('[data-testid="playground-answer"]')).toBeNull();
  });

  it('starts with the key the Wallet page is using', async () => {
    setSessionApiKey('gm_good');
    const root = document.createElement('div');
    render(<Playground models={MODELS.slice(1)} />, root);
    await pause(0);
    expect(root.querySelector<HTMLInputElement>('input[type="password"]')!.value).toBe('gm_good');
  });
});

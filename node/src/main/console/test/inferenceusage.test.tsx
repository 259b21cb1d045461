import { render } from 'preact';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InferenceUsagePanel } from '../src/pages/Wallet';

const seen: { url: string; authorization: string | null }[] = [];
const fetches = vi.fn(async (url: string, init?: RequestInit) => {
  const authorization = new Headers(init?.headers).get('authorization');
  seen.push({ url, authorization });
  if (authorization !== 'Bearer gm_good') {
    return new Response(JSON.stringify({ error: { message: 'Incorrect API key provided.', code: 'invalid_api_key' } }), { status: 401 });
  }
  return new Response(JSON.stringify({ wallet: 'W', settled_micro_cc: 4_120, pending_micro_cc: 86, unpaid_micro_cc: 0,
    prompt_tokens: 112, completion_tokens: 1_990, last_batch: 7,
    key: { sha256_prefix: '3f9a0c41b2d7', prompt_tokens: 12, completion_tokens: 190, micro_cc: 404 } }), { status: 200 });
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => vi.stubGlobal('fetch', fetches));
afterAll(() => vi.unstubAllGlobals());

async function submitKey(root: HTMLElement, key: string): Promise<void> {
  const input = root.querySelector<HTMLInputElement>('#api-key')!;
  input.value = key;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await pause(0);
  root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  for (let i = 0; i < 50 && !root.querySelector('[data-testid="inference-usage"], [role="alert"]'); i++) {
    await pause(10);
  }
}

describe('InferenceUsagePanel', () => {
  it('shows the key wallet\'s settled and pending usage, asked with the key as a bearer token', async () => {
    const root = document.createElement('div');
    render(<InferenceUsagePanel />, root);
    await submitKey(root, 'gm_good');
    expect(seen.at(-1)).toEqual({ url: '/v1/inference/usage', authorization: 'Bearer gm_good' });
    const text = root.querySelector('[data-testid="inference-usage"]')!.textContent;
    expect(text).toContain('0.00412 CC');
    expect(text).toContain('0.000086 CC');
    expect(text).toContain('112 in, 1990 out');
    // What this key drew, of the wallet's total.
    expect(text).toContain('3f9a0c41b2d7… drew 0.000404 CC: 12 in, 190 out');
  });

  it('says why a key is refused', async () => {
    const root = document.createElement('div');
    render(<InferenceUsagePanel />, root);
    await submitKey(root, 'gm_wrong');
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('Incorrect API key');
    expect(root.querySelector('[data-testid="inference-usage"]')).toBeNull();
  });
});

import { render } from 'preact';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromHex, keyGrantMessage, keyRevocationMessage } from '../src/codec';
import { InferenceKeysPanel } from '../src/pages/Wallet';
import { sign, walletFromSeed, type Wallet } from '../src/wallet';
import fixture from './tx-vectors.json';

// A small gateway: one wallet (the fixture's), its keys by bearer, grants and revocations checked by signature.
const NOW = 1_800_000_000;
let keys: { id: string; key: string; limit: number | null }[] = [];
const posted: { url: string; body: Record<string, unknown> }[] = [];
const seen: { url: string; authorization: string | null }[] = [];
let wallet: Wallet;

function refused(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { message, code } }), { status });
}

const fetches = vi.fn(async (url: string, init?: RequestInit) => {
  const authorization = new Headers(init?.headers).get('authorization');
  seen.push({ url, authorization });
  if (url === '/v1/ledger') {
    return new Response(JSON.stringify({ networkId: fixture.networkId, now: NOW }), { status: 200 });
  }
  if (init?.method === 'POST') {
    const body = JSON.parse(init.body as string) as Record<string, unknown>;
    posted.push({ url, body });
    return url === '/v1/api-keys/revoke' ? revoke(body) : grant(body);
  }
  const asking = keys.find((k) => `Bearer ${k.key}` === authorization);
  if (!asking) {
    return refused(401, 'invalid_api_key', 'Incorrect API key provided.');
  }
  if (url === '/v1/api-keys') {
    return new Response(JSON.stringify({ wallet: fixture.address, data: keys.map((k, i) => ({ id: k.id, sha256: `${k.id}${'0'.repeat(52)}`,
      created: NOW - 100 + i, current: k === asking, prompt_tokens: 10 * i, completion_tokens: 100 * i, micro_cc: 202 * i,
      limit_micro_cc: k.limit })) }));
  }
  return new Response(JSON.stringify({ wallet: fixture.address, settled_micro_cc: 4_120, pending_micro_cc: 86, unpaid_micro_cc: 0,
    prompt_tokens: 112, completion_tokens: 1_990, last_batch: 7,
    key: { sha256_prefix: asking.id, prompt_tokens: 12, completion_tokens: 190, micro_cc: 404, limit_micro_cc: asking.limit } }),
  { status: 200 });
});

async function signedByTheWallet(body: Record<string, unknown>, message: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const expected = btoa(String.fromCharCode(...await sign(wallet.seed, message)));
  return body.wallet === fixture.address && body.signature === expected && body.expires === NOW + 60;
}

async function grant(body: Record<string, unknown>): Promise<Response> {
  const limit = body.limit_micro_cc as number;
  if (!await signedByTheWallet(body, keyGrantMessage(fixture.networkId, wallet.publicKey, BigInt(body.nonce as number),
    BigInt(body.expires as number), BigInt(limit)))) {
    return refused(401, 'bad_signature', 'not the wallet\'s signature');
  }
  const made = { id: `c0ffee${String(keys.length).padStart(6, '0')}`, key: `gm_made${keys.length}`, limit: limit > 0 ? limit : null };
  keys.push(made);
  return new Response(JSON.stringify({ key: made.key, wallet: fixture.address }), { status: 201 });
}

async function revoke(body: Record<string, unknown>): Promise<Response> {
  const id = body.key_id as string;
  if (!await signedByTheWallet(body, keyRevocationMessage(fixture.networkId, wallet.publicKey, id, BigInt(body.nonce as number),
    BigInt(body.expires as number)))) {
    return refused(401, 'bad_signature', 'not the wallet\'s signature');
  }
  keys = keys.filter((k) => k.id !== id);
  return new Response(JSON.stringify({ revoked: id, sha256: id, wallet: fixture.address }), { status: 200 });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(root: HTMLElement, selector: string): Promise<void> {
  for (let i = 0; i < 100 && !root.querySelector(selector); i++) {
    await pause(10);
  }
}

async function submitKey(root: HTMLElement, key: string): Promise<void> {
  const input = root.querySelector<HTMLInputElement>('#api-key')!;
  input.value = key;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await pause(0);
  root.querySelector('[data-testid="usage-form"]')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await until(root, '[data-testid="inference-usage"], [role="alert"]');
}

/** What pressing "Make an API key" does: the page is not attached to a document, so the form is submitted directly. */
function makeKey(root: HTMLElement): void {
  root.querySelector('form[aria-label="Make an API key"]')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

function button(root: HTMLElement, text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(text));
  if (!found) throw new Error(`no button "${text}" in ${root.innerHTML}`);
  return found;
}

beforeAll(async () => {
  vi.stubGlobal('fetch', fetches);
  wallet = await walletFromSeed(fromHex(fixture.seed));
});
afterAll(() => vi.unstubAllGlobals());
beforeEach(() => {
  keys = [{ id: '3f9a0c41b2d7', key: 'gm_good', limit: null }, { id: '77aa00bb11cc', key: 'gm_other', limit: 1_500_000 }];
  posted.length = 0;
});

describe('InferenceKeysPanel', () => {
  it('refuses a limit that is not an amount before signing anything', async () => {
    const root = document.createElement('div');
    render(<InferenceKeysPanel wallet={wallet} />, root);
    const limit = root.querySelector<HTMLInputElement>('#key-limit')!;
    limit.value = 'lots';
    limit.dispatchEvent(new Event('input', { bubbles: true }));
    await pause(0);
    makeKey(root);
    await until(root, '[role="alert"]');
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('not an amount');
    expect(posted).toHaveLength(0);
  });

  it('shows the key wallet\'s usage and its keys, asked with the key as a bearer token', async () => {
    const root = document.createElement('div');
    render(<InferenceKeysPanel wallet={null} />, root);
    await submitKey(root, 'gm_good');
    await until(root, '[data-testid="api-keys"]');
    expect(seen).toContainEqual({ url: '/v1/inference/usage', authorization: 'Bearer gm_good' });
    expect(seen).toContainEqual({ url: '/v1/api-keys', authorization: 'Bearer gm_good' });
    const text = root.querySelector('[data-testid="inference-usage"]')!.textContent;
    expect(text).toContain('0.00412 CC');
    expect(text).toContain('0.000086 CC');
    expect(text).toContain('112 in, 1990 out');
    expect(text).toContain('3f9a0c41b2d7… drew 0.000404 CC: 12 in, 190 out');
    const rows = [...root.querySelectorAll('[data-testid="api-keys"] tr')].map((row) => row.textContent);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('3f9a0c41b2d7… (this one)');
    expect(rows[0]).toContain('none');
    expect(rows[1]).toContain('10 in, 100 out');
    expect(rows[1]).toContain('1.5 CC');
    // Without the wallet's key in this browser, nothing can be revoked here.
    expect(rows[1]).toContain('the wallet revokes');
  });

  it('says why a key is refused', async () => {
    const root = document.createElement('div');
    render(<InferenceKeysPanel wallet={null} />, root);
    await submitKey(root, 'gm_wrong');
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('Incorrect API key');
    expect(root.querySelector('[data-testid="inference-usage"]')).toBeNull();
  });

  it('makes a key signed by the browser wallet, shows it once, and revokes another with the wallet\'s signature', async () => {
    const root = document.createElement('div');
    render(<InferenceKeysPanel wallet={wallet} />, root);
    const limit = root.querySelector<HTMLInputElement>('#key-limit')!;
    limit.value = '0.25';
    limit.dispatchEvent(new Event('input', { bubbles: true }));
    await pause(0);
    makeKey(root);
    await until(root, '[data-testid="api-keys"]');
    expect(root.querySelector('[data-testid="new-api-key"]')!.textContent).toContain('gm_made2');
    expect(posted[0]).toMatchObject({ url: '/v1/api-keys', body: { limit_micro_cc: 250_000 } });
    expect(root.querySelectorAll('[data-testid="api-keys"] tr')).toHaveLength(3);
    expect(root.querySelector('[data-testid="inference-usage"]')!.textContent).toContain('(limit 0.25 CC)');

    button(root, 'Revoke 77aa00bb11cc').click();
    await until(root, '[role="status"]');
    expect(posted[1]).toMatchObject({ url: '/v1/api-keys/revoke', body: { key_id: '77aa00bb11cc', wallet: fixture.address } });
    expect(root.querySelector('[role="status"]')!.textContent).toContain('77aa00bb11cc… is revoked');
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('[data-testid="api-keys"]')!.textContent).not.toContain('77aa00bb11cc');

    // Revoking the key the page asks with leaves nothing to show.
    button(root, 'Revoke c0ffee000002').click();
    for (let i = 0; i < 100 && root.querySelector('[data-testid="api-keys"]'); i++) {
      await pause(10);
    }
    expect(root.querySelector('[data-testid="api-keys"]')).toBeNull();
    expect(root.querySelector('[role="status"]')!.textContent).toContain('c0ffee000002… is revoked');
  });
});

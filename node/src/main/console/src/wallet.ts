// The browser wallet: an Ed25519 key made or imported here, kept in this browser's localStorage and
// never sent anywhere. Signing uses WebCrypto's Ed25519, which is deterministic (RFC 8032), so the
// same key and message give the CLI's signature byte for byte.
import { useEffect, useState } from 'preact/hooks';
import { getJson, postTx, type Account, type KeyStatementBody, type Ledger, type TxAccepted } from './api';
import { decodeBase58, encodeBase58 } from './base58';
import {
  base64, type Bytes, encodePayload, encodeSigned, fromHex, hex, keyGrantMessage, keyRevocationMessage, signingMessage, type Payload,
} from './codec';

export interface Wallet {
  seed: Bytes;
  publicKey: Bytes;
  address: string;
}

const STORAGE_KEY = 'gridmint.wallet.seed';
// A PKCS#8 Ed25519 private key is this fixed header followed by the 32-byte seed (RFC 8410).
const PKCS8_HEADER = fromHex('302e020100300506032b657004220420');

function concat(a: Bytes, b: Bytes): Bytes {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function privateKey(seed: Bytes, extractable: boolean): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', concat(PKCS8_HEADER, seed), { name: 'Ed25519' }, extractable, ['sign']);
}

export async function walletFromSeed(seed: Bytes): Promise<Wallet> {
  if (seed.length !== 32) {
    throw new Error(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  }
  // The public key is in the private key's JWK form ("x"); WebCrypto has no other way to derive it.
  const jwk = await crypto.subtle.exportKey('jwk', await privateKey(seed, true));
  const x = (jwk.x ?? '').replace(/-/g, '+').replace(/_/g, '/');
  const publicKey = Uint8Array.from(atob(x), (c) => c.charCodeAt(0));
  return { seed, publicKey, address: encodeBase58(publicKey) };
}

export async function generateWallet(): Promise<Wallet> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return walletFromSeed(pkcs8.slice(pkcs8.length - 32));
}

/**
 * Reads a secret key as people have it: the CLI's keypair file (KeypairFile: a JSON array of the
 * 64 Solana keypair bytes, seed then public key), those 64 bytes in base58 (as Solana wallets export
 * them), or the seed or the 64 bytes in hex. A 64-byte key whose public half does not match its seed is refused.
 */
export async function importWallet(text: string): Promise<Wallet> {
  const body = text.trim();
  let bytes: Bytes;
  if (body.startsWith('[')) {
    const numbers = JSON.parse(body) as unknown;
    if (!Array.isArray(numbers) || numbers.length !== 64
      || !numbers.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) {
      throw new Error('a keypair file is a JSON array of 64 numbers from 0 to 255');
    }
    bytes = Uint8Array.from(numbers as number[]);
  } else if (/^([0-9a-fA-F]{64}|[0-9a-fA-F]{128})$/.test(body)) {
    bytes = fromHex(body);
  } else {
    bytes = decodeBase58(body);
  }
  if (bytes.length !== 32 && bytes.length !== 64) {
    throw new Error(`a secret key is 32 or 64 bytes, this one is ${bytes.length}`);
  }
  const wallet = await walletFromSeed(bytes.slice(0, 32));
  if (bytes.length === 64 && hex(bytes.slice(32)) !== hex(wallet.publicKey)) {
    throw new Error('the public key in the keypair does not belong to its secret key');
  }
  return wallet;
}

/** The CLI's keypair file for this wallet, so that `gridmint --key` can use it. */
export function keypairFile(wallet: Wallet): string {
  return JSON.stringify(Array.from(concat(wallet.seed, wallet.publicKey)));
}

export async function sign(seed: Bytes, message: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, await privateKey(seed, false), message));
}

/** Signs a payload at the account's next nonce, as the coordinator sees it now, and posts it (as the CLI does). */
export async function signAndSubmit(wallet: Wallet, payload: Payload): Promise<TxAccepted> {
  const [ledger, account] = await Promise.all([
    getJson<Ledger>('/v1/ledger'),
    getJson<Account>(`/v1/accounts/${wallet.address}`),
  ]);
  const nonce = BigInt(account.nonce) + 1n;
  const body = encodePayload(payload);
  const signature = await sign(wallet.seed, signingMessage(ledger.networkId, wallet.publicKey, nonce, body));
  return postTx(base64(encodeSigned(ledger.networkId, wallet.publicKey, nonce, body, signature)));
}

/** What a wallet signs about its API keys: a grant for a new key (with its limit, 0n for none), or a revocation of one. */
export type KeyStatement = { grant: { limitMicroCc: bigint } } | { revoke: string };

/**
 * Signs a statement about the wallet's API keys, good once and for the next minute of ledger time, as
 * `gridmint infer key` and `infer revoke` do.
 */
export async function signKeyStatement(wallet: Wallet, statement: KeyStatement): Promise<KeyStatementBody> {
  const ledger = await getJson<Ledger>('/v1/ledger');
  const words = crypto.getRandomValues(new Uint32Array(2));
  // Under 2^53, so that JSON carries it exactly.
  const nonce = BigInt(words[0] & 0x1fffff) * 0x100000000n + BigInt(words[1]);
  const expires = BigInt(ledger.now) + 60n;
  const message = 'grant' in statement
    ? keyGrantMessage(ledger.networkId, wallet.publicKey, nonce, expires, statement.grant.limitMicroCc)
    : keyRevocationMessage(ledger.networkId, wallet.publicKey, statement.revoke, nonce, expires);
  const signature = base64(await sign(wallet.seed, message));
  const body: KeyStatementBody = { wallet: wallet.address, nonce: Number(nonce), expires: Number(expires), signature };
  return 'grant' in statement
    ? { ...body, limit_micro_cc: Number(statement.grant.limitMicroCc) }
    : { ...body, key_id: statement.revoke };
}

// The one wallet of this browser, shared by every view.
let current: Wallet | null = null;
const watchers = new Set<(wallet: Wallet | null) => void>();

export async function loadStoredWallet(): Promise<void> {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored) {
    setWallet(await walletFromSeed(fromHex(stored)));
  }
}

export function setWallet(wallet: Wallet | null): void {
  if (wallet) {
    localStorage.setItem(STORAGE_KEY, hex(wallet.seed));
  } else {
    localStorage.removeItem(STORAGE_KEY);
  }
  current = wallet;
  watchers.forEach((watch) => watch(wallet));
}

export function useWallet(): Wallet | null {
  const [wallet, set] = useState(current);
  useEffect(() => {
    watchers.add(set);
    set(current);
    return () => void watchers.delete(set);
  }, []);
  return wallet;
}

import { describe, expect, it } from 'vitest';
import {
  encodePayload, encodeSigned, fromHex, hex, keyGrantMessage, keyRevocationMessage, signingMessage, worstCaseCost, type JobOrder,
  type Payload,
} from '../src/codec';
import { encodeBase58 } from '../src/base58';
import { importWallet, keypairFile, sign, walletFromSeed } from '../src/wallet';
import fixture from './tx-vectors.json';

// tx-vectors.json is written by node's ConsoleTxVectorsTest from the Java codec the CLI signs with.
type Vector = (typeof fixture.vectors)[number];

function payloadOf(vector: Vector): Payload {
  const fields = vector.fields as Record<string, unknown>;
  switch (vector.name) {
    case 'top-up-escrow':
      return { type: 'TopUpEscrow', jobId: fields.jobId as string, credits: BigInt(fields.credits as number) };
    case 'cancel-job':
      return { type: 'CancelJob', jobId: fields.jobId as string };
    default: {
      const order = fields as unknown as JobOrder;
      return { type: 'SubmitJob', order, escrow: worstCaseCost(order) };
    }
  }
}

describe('the console encodes and signs exactly what the CLI does', () => {
  for (const vector of fixture.vectors) {
    it(vector.name, async () => {
      const wallet = await walletFromSeed(fromHex(fixture.seed));
      expect(wallet.address).toBe(fixture.address);
      const payload = payloadOf(vector);
      if (payload.type === 'SubmitJob') {
        expect(payload.escrow).toBe(BigInt((vector.fields as { escrow: number }).escrow));
      }
      const body = encodePayload(payload);
      const message = signingMessage(fixture.networkId, wallet.publicKey, BigInt(vector.nonce), body);
      expect(hex(message)).toBe(vector.signingMessage);
      const signature = await sign(wallet.seed, message);
      expect(hex(signature)).toBe(vector.signature);
      const tx = encodeSigned(fixture.networkId, wallet.publicKey, BigInt(vector.nonce), body, signature);
      expect(hex(tx)).toBe(vector.tx);
      const txHash = new Uint8Array(await crypto.subtle.digest('SHA-256', tx));
      expect(hex(txHash)).toBe(vector.txHash);
    });
  }

  it('sorts and dedupes requirement lists as JobRequirements does', () => {
    const order: JobOrder = { workload: 'w', args: [], devices: 1, maxSeconds: 60, maxPricePerDeviceHour: 1,
      gpuModels: ['b', 'a', 'b'], minVramGb: 0, regions: [], deniedRegions: [], spot: false, auctionSeconds: 0 };
    const sorted = { ...order, gpuModels: ['a', 'b'] };
    expect(hex(encodePayload({ type: 'SubmitJob', order, escrow: 1n })))
      .toBe(hex(encodePayload({ type: 'SubmitJob', order: sorted, escrow: 1n })));
  });
});

describe('the console signs API key statements exactly as the gateway checks them', () => {
  it('a grant for a new key', async () => {
    const wallet = await walletFromSeed(fromHex(fixture.seed));
    const { grant } = fixture.keyStatements;
    const message = keyGrantMessage(fixture.networkId, wallet.publicKey, BigInt(grant.nonce), BigInt(grant.expires),
      BigInt(grant.limitMicroCc));
    expect(hex(message)).toBe(grant.message);
    expect(hex(await sign(wallet.seed, message))).toBe(grant.signature);
  });

  it('a revocation of one key', async () => {
    const wallet = await walletFromSeed(fromHex(fixture.seed));
    const { revocation } = fixture.keyStatements;
    const message = keyRevocationMessage(fixture.networkId, wallet.publicKey, revocation.keyId, BigInt(revocation.nonce),
      BigInt(revocation.expires));
    expect(hex(message)).toBe(revocation.message);
    expect(hex(await sign(wallet.seed, message))).toBe(revocation.signature);
  });
});

describe('importing a key', () => {
  it('reads the CLI keypair file, base58 and hex, and round-trips the file', async () => {
    const wallet = await walletFromSeed(fromHex(fixture.seed));
    const file = keypairFile(wallet);
    expect((await importWallet(file)).address).toBe(fixture.address);
    expect((await importWallet(fixture.seed)).address).toBe(fixture.address);
    const solanaBytes = Uint8Array.from(JSON.parse(file) as number[]);
    expect((await importWallet(encodeBase58(solanaBytes))).address).toBe(fixture.address);
  });

  it('refuses a keypair whose public half is not its seed', async () => {
    const bytes = JSON.parse(keypairFile(await walletFromSeed(fromHex(fixture.seed)))) as number[];
    bytes[40] ^= 1;
    await expect(importWallet(JSON.stringify(bytes))).rejects.toThrow('does not belong');
  });
});

import { describe, expect, it } from 'vitest';
import { base64url, portAccessMessage } from '../src/codec';
import { sign, walletFromSeed } from '../src/wallet';

// Written by node's PortAccess.sign with the seed 1..32, job sha256([1]), port 8080, expiry 1,000,000.
const JAVA_PASS = '9C6hybhQ6Aycep9jaUnP6uL9ZYvDjUp1aSkFWPUFJtpj.1000000.'
  + 'UolTxgNLHtjofDk3SFQrzyI03ijfmB561pXvpeGv46sulf-VSG3DtjZY8NrtVu_TWt56rkL4AkhZMUB0H3m-AQ';
const JOB = '4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a';

describe('port passes', () => {
  it('signs the bytes the coordinator checks, byte for byte as the CLI does', async () => {
    const wallet = await walletFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i + 1));
    const signature = await sign(wallet.seed, portAccessMessage('gridmint-devnet', JOB, 8080, 1_000_000n));
    expect(`${wallet.address}.1000000.${base64url(signature)}`).toBe(JAVA_PASS);
  });

  it('binds the port and the expiry', () => {
    const base = portAccessMessage('gridmint-devnet', JOB, 8080, 1_000_000n);
    expect(portAccessMessage('gridmint-devnet', JOB, 8081, 1_000_000n)).not.toEqual(base);
    expect(portAccessMessage('gridmint-devnet', JOB, 8080, 1_000_001n)).not.toEqual(base);
  });
});

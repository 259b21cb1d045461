import { describe, expect, it } from 'vitest';
import type { Offer } from '../src/api';
import { decodeBase58, encodeBase58 } from '../src/base58';
import { fromHex, hex } from '../src/codec';
import { micro, parseMicro } from '../src/format';
import { capacityByModel } from '../src/pages/Network';

describe('amounts', () => {
  it('shows micro units exactly, without trailing zeros', () => {
    expect(micro(1_500_000, 'CC')).toBe('1.5 CC');
    expect(micro(1_234_567_000_001n, 'GRID')).toBe('1,234,567.000001 GRID');
    expect(micro(-51, 'CC')).toBe('-0.000051 CC');
    expect(micro(0, 'GRID')).toBe('0 GRID');
  });

  it('parses what people type into micro units, refusing more than six decimals', () => {
    expect(parseMicro('2.0')).toBe(2_000_000n);
    expect(parseMicro(' 0.000001 ')).toBe(1n);
    expect(parseMicro('12')).toBe(12_000_000n);
    expect(() => parseMicro('0.0000001')).toThrow();
    expect(() => parseMicro('-1')).toThrow();
  });
});

describe('base58', () => {
  it('round-trips, leading zero bytes included', () => {
    const bytes = fromHex('0000ff01020304');
    expect(encodeBase58(bytes)).toMatch(/^11/);
    expect(hex(decodeBase58(encodeBase58(bytes)))).toBe('0000ff01020304');
    expect(() => decodeBase58('0OIl')).toThrow('not a base58 character');
  });
});

describe('capacity by model', () => {
  const offer = (provider: string, model: string, devices: number, free: number, price: number, listed = true): Offer => ({
    provider, offerId: 1, model, deviceModel: model, devices, freeDevices: free, pricePerDeviceHour: price, region: 'eu-west',
    reputation: 500, online: listed, active: true, listed, downMbps: 0, upMbps: 0, diskFreeGb: 0,
  });

  it('adds devices and free devices per model, and takes the cheapest listed price', () => {
    const capacity = capacityByModel([
      offer('a', 'H100-80GB', 8, 2, 2_500_000), offer('b', 'H100-80GB', 4, 4, 2_100_000),
      offer('c', 'CPU', 1, 0, 900_000, false), offer('d', 'H100-80GB', 8, 0, 1_000_000, false),
    ]);
    expect(capacity).toEqual([
      { model: 'CPU', providers: 1, devices: 1, free: 0, cheapest: Number.POSITIVE_INFINITY },
      { model: 'H100-80GB', providers: 3, devices: 20, free: 6, cheapest: 2_100_000 },
    ]);
  });
});

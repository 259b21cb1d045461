// The canonical transaction encoding of core's TxCodec and ByteWriter, for the few transactions the
// console signs. Big-endian integers, 4-byte length prefixes, UTF-8 text: the bytes must equal the
// Java codec's exactly, which test/codec.test.ts checks against vectors the Java side writes.

/** Bytes over a plain ArrayBuffer, the kind WebCrypto takes. */
export type Bytes = Uint8Array<ArrayBuffer>;

const MAGIC = 0x474d5458; // "GMTX"
const VERSION = 1;
const DOMAIN = new TextEncoder().encode('gridmint/tx/v1');

/** Type tags of core's TxCodec: part of the log format, never renumbered. */
const Tag = { SUBMIT_JOB: 4, CANCEL_JOB: 10, TOP_UP_ESCROW: 22, SUBMIT_JOB_WITH_REQUIREMENTS: 29 } as const;

export interface JobOrder {
  workload: string;
  args: string[];
  devices: number;
  maxSeconds: number;
  /** micro-CC per device-hour */
  maxPricePerDeviceHour: number;
  gpuModels: string[];
  minVramGb: number;
  regions: string[];
  deniedRegions: string[];
  spot: boolean;
  auctionSeconds: number;
}

export type Payload =
  | { type: 'SubmitJob'; order: JobOrder; escrow: bigint }
  | { type: 'TopUpEscrow'; jobId: string; credits: bigint }
  | { type: 'CancelJob'; jobId: string };

class ByteWriter {
  private buffer = new Uint8Array(256);
  private size = 0;

  u8(value: number): this {
    this.ensure(1);
    this.buffer[this.size++] = value;
    return this;
  }

  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  i32(value: number): this {
    this.ensure(4);
    new DataView(this.buffer.buffer).setInt32(this.size, value);
    this.size += 4;
    return this;
  }

  i64(value: bigint): this {
    this.ensure(8);
    new DataView(this.buffer.buffer).setBigInt64(this.size, value);
    this.size += 8;
    return this;
  }

  bytes(value: Bytes): this {
    return this.i32(value.length).fixed(value);
  }

  fixed(value: Bytes): this {
    this.ensure(value.length);
    this.buffer.set(value, this.size);
    this.size += value.length;
    return this;
  }

  text(value: string): this {
    return this.bytes(new TextEncoder().encode(value));
  }

  toBytes(): Bytes {
    return this.buffer.slice(0, this.size);
  }

  private ensure(more: number): void {
    if (this.buffer.length - this.size < more) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.size + more));
      grown.set(this.buffer.subarray(0, this.size));
      this.buffer = grown;
    }
  }
}

const PORT_ACCESS_DOMAIN = new TextEncoder().encode('gridmint/port-access/v1');

/** What a tenant signs to reach one port of one job until {@code expires} (node's PortAccess). */
export function portAccessMessage(networkId: string, jobId: string, port: number, expires: bigint): Bytes {
  return new ByteWriter().fixed(PORT_ACCESS_DOMAIN).text(networkId).fixed(hashBytes(jobId)).i32(port).i64(expires).toBytes();
}

const KEY_GRANT_DOMAIN = new TextEncoder().encode('gridmint/api-key/v1');
const KEY_REVOCATION_DOMAIN = new TextEncoder().encode('gridmint/api-key-revoke/v1');

/**
 * What a wallet signs to be given a new API key, once (nonce) and until expires, that may draw at most limitMicroCc
 * (0: no limit of its own) (node's KeyGrant).
 */
export function keyGrantMessage(networkId: string, wallet: Bytes, nonce: bigint, expires: bigint, limitMicroCc: bigint): Bytes {
  return new ByteWriter().fixed(KEY_GRANT_DOMAIN).text(networkId).fixed(wallet).i64(nonce).i64(expires).i64(limitMicroCc).toBytes();
}

/** What a wallet signs to revoke its API key `keyId` (node's KeyRevocation). */
export function keyRevocationMessage(networkId: string, wallet: Bytes, keyId: string, nonce: bigint, expires: bigint): Bytes {
  return new ByteWriter().fixed(KEY_REVOCATION_DOMAIN).text(networkId).fixed(wallet).text(keyId).i64(nonce).i64(expires).toBytes();
}

/** Base64url without padding, as a pass in a URL carries its signature. */
export function base64url(bytes: Bytes): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** JobRequirements keeps each list sorted and without repeats (a Java TreeSet of strings: UTF-16 order). */
function sortedLabels(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function hasRequirements(order: JobOrder): boolean {
  return order.gpuModels.length > 0 || order.minVramGb > 0 || order.regions.length > 0
    || order.deniedRegions.length > 0 || order.spot || order.auctionSeconds > 0;
}

function texts(out: ByteWriter, values: string[]): void {
  out.i32(values.length);
  values.forEach((value) => out.text(value));
}

export function encodePayload(payload: Payload): Bytes {
  const out = new ByteWriter();
  switch (payload.type) {
    case 'SubmitJob': {
      const order = payload.order;
      // A job with requirements takes its own tag; one without encodes as before requirements existed.
      const withRequirements = hasRequirements(order);
      out.u8(withRequirements ? Tag.SUBMIT_JOB_WITH_REQUIREMENTS : Tag.SUBMIT_JOB);
      out.text(order.workload);
      texts(out, order.args);
      out.i32(order.devices).i64(BigInt(order.maxSeconds)).i64(BigInt(order.maxPricePerDeviceHour));
      if (withRequirements) {
        texts(out, sortedLabels(order.gpuModels));
        out.i32(order.minVramGb);
        texts(out, sortedLabels(order.regions));
        texts(out, sortedLabels(order.deniedRegions));
        out.bool(order.spot).i32(order.auctionSeconds);
      }
      out.i64(payload.escrow);
      break;
    }
    case 'TopUpEscrow':
      out.u8(Tag.TOP_UP_ESCROW).fixed(hashBytes(payload.jobId)).i64(payload.credits);
      break;
    case 'CancelJob':
      out.u8(Tag.CANCEL_JOB).fixed(hashBytes(payload.jobId));
      break;
  }
  return out.toBytes();
}

/** What the signature covers: domain tag, network id, signer, nonce and the payload (SignedTx.signingBytes). */
export function signingMessage(networkId: string, signer: Bytes, nonce: bigint, payload: Bytes): Bytes {
  return new ByteWriter().fixed(DOMAIN).text(networkId).fixed(signer).i64(nonce).bytes(payload).toBytes();
}

/** The full wire form that POST /v1/tx takes (TxCodec.encode). */
export function encodeSigned(networkId: string, signer: Bytes, nonce: bigint, payload: Bytes,
  signature: Bytes): Bytes {
  return new ByteWriter().i32(MAGIC).u8(VERSION).text(networkId).fixed(signer).i64(nonce).bytes(payload)
    .fixed(signature).toBytes();
}

/** The escrow 'gridmint job submit' locks: the worst case, price × devices × time, rounded up (Pricing.charge). */
export function worstCaseCost(order: JobOrder): bigint {
  const numerator = BigInt(order.maxPricePerDeviceHour) * BigInt(order.devices) * BigInt(order.maxSeconds) * 1000n;
  const hour = 3_600_000n;
  return (numerator + hour - 1n) / hour;
}

export function hex(bytes: Bytes): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(text: string): Bytes {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) {
    throw new Error('not hex');
  }
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function hashBytes(jobId: string): Bytes {
  if (!/^[0-9a-f]{64}$/.test(jobId)) {
    throw new Error('a job id is 64 lowercase hex characters');
  }
  return fromHex(jobId);
}

export function base64(bytes: Bytes): string {
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary);
}

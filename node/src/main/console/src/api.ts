// The coordinator's REST API (docs/api.md), read from the same origin that serves the console.
// Amounts are integers: micro-GRID, or micro-CC for credits, escrows and prices per device-hour.

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  if (response.ok) {
    return (await response.json()) as T;
  }
  let code = `HTTP_${response.status}`;
  let message = response.statusText || 'request failed';
  try {
    const body = (await response.json()) as { code?: string; message?: string };
    code = body.code ?? code;
    message = body.message ?? message;
  } catch {
    // Not one of the API's JSON errors (a proxy's page, say): the status line says enough.
  }
  throw new ApiError(response.status, code, message);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(path, { signal, headers: { accept: 'application/json' } }));
}

export async function postTx(tx: string): Promise<TxAccepted> {
  return answer<TxAccepted>(await fetch('/v1/tx', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tx }),
  }));
}

export interface TxAccepted { txHash: string; height: number; stateRoot: string }

/** A wallet's use of the inference gateway (GET /v1/inference/usage), in micro-CC; the key authenticates it. */
export interface InferenceUsage {
  wallet: string;
  settled_micro_cc: number;
  pending_micro_cc: number;
  unpaid_micro_cc: number;
  prompt_tokens: number;
  completion_tokens: number;
  last_batch: number;
  /** What the asking key itself drew, settled or not (a wallet pays for all its keys). */
  key: { sha256_prefix: string; prompt_tokens: number; completion_tokens: number; micro_cc: number; limit_micro_cc: number | null };
}

/** GET /v1/inference/routes: each model the gateway serves now, its price, and its routes in the order they are tried. */
export interface InferenceRoute {
  job: string; provider: string; price_per_device_hour: number; reputation: number;
  /** The router's moving average of time to first byte, and the p95 of whole answers; null until measured. */
  first_byte_ms: number | null; in_flight: number; answer_p95_ms: number | null;
}
/** What a served model answers: chat and text completions, or embeddings. */
export type ModelKind = 'chat' | 'embedding';
export interface ServedModel { model: string; kind: ModelKind; price_per_1k_tokens_micro_cc: number; routes: InferenceRoute[] }
export interface InferenceRoutes { models: ServedModel[] }

/** One of a wallet's live API keys (GET /v1/api-keys): never the key itself, only its hash and what it drew. */
export interface ApiKeyView {
  id: string; sha256: string; created: number; current: boolean;
  prompt_tokens: number; completion_tokens: number; micro_cc: number;
  /** The most the key may ever draw; null: only the wallet's credits bound it. */
  limit_micro_cc: number | null;
}
export interface ApiKeyList { wallet: string; data: ApiKeyView[] }

/** A wallet's signed statement about its keys: a grant (POST /v1/api-keys) or a revocation (POST /v1/api-keys/revoke). */
export interface KeyStatementBody {
  wallet: string; key_id?: string; limit_micro_cc?: number; nonce: number; expires: number; signature: string;
}

/** The gateway answers errors in OpenAI's shape, {"error":{"message","code"}}. */
export async function gatewayFetch(path: string, init: RequestInit): Promise<Response> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', 'content-type': 'application/json', ...init.headers } });
  if (response.ok) {
    return response;
  }
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  throw new ApiError(response.status, body.error?.code ?? `HTTP_${response.status}`, body.error?.message ?? 'request failed');
}

async function gateway<T>(path: string, init: RequestInit): Promise<T> {
  return (await (await gatewayFetch(path, init)).json()) as T;
}

export function getInferenceUsage(apiKey: string): Promise<InferenceUsage> {
  return gateway('/v1/inference/usage', { headers: { authorization: `Bearer ${apiKey}` } });
}

export function listApiKeys(apiKey: string): Promise<ApiKeyList> {
  return gateway('/v1/api-keys', { headers: { authorization: `Bearer ${apiKey}` } });
}

export function createApiKey(grant: KeyStatementBody): Promise<{ key: string; wallet: string }> {
  return gateway('/v1/api-keys', { method: 'POST', body: JSON.stringify(grant) });
}

export function revokeApiKey(revocation: KeyStatementBody): Promise<{ revoked: string; sha256: string; wallet: string }> {
  return gateway('/v1/api-keys/revoke', { method: 'POST', body: JSON.stringify(revocation) });
}

export interface Provider {
  address: string; deviceClass: string; deviceModel: string; deviceCount: number; deviceMemoryMb: number;
  region: string; pricePerDeviceHour: number; bonded: number; requiredStake: number; active: boolean;
  lastEpochReward: number; online: boolean; runningJob: string | null;
  /** What the agent last measured and signed: its link to the coordinator (Mbit/s) and its job-data disk (GiB); 0 = not measured. */
  downMbps: number; upMbps: number; diskFreeGb: number; diskTotalGb: number;
}

export interface Offer {
  provider: string; offerId: number; model: string; deviceModel: string; devices: number; freeDevices: number;
  pricePerDeviceHour: number; region: string; reputation: number; online: boolean; active: boolean; listed: boolean;
  downMbps: number; upMbps: number; diskFreeGb: number;
}

export interface Order {
  orderId: number; jobId: string; tenant: string; status: 'OPEN' | 'AUCTION' | 'RECLAIMING' | 'MATCHED';
  devices: number; maxPricePerDeviceHour: number; termSeconds: number; tier: string; gpu: string;
  regions: string[]; deniedRegions: string[]; provider: string | null; pricePerDeviceHour: number | null;
  start: number | null; end: number | null;
  /** Nodes of the job; member: which seat of a gang this lease holds (null for an order, or a plain job). */
  nodes: number; member: number | null;
}

export interface Bid { provider: string; offerId: number; pricePerDeviceHour: number; at: number; auto: boolean }
export interface Auction { jobId: string; orderId: number; openedAt: number; closesAt: number; bids: Bid[] }

export interface PricePoint { periodStart: number; periodEnd: number; median: number; matches: number }
export interface PriceIndex { model: string; median: number; periodSeconds: number; history: PricePoint[] }

export interface LossPoint { step: number; trainLoss: number; valLoss: number }
export interface Telemetry {
  attempt: number; provider: string; step: number; totalSteps: number; curve: LossPoint[];
  outcome: { modelSha256: string; modelBytes: number; finalTrainLoss: number; finalValLoss: number; samples: string[] } | null;
}

/** One node of a multi-node job (a gang); its lease is null while the seat waits for a provider. */
export interface Member {
  index: number; state: 'VACANT' | 'RUNNING' | 'DONE'; leases: number;
  lease: { provider: string; attempt: number; pricePerDeviceHour: number; billed: number } | null;
  usageMillis: number; resultHash: string | null;
}

export interface Job {
  id: string; tenant: string; status: 'QUEUED' | 'LEASED' | 'COMPLETED' | 'SETTLED' | 'CANCELLED' | 'FAILED' | 'OVERDRAWN';
  workload: string; args: string[]; devices: number; maxSeconds: number; maxPricePerDeviceHour: number;
  escrow: number; deposited: number; charged: number; attempts: number;
  lease: { provider: string; attempt: number; pricePerDeviceHour: number; assignedAtHeight: number; startedAt: number;
    settledAt: number; billed: number } | null;
  usageMillis: number; resultHash: string | null;
  settlement: { charged: number; providerPaid: number; fee: number; refunded: number; unsettled: number } | null;
  submittedAtHeight: number; telemetry: Telemetry | null;
  /** 1 for a plain job; more for a gang, whose nodes are in members (it has no lease of its own). */
  nodes: number; members: Member[];
}

export interface Supply {
  maxSupply: number; minted: number; burned: number; outstanding: number; circulating: number; staked: number;
  vault: number; rewardPool: number; vestingLocked: number; creditsOutstanding: number; creditsEscrowed: number;
  price: number; collateralRatioBps: number; breaker: string;
}

export interface Ledger {
  networkId: string; height: number; stateRoot: string; now: number; epoch: number; epochEndsAt: number;
  treasury: string; coordinator: string; supply: Supply;
}

export interface LogEntry { height: number; txHash: string; type: string; signer: string; nonce: number; stateRoot: string }

export interface Account {
  address: string; balance: number; credits: number; nonce: number; provider: boolean; providerStake: number;
  requiredStake: number; providerActive: boolean; unclaimedRewards: number; delegated: number; unbonding: number;
  vesting: number; checker: boolean;
}

/** GET /v1/verification, the verification layer's report (built alongside the console). */
export type VerdictKind = 'CHALLENGE' | 'SPOT_CHECK' | 'CAPACITY' | 'LIVENESS';
export interface Verification {
  epoch: number;
  epoch_seed: string;
  verdicts: { round: number; checker: string; provider: string; kind: VerdictKind; score: number; evidence: string }[];
  outcomes: { epoch: number; provider: string; kind: VerdictKind; consensus: number; slashed: number }[];
  checkers: { operator: string; delegated: number; verdicts: number; outvoted: number }[];
  /** Provider keys that look like one operator: a shared GPU UUID, or two soft signals (fingerprint, origin, timing). */
  sybils: { identities: string[]; evidence: { kind: SybilEvidence; detail: string }[] }[];
  /** The gateway's latest inference spot checks (full evidence at /v1/verification/evidence). */
  spot_checks: SpotCheck[];
}
export type SpotCheckOutcome = 'MATCH' | 'ORIGINAL_AT_FAULT' | 'RERUN_AT_FAULT' | 'INCONCLUSIVE';
export interface SpotCheck {
  /** streamed: the client's answer was streamed, and its text put together from the relayed events. */
  seq: number; at: number; model: string; streamed: boolean; outcome: SpotCheckOutcome;
  original: string; rerun: string; referee: string | null; evidence: string;
}
export type SybilEvidence = 'gpu_uuid' | 'fingerprint' | 'same_ip' | 'same_subnet' | 'correlated_timing';

/** GET /v1/jobs/{id}/artifacts: a job's stored files, by content hash (docs/artifacts.md). */
export interface ArtifactFiling { uploader: string; jobId: string | null; kind: string; name: string; createdAt: number }
export interface Artifact { sha256: string; size: number; url: string; ledgerResult: boolean; filings: ArtifactFiling[] }
export interface JobArtifacts { jobId: string; artifacts: Artifact[] }

/** One line of a job's log (docs/logs.md), as the `line` events of /v1/jobs/{id}/logs/stream carry it. */
export interface LogLine { index: number; attempt: number; seq: number; stream: 'stdout' | 'stderr' | 'system'; text: string; at: number }

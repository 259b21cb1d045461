// One EventSource for the whole app on the coordinator's /v1/events stream; every view subscribes to it
// instead of opening its own connection or polling.

export interface LedgerEvent {
  type: string;
  data: Record<string, unknown>;
}

export type Listener = (event: LedgerEvent) => void;
export type Connection = 'connecting' | 'live' | 'reconnecting';

const TYPES = ['tx', 'progress', 'result', 'provider'];
const listeners = new Set<Listener>();
const statusListeners = new Set<(status: Connection) => void>();
let source: EventSource | null = null;
let status: Connection = 'connecting';

function setStatus(next: Connection): void {
  status = next;
  statusListeners.forEach((listener) => listener(next));
}

function open(): void {
  if (source || typeof EventSource === 'undefined') {
    return;
  }
  source = new EventSource('/v1/events');
  source.onopen = () => setStatus('live');
  // EventSource reconnects by itself; the header shows that it is trying.
  source.onerror = () => setStatus('reconnecting');
  for (const type of TYPES) {
    source.addEventListener(type, (message) => {
      const data = JSON.parse((message as MessageEvent<string>).data) as Record<string, unknown>;
      listeners.forEach((listener) => listener({ type, data }));
    });
  }
}

export function subscribe(listener: Listener): () => void {
  open();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onConnection(listener: (status: Connection) => void): () => void {
  open();
  statusListeners.add(listener);
  listener(status);
  return () => statusListeners.delete(listener);
}

/** Matches ledger transactions of the given types ('tx' events carry the payload's type). */
export function txOf(...types: string[]): (event: LedgerEvent) => boolean {
  return (event) => event.type === 'tx' && types.includes(String(event.data.type));
}

/** Every ledger transaction but the coordinator's clock ticks, which only move time. */
export function anyTxButTicks(event: LedgerEvent): boolean {
  return event.type === 'tx' && event.data.type !== 'Tick';
}

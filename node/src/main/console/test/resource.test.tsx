import { render } from 'preact';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { txOf } from '../src/events';
import { useResource } from '../src/resource';

// A stand-in for the browser's EventSource that the test feeds by hand.
class FakeEventSource {
  static last: FakeEventSource;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly handlers = new Map<string, ((message: { data: string }) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }

  addEventListener(type: string, handler: (message: { data: string }) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  emit(type: string, data: object): void {
    this.handlers.get(type)?.forEach((handler) => handler({ data: JSON.stringify(data) }));
  }
}

const fetches = vi.fn(async () => new Response(JSON.stringify({ ok: true }), { status: 200 }));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function Probe() {
  const jobs = useResource<{ ok: boolean }>('/v1/jobs', txOf('SubmitJob'), 50);
  return <p>{jobs.data ? 'loaded' : 'loading'}</p>;
}

beforeAll(() => {
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('fetch', fetches);
});
afterAll(() => vi.unstubAllGlobals());

describe('useResource', () => {
  it('refetches once for a burst of the events that concern it, and never for the others', async () => {
    const root = document.createElement('div');
    render(<Probe />, root);
    await vi.waitFor(() => expect(fetches).toHaveBeenCalledTimes(1));
    expect(FakeEventSource.last.url).toBe('/v1/events');

    for (let i = 0; i < 20; i++) FakeEventSource.last.emit('tx', { type: 'Tick', height: i });
    await pause(100);
    expect(fetches).toHaveBeenCalledTimes(1);

    // The burst is emitted synchronously, so the 50 ms debounce cannot fire inside it; waiting on the
    // outcome rather than a fixed pause keeps the test true on a loaded machine.
    for (let i = 0; i < 20; i++) FakeEventSource.last.emit('tx', { type: 'SubmitJob', height: 100 + i });
    await vi.waitFor(() => expect(fetches).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(root.textContent).toBe('loaded'));
    await pause(100);
    expect(fetches).toHaveBeenCalledTimes(2);
    render(null, root);
  });
});

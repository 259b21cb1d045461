import { render } from 'preact';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JobArtifactList, JobLogView } from '../src/pages/JobOutputs';

// A stand-in for the browser's EventSource that the test feeds by hand; it remembers every stream opened.
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private readonly handlers = new Map<string, ((message: { data: string }) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }

  addEventListener(type: string, handler: (message: { data: string }) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  emit(type: string, data: object): void {
    this.handlers.get(type)?.forEach((handler) => handler({ data: JSON.stringify(data) }));
  }

  close(): void {
    this.closed = true;
  }
}

const JOB = 'ab'.repeat(32);
const SHA = 'cd'.repeat(32);
const line = (index: number, stream: string, text: string) => ({ index, attempt: 1, seq: index + 1, stream, text, at: 0 });

beforeAll(() => {
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('fetch', vi.fn(async (path: string) => new Response(JSON.stringify(path.endsWith('/artifacts')
    ? { jobId: JOB, artifacts: [{ sha256: SHA, size: 63117, url: `/v1/artifacts/${SHA}`, ledgerResult: true,
      filings: [{ uploader: 'p1', jobId: JOB, kind: 'output', name: 'model.bin', createdAt: 1 }] }] }
    : {}), { status: 200 })));
});
afterAll(() => vi.unstubAllGlobals());

describe('the job page outputs', () => {
  it('lists artifacts with a download link to their content-addressed URL', async () => {
    const root = document.createElement('div');
    render(<JobArtifactList jobId={JOB} />, root);
    await vi.waitFor(() => expect(root.querySelector('a')).not.toBeNull());
    const link = root.querySelector('a');
    expect(link?.getAttribute('href')).toBe(`/v1/artifacts/${SHA}`);
    expect(link?.getAttribute('download')).toBe('model.bin');
    expect(root.textContent).toContain('ledger result');
    expect(root.textContent).toContain('63,117 bytes');
    render(null, root);
  });

  it('shows the log live from its own stream and closes it at the end event', async () => {
    const root = document.createElement('div');
    render(<JobLogView jobId={JOB} />, root);
    const source = await vi.waitFor(() => {
      const opened = FakeEventSource.opened.find((s) => s.url === `/v1/jobs/${JOB}/logs/stream`);
      expect(opened).toBeDefined();
      return opened!;
    });
    await vi.waitFor(() => expect(root.textContent).toContain('No log lines yet.'));

    source.emit('line', line(0, 'stdout', '{"event":"progress","step":50}'));
    source.emit('line', line(1, 'stderr', 'train-names: done'));
    await vi.waitFor(() => expect(root.querySelector('pre.log')?.textContent)
      .toBe('{"event":"progress","step":50}\n[stderr] train-names: done\n'));
    await vi.waitFor(() => expect(root.textContent).toContain('Live.'));

    source.emit('end', { jobId: JOB, dropped: 3 });
    await vi.waitFor(() => expect(source.closed).toBe(true));
    await vi.waitFor(() => expect(root.textContent).toContain('Job ended; 2 lines, 3 dropped'));
    render(null, root);
  });
});

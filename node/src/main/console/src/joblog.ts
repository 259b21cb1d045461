import { useEffect, useState } from 'preact/hooks';
import type { LogLine } from './api';

/** The most lines the page holds; older ones scroll out (the CLI and the API page through all of them). */
export const MAX_LINES = 2000;

export interface JobLog {
  lines: LogLine[];
  ended: boolean;
  dropped: number;
  error: boolean;
}

/**
 * Follows a job's log over its own event stream: the history, then live lines, until the `end`
 * event. The browser's EventSource resumes after a drop with Last-Event-ID, which the coordinator
 * answers from the next line, so nothing shows twice.
 */
export function useJobLog(jobId: string): JobLog {
  const [log, setLog] = useState<JobLog>({ lines: [], ended: false, dropped: 0, error: false });
  useEffect(() => {
    setLog({ lines: [], ended: false, dropped: 0, error: false });
    if (typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(`/v1/jobs/${jobId}/logs/stream`);
    source.addEventListener('line', (message) => {
      const line = JSON.parse((message as MessageEvent<string>).data) as LogLine;
      setLog((old) => ({ ...old, error: false, lines: [...old.lines, line].slice(-MAX_LINES) }));
    });
    source.addEventListener('end', (message) => {
      const end = JSON.parse((message as MessageEvent<string>).data) as { dropped: number };
      setLog((old) => ({ ...old, ended: true, dropped: end.dropped }));
      source.close();
    });
    source.onerror = () => setLog((old) => (old.ended ? old : { ...old, error: true }));
    return () => source.close();
  }, [jobId]);
  return log;
}

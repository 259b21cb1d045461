import type { JobArtifacts } from '../api';
import { Empty, Loaded, TableBox } from '../components/Status';
import type { LedgerEvent } from '../events';
import { short } from '../format';
import { useJobLog } from '../joblog';
import { useResource } from '../resource';

// A provider files its output just before it signs the result into the ledger.
const affectsArtifacts = (jobId: string) => (event: LedgerEvent) =>
  (event.type === 'result' && event.data.jobId === jobId) || (event.type === 'tx' && event.data.jobId === jobId
    && event.data.type === 'CompleteJob');

export function JobArtifactList({ jobId }: { jobId: string }) {
  const listing = useResource<JobArtifacts>(`/v1/jobs/${jobId}/artifacts`, affectsArtifacts(jobId));
  return (
    <Loaded resource={listing} what="artifacts" isEmpty={(l) => l.artifacts.length === 0} empty="No artifacts yet.">
      {(l) => (
        <TableBox label="Artifacts">
          <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Size</th><th scope="col">SHA-256</th></tr></thead>
          <tbody>
            {l.artifacts.flatMap((a) => a.filings.map((f) => (
              <tr key={`${a.sha256}-${f.name}-${f.uploader}`}>
                <th scope="row"><a href={a.url} download={f.name}>{f.name}</a></th>
                <td>{f.kind}{a.ledgerResult ? <span class="badge info" title="The hash the provider signed into the ledger as the job's result"> ledger result</span> : null}</td>
                <td>{a.size.toLocaleString('en-US')} bytes</td>
                <td><code title={a.sha256}>{short(a.sha256, 16)}</code></td>
              </tr>
            )))}
          </tbody>
        </TableBox>
      )}
    </Loaded>
  );
}

export function JobLogView({ jobId }: { jobId: string }) {
  const log = useJobLog(jobId);
  return (
    <>
      <p class="muted" role="status" aria-live="polite">
        {log.ended ? `Job ended; ${log.lines.length} lines${log.dropped ? `, ${log.dropped} dropped by the coordinator's limits` : ''}.`
          : log.error ? 'Log stream interrupted; reconnecting…' : 'Live.'}
      </p>
      {log.lines.length === 0
        ? <Empty>No log lines yet.</Empty>
        : <pre class="log" role="log" aria-label="Job log" tabIndex={0}>
            {log.lines.map((line) => (
              <span key={line.index} class={`log-${line.stream}`}>{line.stream === 'stdout' ? '' : `[${line.stream}] `}{line.text}{'\n'}</span>
            ))}
          </pre>}
    </>
  );
}

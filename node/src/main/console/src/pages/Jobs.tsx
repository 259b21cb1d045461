import { useState } from 'preact/hooks';
import type { Job } from '../api';
import { LineChart } from '../components/LineChart';
import { PortLink } from '../components/PortLink';
import { Empty, Loaded, Section, TableBox } from '../components/Status';
import { TxForm } from '../components/TxForm';
import type { LedgerEvent } from '../events';
import { credits, parseMicro, perHour, short } from '../format';
import { useResource } from '../resource';
import { useWallet } from '../wallet';
import { JobArtifactList, JobLogView } from './JobOutputs';
import { OrderForm } from './OrderForm';

const JOB_TXS = ['SubmitJob', 'AssignLease', 'AssignGang', 'ReleaseLease', 'UsageReceipt', 'CompleteJob', 'SettleJob', 'CancelJob',
  'TopUpEscrow', 'AcceptBid'];
const affectsJobs = (event: LedgerEvent) => event.type === 'progress' || event.type === 'result'
  || (event.type === 'tx' && JOB_TXS.includes(String(event.data.type)));

/** The happy path of a job; a job that leaves it ends in the terminal state it reached instead. */
const PATH: Job['status'][] = ['QUEUED', 'LEASED', 'COMPLETED', 'SETTLED'];

function Timeline({ job }: { job: Job }) {
  const offPath = !PATH.includes(job.status);
  // Off the path (cancelled, failed, overdrawn), the job got as far as its lease, if it had one.
  const reached = offPath ? (job.lease ? 1 : 0) : PATH.indexOf(job.status);
  const steps = PATH.slice(0, offPath ? reached + 1 : PATH.length).map((state, i) => ({
    state,
    done: i <= reached,
    note: state === 'QUEUED' ? `at height ${job.submittedAtHeight}`
      : state === 'LEASED' && job.lease ? `to ${short(job.lease.provider)} at height ${job.lease.assignedAtHeight}, attempt ${job.lease.attempt}`
        : state === 'COMPLETED' && job.resultHash ? `result ${short(job.resultHash)}`
          : state === 'SETTLED' && job.settlement ? `${credits(job.settlement.refunded)} refunded` : '',
  }));
  if (offPath) {
    steps.push({ state: job.status, done: true, note: job.settlement ? `${credits(job.settlement.refunded)} refunded` : '' });
  }
  return (
    <ol class="timeline" aria-label="State timeline">
      {steps.map((s) => (
        <li key={s.state} class={s.done ? 'done' : ''} aria-current={s.state === job.status ? 'step' : undefined}>
          <strong>{s.state}</strong> {s.note ? <span class="muted">{s.note}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** Step (or DiLoCo round, H inner steps each) and the latest loss reported, when there is one. */
export function progressText(job: Job): string {
  const t = job.telemetry;
  if (!t) return '—';
  const last = t.curve.length > 0 ? t.curve[t.curve.length - 1] : null;
  const loss = last ? `, loss ${last.valLoss.toFixed(3)}` : '';
  if (job.workload === 'diloco') {
    const at = job.args.indexOf('--inner-steps');
    const h = at >= 0 ? Math.max(1, parseInt(job.args[at + 1] ?? '', 10) || 50) : 50;
    return `round ${Math.floor(t.step / h)} of ${Math.floor(t.totalSteps / h)}${loss}`;
  }
  return `step ${t.step} of ${t.totalSteps}${loss}`;
}

function JobDetail({ id }: { id: string }) {
  const job = useResource<Job>(`/v1/jobs/${id}`, affectsJobs);
  const wallet = useWallet();
  return (
    <Section title={`Job ${short(id, 12)}`} id="job-detail">
      <Loaded resource={job} what="the job">
        {(j) => {
          const t = j.telemetry;
          const mine = wallet?.address === j.tenant;
          return (
            <div class="detail">
              <p><code class="wrap">{j.id}</code></p>
              <Timeline job={j} />
              <dl class="facts">
                <dt>Workload</dt><dd><code>{[j.workload, ...j.args].join(' ')}</code></dd>
                <dt>Tenant</dt><dd><code title={j.tenant}>{short(j.tenant)}</code>{mine ? ' (this wallet)' : ''}</dd>
                <dt>Devices</dt><dd>{j.devices}, at most {perHour(j.maxPricePerDeviceHour)} for {j.maxSeconds} s</dd>
                <dt>Cost so far</dt><dd>{credits(j.charged)} of {credits(j.deposited)} deposited; {credits(j.escrow)} left in escrow</dd>
                {j.nodes > 1 ? <><dt>Gang</dt><dd>{j.nodes} nodes, placed together<Members job={j} /></dd></> : null}
                {j.lease ? <><dt>Lease</dt><dd>{perHour(j.lease.pricePerDeviceHour)} on <code>{short(j.lease.provider)}</code>, billed {credits(j.lease.billed)}</dd></> : null}
                <dt>Usage</dt><dd>{(j.usageMillis / 1000).toFixed(1)} s metered</dd>
                {t ? <><dt>Progress</dt><dd>{progressText(j)}</dd></> : null}
                {j.settlement ? <><dt>Settlement</dt><dd>charged {credits(j.settlement.charged)}, provider {credits(j.settlement.providerPaid)}, fee {credits(j.settlement.fee)}, refunded {credits(j.settlement.refunded)}</dd></> : null}
              </dl>
              <h3>Training loss</h3>
              {t && t.curve.length > 0
                ? <LineChart title="Training and validation loss by step" xLabel="step" formatY={(y) => y.toFixed(2)}
                    series={[
                      { name: 'train', points: t.curve.map((p) => [p.step, p.trainLoss] as [number, number]) },
                      { name: 'validation', points: t.curve.map((p) => [p.step, p.valLoss] as [number, number]) },
                    ]} />
                : <Empty>No loss reported yet.</Empty>}
              <h3>Logs</h3>
              <JobLogView jobId={j.id} />
              <h3>Artifacts</h3>
              <JobArtifactList jobId={j.id} />
              {t?.outcome
                ? <p>Final loss {t.outcome.finalTrainLoss.toFixed(3)} train / {t.outcome.finalValLoss.toFixed(3)} validation; samples: {t.outcome.samples.join(', ')}</p>
                : null}
              {mine && (j.status === 'QUEUED' || j.status === 'LEASED') ? <JobActions job={j} /> : null}
              {mine && wallet && j.status === 'LEASED' ? <><h3>Service ports</h3><PortLink wallet={wallet} jobId={j.id} /></> : null}
            </div>
          );
        }}
      </Loaded>
    </Section>
  );
}

/** A gang's members: which provider holds each seat now (a lost one waits for another). */
export function Members({ job }: { job: Job }) {
  return (
    <ol class="members" aria-label="Gang members" start={0}>
      {job.members.map((m) => (
        <li key={m.index}>
          member {m.index}: {m.lease && m.state !== 'VACANT'
            ? <><code title={m.lease.provider}>{short(m.lease.provider)}</code> {m.state.toLowerCase()}, attempt {m.lease.attempt}, billed {credits(m.lease.billed)}</>
            : <span class="muted">waiting for a provider</span>}
        </li>
      ))}
    </ol>
  );
}

function JobActions({ job }: { job: Job }) {
  const [amount, setAmount] = useState('0.05');
  return (
    <div class="actions">
      <TxForm label="Top up escrow" build={() => ({ type: 'TopUpEscrow', jobId: job.id, credits: parseMicro(amount) })}>
        <label>Credits (CC) <input name="credits" inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} /></label>
      </TxForm>
      {job.status === 'QUEUED'
        ? <TxForm label="Cancel job" danger build={() => ({ type: 'CancelJob', jobId: job.id })} />
        : null}
    </div>
  );
}

export function JobsPage({ selected }: { selected?: string }) {
  const wallet = useWallet();
  const [everyone, setEveryone] = useState(false);
  const tenant = wallet && !everyone ? wallet.address : null;
  const jobs = useResource<Job[]>(tenant ? `/v1/jobs?tenant=${tenant}` : '/v1/jobs', affectsJobs);
  return (
    <>
      <h1>Jobs</h1>
      {selected ? <JobDetail id={selected} /> : null}
      <Section title={tenant ? 'Your jobs' : 'All jobs'} id="job-list">
        {wallet
          ? <label class="inline"><input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.currentTarget.checked)} /> Show every tenant's jobs</label>
          : <p class="muted">No wallet in this browser: showing every tenant's jobs. <a href="#/wallet">Create or import one</a> to see yours and order jobs.</p>}
        <Loaded resource={jobs} what="jobs" isEmpty={(list) => list.length === 0}
          empty={tenant ? 'This wallet has not ordered a job yet.' : 'No job has been submitted yet.'}>
          {(list) => (
            <TableBox label="Jobs">
              <thead><tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Workload</th>
                <th scope="col">Progress</th><th scope="col">Cost so far</th></tr></thead>
              <tbody>
                {[...list].reverse().map((j) => (
                  <tr key={j.id} class={j.id === selected ? 'selected' : ''}>
                    <th scope="row"><a href={`#/jobs/${j.id}`} aria-current={j.id === selected ? 'true' : undefined}><code>{short(j.id)}</code></a></th>
                    <td><span class="badge info">{j.status}</span></td>
                    <td>{j.workload}</td>
                    <td>{j.telemetry ? progressText(j) : '—'}</td>
                    <td>{credits(j.charged)}</td>
                  </tr>
                ))}
              </tbody>
            </TableBox>
          )}
        </Loaded>
      </Section>
      {wallet ? <OrderForm /> : null}
    </>
  );
}

import { ApiError, type SpotCheck, type SpotCheckOutcome, type SybilEvidence, type Verification } from '../api';
import { Empty, Failure, Loading, Section, TableBox } from '../components/Status';
import { anyTxButTicks } from '../events';
import { grid, short } from '../format';
import { useResource } from '../resource';

const score = (n: number) => `${(n / 10).toFixed(1)} %`;

const SYBIL_EVIDENCE: Record<SybilEvidence, string> = {
  gpu_uuid: 'same GPU', fingerprint: 'same machine', same_ip: 'same IP', same_subnet: 'same /24', correlated_timing: 'timing',
};

const OUTCOME: Record<SpotCheckOutcome, string> = {
  MATCH: 'match', ORIGINAL_AT_FAULT: 'answer altered', RERUN_AT_FAULT: 're-run altered', INCONCLUSIVE: 'inconclusive',
};

/** The provider the check found at fault, if any: it gets a bad verdict once a checker confirms the evidence. */
const atFault = (c: SpotCheck) => (c.outcome === 'ORIGINAL_AT_FAULT' ? c.original : c.outcome === 'RERUN_AT_FAULT' ? c.rerun : null);

const who = (address: string | null, fault: string | null) => (address === null ? '—'
  : <code title={address} class={address === fault ? 'fault' : undefined}>{short(address)}</code>);

/** The verification layer's report: challenges and verdicts, slashes with their evidence, checker stats. */
export function VerificationView({ report }: { report: Verification }) {
  const slashes = report.outcomes.filter((o) => o.slashed > 0);
  return (
    <>
      <Section title="Epoch">
        <dl class="facts"><dt>Epoch</dt><dd>{report.epoch}</dd><dt>Seed</dt><dd><code class="wrap">{report.epoch_seed}</code></dd></dl>
      </Section>
      <Section title="Challenges and verdicts">
        {report.verdicts.length === 0 ? <Empty>No verdicts in this epoch yet.</Empty> : (
          <TableBox label="Verdicts">
            <thead><tr><th scope="col">Round</th><th scope="col">Kind</th><th scope="col">Provider</th><th scope="col">Checker</th>
              <th scope="col">Score</th><th scope="col">Evidence</th></tr></thead>
            <tbody>{report.verdicts.map((v) => (
              <tr key={`${v.round}-${v.checker}-${v.provider}-${v.kind}`}><th scope="row">{v.round}</th><td>{v.kind}</td>
                <td><code title={v.provider}>{short(v.provider)}</code></td><td><code title={v.checker}>{short(v.checker)}</code></td>
                <td>{score(v.score)}</td><td><code title={v.evidence}>{short(v.evidence)}</code></td></tr>
            ))}</tbody>
          </TableBox>
        )}
      </Section>
      <Section title="Slashes">
        {slashes.length === 0 ? <Empty>No provider has been slashed.</Empty> : (
          <TableBox label="Slashes">
            <thead><tr><th scope="col">Provider</th><th scope="col">Epoch</th><th scope="col">Kind</th><th scope="col">Consensus</th>
              <th scope="col">Slashed</th><th scope="col">Evidence</th></tr></thead>
            <tbody>{slashes.map((o) => (
              <tr key={`${o.epoch}-${o.provider}-${o.kind}`}><th scope="row"><code title={o.provider}>{short(o.provider)}</code></th>
                <td>{o.epoch}</td><td>{o.kind}</td><td>{score(o.consensus)}</td><td>{grid(o.slashed)}</td>
                <td>{report.verdicts.filter((v) => v.provider === o.provider && v.kind === o.kind)
                  .map((v) => <code key={v.checker + v.round} class="evidence" title={v.evidence}>{short(v.evidence)}</code>)}</td></tr>
            ))}</tbody>
          </TableBox>
        )}
      </Section>
      <Section title="Inference spot checks">
        {(report.spot_checks ?? []).length === 0 ? <Empty>No inference request has been re-run yet.</Empty> : (
          <TableBox label="Inference spot checks">
            <thead><tr><th scope="col">#</th><th scope="col">Model</th><th scope="col">Answer</th><th scope="col">Outcome</th><th scope="col">Answered by</th>
              <th scope="col">Re-run by</th><th scope="col">Referee</th><th scope="col">Evidence</th></tr></thead>
            <tbody>{[...report.spot_checks].reverse().map((c) => (
              <tr key={c.seq}><th scope="row">{c.seq}</th><td>{c.model}</td><td>{c.streamed ? 'streamed' : 'whole'}</td><td>{OUTCOME[c.outcome]}</td>
                <td>{who(c.original, atFault(c))}</td><td>{who(c.rerun, atFault(c))}</td><td>{who(c.referee, atFault(c))}</td>
                <td><code title={c.evidence}>{short(c.evidence)}</code></td></tr>
            ))}</tbody>
          </TableBox>
        )}
      </Section>
      <Section title="Sybil flags">
        {report.sybils.length === 0 ? <Empty>No provider keys share hardware or origin.</Empty> : (
          <TableBox label="Sybil flags">
            <thead><tr><th scope="col">Identities</th><th scope="col">Evidence</th></tr></thead>
            <tbody>{report.sybils.map((flag) => (
              <tr key={flag.identities.join()}><th scope="row">{flag.identities.map((id) => <code key={id} title={id}>{short(id)} </code>)}</th>
                <td>{flag.evidence.map((e) => <span key={e.kind + e.detail} class="evidence">{SYBIL_EVIDENCE[e.kind]}: <code>{e.detail}</code> </span>)}</td></tr>
            ))}</tbody>
          </TableBox>
        )}
      </Section>
      <Section title="Checkers">
        {report.checkers.length === 0 ? <Empty>No checker has registered.</Empty> : (
          <TableBox label="Checkers">
            <thead><tr><th scope="col">Operator</th><th scope="col">Delegated</th><th scope="col">Verdicts</th><th scope="col">Outvoted</th></tr></thead>
            <tbody>{report.checkers.map((c) => (
              <tr key={c.operator}><th scope="row"><code title={c.operator}>{short(c.operator)}</code></th><td>{grid(c.delegated)}</td>
                <td>{c.verdicts}</td><td>{c.outvoted}</td></tr>
            ))}</tbody>
          </TableBox>
        )}
      </Section>
    </>
  );
}

export function VerificationPage() {
  const report = useResource<Verification>('/v1/verification', anyTxButTicks, 2000);
  const absent = report.error instanceof ApiError && report.error.status === 404;
  return (
    <>
      <h1>Verification</h1>
      {absent
        ? <Section title="No verification report"><Empty>This coordinator does not run the verification layer yet
            (<code>GET /v1/verification</code> answers 404), so there are no challenges, verdicts or slashes to show.</Empty></Section>
        : report.data ? <VerificationView report={report.data} />
          : report.error ? <Failure error={report.error} what="the verification report" />
            : <Loading what="the verification report" />}
    </>
  );
}

import { useState } from 'preact/hooks';
import type { Account, Ledger, LogEntry, Supply } from '../api';
import { Loaded, Section, TableBox } from '../components/Status';
import { anyTxButTicks, type LedgerEvent } from '../events';
import { credits, grid, ledgerTime, short } from '../format';
import { useResource } from '../resource';

const PAGE = 25;
const everyTx = (event: LedgerEvent) => event.type === 'tx';
const never = () => false;

function SupplyTable({ s }: { s: Supply }) {
  const rows: [string, string][] = [
    ['Max supply', grid(s.maxSupply)], ['Minted', grid(s.minted)], ['Burned', grid(s.burned)],
    ['Outstanding (minted − burned)', grid(s.outstanding)], ['Circulating', grid(s.circulating)], ['Staked', grid(s.staked)],
    ['Vault', grid(s.vault)], ['Reward pool', grid(s.rewardPool)], ['Vesting locked', grid(s.vestingLocked)],
    ['Credits outstanding', credits(s.creditsOutstanding)], ['Credits in escrow', credits(s.creditsEscrowed)],
    ['Oracle price', s.price ? `$${(s.price / 1e6).toFixed(6)} per GRID` : 'no fresh price'],
    ['Vault collateral', s.collateralRatioBps < 0 ? 'n/a' : `${(s.collateralRatioBps / 100).toFixed(2)} % (${s.breaker})`],
  ];
  return (
    <TableBox label="Supply breakdown">
      <tbody>{rows.map(([k, v]) => <tr key={k}><th scope="row">{k}</th><td class="num">{v}</td></tr>)}</tbody>
    </TableBox>
  );
}

function Explorer({ height }: { height: number }) {
  // null follows the newest page as the ledger grows; a number pins the page that starts there.
  const [from, setFrom] = useState<number | null>(null);
  const [hideTicks, setHideTicks] = useState(true);
  const start = from ?? Math.max(1, height - PAGE + 1);
  const log = useResource<LogEntry[]>(`/v1/ledger/log?from=${start}&limit=${PAGE}`, from === null ? everyTx : never, 2000);
  return (
    <>
      <div class="toolbar">
        <button type="button" onClick={() => setFrom(Math.max(1, start - PAGE))} disabled={start <= 1}>Older</button>
        <button type="button" onClick={() => setFrom(start + PAGE > height - PAGE + 1 ? null : start + PAGE)} disabled={from === null}>Newer</button>
        <button type="button" onClick={() => setFrom(null)} disabled={from === null}>Latest</button>
        <label class="inline"><input type="checkbox" checked={hideTicks} onChange={(e) => setHideTicks(e.currentTarget.checked)} /> Hide clock ticks</label>
      </div>
      <Loaded resource={log} what="transactions" isEmpty={(l) => l.length === 0}>
        {(entries) => (
          <TableBox label={`Transactions from height ${start}`}>
            <thead><tr><th scope="col">Height</th><th scope="col">Type</th><th scope="col">Signer</th><th scope="col">Nonce</th>
              <th scope="col">Transaction</th><th scope="col">State root</th></tr></thead>
            <tbody>
              {[...entries].reverse().filter((e) => !hideTicks || e.type !== 'Tick').map((e) => (
                <tr key={e.height}><th scope="row">{e.height}</th><td>{e.type}</td>
                  <td><code title={e.signer}>{short(e.signer)}</code></td><td>{e.nonce}</td>
                  <td><code title={e.txHash}>{short(e.txHash)}</code></td><td><code title={e.stateRoot}>{short(e.stateRoot)}</code></td></tr>
              ))}
            </tbody>
          </TableBox>
        )}
      </Loaded>
    </>
  );
}

function AccountLookup() {
  const [address, setAddress] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const account = useResource<Account>(asked ? `/v1/accounts/${encodeURIComponent(asked)}` : null, anyTxButTicks, 2000);
  return (
    <>
      <form class="toolbar" role="search" onSubmit={(e) => { e.preventDefault(); setAsked(address.trim() || null); }}>
        <label>Address <input name="address" value={address} onInput={(e) => setAddress(e.currentTarget.value)}
          placeholder="base58 address" size={46} /></label>
        <button type="submit">Look up</button>
      </form>
      {asked ? <AccountFacts account={account} /> : null}
    </>
  );
}

export function AccountFacts({ account }: { account: ReturnType<typeof useResource<Account>> }) {
  return (
    <Loaded resource={account} what="the account">
      {(a) => (
        <dl class="facts">
          <dt>Address</dt><dd><code class="wrap">{a.address}</code></dd>
          <dt>Balance</dt><dd>{grid(a.balance)}</dd>
          <dt>Credits</dt><dd>{credits(a.credits)}</dd>
          <dt>Nonce</dt><dd>{a.nonce}</dd>
          {a.provider ? <><dt>Provider stake</dt><dd>{grid(a.providerStake)} of {grid(a.requiredStake)} ({a.providerActive ? 'active' : 'halted'})</dd></> : null}
          <dt>Delegated</dt><dd>{grid(a.delegated)}</dd>
          <dt>Unbonding</dt><dd>{grid(a.unbonding)}</dd>
          <dt>Claimable rewards</dt><dd>{grid(a.unclaimedRewards)}</dd>
          <dt>Vesting locked</dt><dd>{grid(a.vesting)}</dd>
        </dl>
      )}
    </Loaded>
  );
}

export function LedgerPage() {
  const ledger = useResource<Ledger>('/v1/ledger', everyTx, 2000);
  return (
    <>
      <h1>Ledger</h1>
      <Section title="State">
        <Loaded resource={ledger} what="the ledger">
          {(l) => (
            <dl class="facts">
              <dt>Network</dt><dd>{l.networkId}</dd>
              <dt>Height</dt><dd>{l.height}</dd>
              <dt>State root</dt><dd><code class="wrap">{l.stateRoot}</code></dd>
              <dt>Ledger time</dt><dd>{ledgerTime(l.now)}</dd>
              <dt>Epoch</dt><dd>{l.epoch}, closes {ledgerTime(l.epochEndsAt)}</dd>
              <dt>Coordinator</dt><dd><code title={l.coordinator}>{short(l.coordinator)}</code></dd>
            </dl>
          )}
        </Loaded>
      </Section>
      <Section title="Supply">
        <Loaded resource={ledger} what="the supply">{(l) => <SupplyTable s={l.supply} />}</Loaded>
      </Section>
      <Section title="Transactions">
        <Loaded resource={ledger} what="transactions">{(l) => <Explorer height={l.height} />}</Loaded>
      </Section>
      <Section title="Account lookup"><AccountLookup /></Section>
    </>
  );
}

import type { InferenceRoutes, Offer, Provider } from '../api';
import { Loaded, Section, TableBox } from '../components/Status';
import { txOf, type LedgerEvent } from '../events';
import { credits, grid, perHour, short } from '../format';
import { useResource } from '../resource';
import { Playground } from './Playground';

// What changes a provider's row or the free capacity: it comes or goes, stakes, or a lease starts or ends.
const PROVIDER_TXS = txOf('RegisterProvider', 'BondProviderStake', 'Unbond', 'Slash', 'CloseEpoch', 'AssignLease',
  'ReleaseLease', 'CompleteJob', 'SettleJob', 'CancelJob');
const affectsProviders = (event: LedgerEvent) => event.type === 'provider' || PROVIDER_TXS(event);

interface Capacity { model: string; providers: number; devices: number; free: number; cheapest: number }

export function capacityByModel(offers: Offer[]): Capacity[] {
  const byModel = new Map<string, Capacity>();
  for (const offer of offers) {
    const entry = byModel.get(offer.model)
      ?? { model: offer.model, providers: 0, devices: 0, free: 0, cheapest: Number.POSITIVE_INFINITY };
    entry.providers += 1;
    entry.devices += offer.devices;
    entry.free += offer.freeDevices;
    if (offer.listed) entry.cheapest = Math.min(entry.cheapest, offer.pricePerDeviceHour);
    byModel.set(offer.model, entry);
  }
  return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
}

const ms = (value: number | null) => (value === null ? <span class="muted">not yet</span> : `${value.toFixed(1)} ms`);

/** The models the gateway serves, one row per route, in the order the router tries them. */
export function ServedModels({ table }: { table: InferenceRoutes }) {
  return (
    <TableBox label="Served models">
      <thead><tr><th scope="col">Model</th><th scope="col">Per 1,000 tokens</th><th scope="col">Provider</th>
        <th scope="col">Job</th><th scope="col">First byte</th><th scope="col">Answer p95</th><th scope="col">In flight</th></tr></thead>
      <tbody>
        {table.models.flatMap((m) => m.routes.map((r, i) => (
          <tr key={r.job}>
            {i === 0 ? <th scope="row" rowSpan={m.routes.length}>{m.model}</th> : null}
            {i === 0 ? <td rowSpan={m.routes.length}>{credits(m.price_per_1k_tokens_micro_cc)}</td> : null}
            <td><code title={r.provider}>{short(r.provider)}</code></td>
            <td><a href={`#/jobs/${r.job}`}><code>{short(r.job)}</code></a></td>
            <td>{ms(r.first_byte_ms)}</td><td>{ms(r.answer_p95_ms)}</td><td>{r.in_flight}</td>
          </tr>
        )))}
      </tbody>
    </TableBox>
  );
}

export function NetworkPage() {
  const providers = useResource<Provider[]>('/v1/providers', affectsProviders);
  const offers = useResource<Offer[]>('/v1/market/offers?limit=1000', affectsProviders);
  // The router's measurements change without a ledger event: refreshed with each tick.
  const routes = useResource<InferenceRoutes>('/v1/inference/routes', () => true, 2000);
  const reputation = new Map((offers.data ?? []).map((o) => [o.provider, o.reputation]));
  return (
    <>
      <h1>Network</h1>
      <Section title="Capacity by GPU model">
        <Loaded resource={offers} what="offers" isEmpty={(o) => o.length === 0} empty="No provider has registered an offer yet.">
          {(list) => (
            <TableBox label="Capacity by GPU model">
              <thead><tr><th scope="col">Model</th><th scope="col">Providers</th><th scope="col">Devices</th>
                <th scope="col">Free</th><th scope="col">Cheapest listed</th></tr></thead>
              <tbody>
                {capacityByModel(list).map((c) => (
                  <tr key={c.model}><th scope="row">{c.model}</th><td>{c.providers}</td><td>{c.devices}</td><td>{c.free}</td>
                    <td>{Number.isFinite(c.cheapest) ? perHour(c.cheapest) : 'not listed'}</td></tr>
                ))}
              </tbody>
            </TableBox>
          )}
        </Loaded>
      </Section>
      <Section title="Inference: served models">
        <Loaded resource={routes} what="the gateway's routes" isEmpty={(t) => t.models.length === 0}
          empty="No model is served right now (gridmint infer serve MODEL).">
          {(table) => <ServedModels table={table} />}
        </Loaded>
      </Section>
      {routes.data && routes.data.models.length > 0 ? (
        <Section title="Inference: playground">
          <Playground models={routes.data.models} />
        </Section>
      ) : null}
      <Section title="Providers">
        <Loaded resource={providers} what="providers" isEmpty={(p) => p.length === 0} empty="No provider has joined yet.">
          {(list) => (
            <TableBox label="Providers">
              <thead><tr><th scope="col">Provider</th><th scope="col">GPUs</th><th scope="col">Region</th>
                <th scope="col">Price</th><th scope="col">Reputation</th><th scope="col">Stake</th>
                <th scope="col">Link ↓/↑</th><th scope="col">Disk free</th>
                <th scope="col">Liveness</th><th scope="col">Running</th></tr></thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.address}>
                    <th scope="row"><code title={p.address}>{short(p.address)}</code></th>
                    <td>{p.deviceCount} × {p.deviceModel} <span class="muted">({p.deviceClass})</span></td>
                    <td>{p.region}</td>
                    <td>{perHour(p.pricePerDeviceHour)}</td>
                    <td>{reputation.has(p.address) ? `${reputation.get(p.address)} / 1000` : '—'}</td>
                    <td>{grid(p.bonded)} {p.active ? <span class="badge ok">active</span> : <span class="badge warn">below {grid(p.requiredStake)}</span>}</td>
                    <td>{p.downMbps || p.upMbps ? `${p.downMbps} / ${p.upMbps} Mbit/s` : <span class="muted">not measured</span>}</td>
                    <td>{p.diskTotalGb ? `${p.diskFreeGb} of ${p.diskTotalGb} GiB` : '—'}</td>
                    <td>{p.online ? <span class="badge ok">online</span> : <span class="badge bad">offline</span>}</td>
                    <td>{p.runningJob ? <a href={`#/jobs/${p.runningJob}`}><code>{short(p.runningJob)}</code></a> : 'idle'}</td>
                  </tr>
                ))}
              </tbody>
            </TableBox>
          )}
        </Loaded>
      </Section>
    </>
  );
}

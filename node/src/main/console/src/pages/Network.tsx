import type { Offer, Provider } from '../api';
import { Loaded, Section, TableBox } from '../components/Status';
import { txOf, type LedgerEvent } from '../events';
import { grid, perHour, short } from '../format';
import { useResource } from '../resource';

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

export function NetworkPage() {
  const providers = useResource<Provider[]>('/v1/providers', affectsProviders);
  const offers = useResource<Offer[]>('/v1/market/offers?limit=1000', affectsProviders);
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

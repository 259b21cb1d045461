import type { Auction, Order, PriceIndex } from '../api';
import { LineChart } from '../components/LineChart';
import { Loaded, Section, TableBox } from '../components/Status';
import { txOf, type LedgerEvent } from '../events';
import { micro, perHour, short } from '../format';
import { useResource } from '../resource';

const ORDER_TXS = txOf('SubmitJob', 'AssignLease', 'AssignGang', 'ReleaseLease', 'CompleteJob', 'SettleJob', 'CancelJob', 'AcceptBid');
const affectsOrders = (event: LedgerEvent) => event.type === 'provider' || ORDER_TXS(event);
// Bids live in the order book, not the ledger, so no event names them: an open auction is
// re-read as the ledger clock moves, which is at most once every two seconds per auction on screen.
const everyTx = (event: LedgerEvent) => event.type === 'tx';

function OrderRows({ orders }: { orders: Order[] }) {
  return (
    <tbody>
      {orders.map((o) => (
        <tr key={o.orderId}>
          <th scope="row">{o.orderId}</th>
          <td><a href={`#/jobs/${o.jobId}`}><code>{short(o.jobId)}</code></a></td>
          <td><span class={`badge ${o.status === 'MATCHED' ? 'ok' : 'info'}`}>{o.status}</span></td>
          <td>{o.devices} × {o.gpu}{o.nodes > 1 ? (o.member !== null ? `, node ${o.member} of ${o.nodes}` : ` on ${o.nodes} nodes`) : ''}</td>
          <td>{perHour(o.maxPricePerDeviceHour)}</td>
          <td>{o.regions.length ? o.regions.join(', ') : 'any'}{o.deniedRegions.length ? ` (not ${o.deniedRegions.join(', ')})` : ''}</td>
          <td>{o.provider ? <code title={o.provider}>{short(o.provider)}</code> : '—'}</td>
          <td>{o.pricePerDeviceHour !== null ? perHour(o.pricePerDeviceHour) : '—'}</td>
        </tr>
      ))}
    </tbody>
  );
}

const ORDER_HEAD = (
  <thead><tr><th scope="col">Order</th><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Devices</th>
    <th scope="col">Max price</th><th scope="col">Regions</th><th scope="col">Provider</th><th scope="col">Price</th></tr></thead>
);

function AuctionBids({ jobId }: { jobId: string }) {
  const auction = useResource<Auction>(`/v1/market/auctions/${jobId}`, everyTx, 2000);
  return (
    <Loaded resource={auction} what={`bids for job ${short(jobId)}`} isEmpty={(a) => a.bids.length === 0}
      empty={`No bids yet for job ${short(jobId)}.`}>
      {(a) => (
        <TableBox label={`Bids for job ${short(jobId)}, closing at ledger second ${a.closesAt}`}>
          <thead><tr><th scope="col">Provider</th><th scope="col">Bid</th><th scope="col">At</th><th scope="col">How</th></tr></thead>
          <tbody>
            {[...a.bids].sort((x, y) => x.pricePerDeviceHour - y.pricePerDeviceHour).map((b) => (
              <tr key={b.provider}><th scope="row"><code title={b.provider}>{short(b.provider)}</code></th>
                <td>{perHour(b.pricePerDeviceHour)}</td><td>{b.at}</td><td>{b.auto ? 'price policy' : 'by hand'}</td></tr>
            ))}
          </tbody>
        </TableBox>
      )}
    </Loaded>
  );
}

/** Closed periods at -n..-1 and the current one at 0: the index's own clock, without guessing ledger times. */
function periodPoints(price: PriceIndex): [number, number][] {
  const closed = price.history.map((h, i) => [i - price.history.length, h.median] as [number, number]);
  return [...closed, [0, price.median]];
}

const periodLabel = (x: number) => (x === 0 ? 'current' : `${-x} period${x === -1 ? '' : 's'} ago`);

export function MarketPage() {
  const orders = useResource<Order[]>('/v1/market/orders?limit=1000', affectsOrders);
  const prices = useResource<PriceIndex[]>('/v1/market/prices?history=30', txOf('AssignLease', 'AcceptBid', 'CloseEpoch'));
  return (
    <>
      <h1>Market</h1>
      <Section title="Price index">
        <Loaded resource={prices} what="prices" isEmpty={(p) => p.length === 0}
          empty="No match has been made yet, so there is no price index.">
          {(list) => (
            <>
              <LineChart title="Median matched price per device-hour, by model" xLabel="price period (closed ones, then the current one)"
                formatY={(y) => micro(Math.round(y), 'CC')} formatX={periodLabel}
                series={list.map((p) => ({ name: p.model, points: periodPoints(p) }))} />
              <TableBox label="Current median price by model">
                <thead><tr><th scope="col">Model</th><th scope="col">Median</th><th scope="col">Closed periods</th></tr></thead>
                <tbody>{list.map((p) => <tr key={p.model}><th scope="row">{p.model}</th><td>{perHour(p.median)}</td><td>{p.history.length}</td></tr>)}</tbody>
              </TableBox>
            </>
          )}
        </Loaded>
      </Section>
      <Section title="Open orders">
        <Loaded resource={orders} what="orders" isEmpty={(o) => o.every((x) => x.status === 'MATCHED')}
          empty="No open orders: every job has found a provider.">
          {(list) => <TableBox label="Open orders">{ORDER_HEAD}<OrderRows orders={list.filter((o) => o.status !== 'MATCHED')} /></TableBox>}
        </Loaded>
      </Section>
      <Section title="Auctions">
        <Loaded resource={orders} what="auctions" isEmpty={(o) => !o.some((x) => x.status === 'AUCTION')}
          empty="No auction is open. Jobs submitted with an auction window show their bids here.">
          {(list) => <>{list.filter((o) => o.status === 'AUCTION').map((o) => <AuctionBids key={o.jobId} jobId={o.jobId} />)}</>}
        </Loaded>
      </Section>
      <Section title="Recent matches">
        <Loaded resource={orders} what="matches" isEmpty={(o) => !o.some((x) => x.status === 'MATCHED')}
          empty="No lease is running now (the book holds a match while its lease runs).">
          {(list) => <TableBox label="Recent matches">{ORDER_HEAD}<OrderRows orders={list.filter((o) => o.status === 'MATCHED').reverse()} /></TableBox>}
        </Loaded>
      </Section>
    </>
  );
}

import { useState } from 'preact/hooks';
import { worstCaseCost, type JobOrder } from '../codec';
import { Section } from '../components/Status';
import { TxForm } from '../components/TxForm';
import { credits, parseMicro } from '../format';

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** The fields of 'gridmint job submit', with its defaults; the escrow is the worst case, as the CLI locks it. */
export function OrderForm() {
  const [f, setF] = useState({
    workload: 'train-names', args: '--steps 200 --seed 7', devices: '1', maxSeconds: '600', maxPrice: '2.0',
    gpuModels: '', minVram: '0', regions: '', deniedRegions: '', spot: false, auction: '0',
  });
  const set = (key: keyof typeof f) => (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    setF({ ...f, [key]: input.type === 'checkbox' ? input.checked : input.value });
  };
  let order: JobOrder | null = null;
  let problem = '';
  try {
    order = {
      workload: f.workload.trim(), args: f.args.trim() ? f.args.trim().split(/\s+/) : [],
      devices: Number.parseInt(f.devices, 10), maxSeconds: Number.parseInt(f.maxSeconds, 10),
      maxPricePerDeviceHour: Number(parseMicro(f.maxPrice)), gpuModels: list(f.gpuModels),
      minVramGb: Number.parseInt(f.minVram, 10), regions: list(f.regions), deniedRegions: list(f.deniedRegions),
      spot: f.spot, auctionSeconds: Number.parseInt(f.auction, 10),
    };
    if (![order.devices, order.maxSeconds, order.minVramGb, order.auctionSeconds].every((n) => Number.isInteger(n) && n >= 0)) {
      throw new Error('devices, seconds, VRAM and auction window are whole numbers');
    }
  } catch (error) {
    order = null;
    problem = (error as Error).message;
  }
  return (
    <Section title="Order a job">
      <TxForm label="Sign and submit job" onAccepted={(a) => (location.hash = `#/jobs/${a.txHash}`)}
        build={() => {
          if (!order) throw new Error(problem);
          return { type: 'SubmitJob', order, escrow: worstCaseCost(order) };
        }}>
        <div class="fields">
          <label>Workload <input name="workload" value={f.workload} onInput={set('workload')} required /></label>
          <label>Arguments <input name="args" value={f.args} onInput={set('args')} /></label>
          <label>Devices <input name="devices" inputMode="numeric" value={f.devices} onInput={set('devices')} /></label>
          <label>Longest run (s) <input name="maxSeconds" inputMode="numeric" value={f.maxSeconds} onInput={set('maxSeconds')} /></label>
          <label>Max price (CC per device-hour) <input name="maxPrice" inputMode="decimal" value={f.maxPrice} onInput={set('maxPrice')} /></label>
          <label>GPU models (comma-separated) <input name="gpuModels" value={f.gpuModels} onInput={set('gpuModels')} /></label>
          <label>Min VRAM per GPU (GB) <input name="minVram" inputMode="numeric" value={f.minVram} onInput={set('minVram')} /></label>
          <label>Regions <input name="regions" value={f.regions} onInput={set('regions')} /></label>
          <label>Denied regions <input name="deniedRegions" value={f.deniedRegions} onInput={set('deniedRegions')} /></label>
          <label>Auction window (s) <input name="auction" inputMode="numeric" value={f.auction} onInput={set('auction')} /></label>
          <label class="inline"><input type="checkbox" name="spot" checked={f.spot} onChange={set('spot')} /> Spot capacity</label>
        </div>
        <p class="muted" aria-live="polite">{order ? `Escrow locked: ${credits(worstCaseCost(order))} (the worst case, refunded in part when the job ends)` : problem}</p>
      </TxForm>
    </Section>
  );
}

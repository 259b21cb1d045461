import { useState } from 'preact/hooks';
import { getJson, type Ledger } from '../api';
import { base64url, portAccessMessage } from '../codec';
import { sign, type Wallet } from '../wallet';

/** The longest pass the coordinator accepts (PortAccess.MAX_LIFETIME_SECONDS). */
const MAX_HOURS = 7 * 24;

/**
 * The URL of a port the tenant's running job serves, relayed by the coordinator from the provider:
 * signed here with the browser wallet, as `gridmint job url` signs it with the key file.
 */
export async function portUrl(wallet: Wallet, jobId: string, port: number, hours: number, origin: string): Promise<string> {
  const ledger = await getJson<Ledger>('/v1/ledger');
  const expires = BigInt(ledger.now) + BigInt(Math.round(hours * 3600));
  const signature = await sign(wallet.seed, portAccessMessage(ledger.networkId, jobId, port, expires));
  const pass = `${wallet.address}.${expires}.${base64url(signature)}`;
  return `${origin}/v1/jobs/${jobId}/ports/${port}/?access=${pass}`;
}

export function PortLink({ wallet, jobId }: { wallet: Wallet; jobId: string }) {
  const [port, setPort] = useState('8080');
  const [hours, setHours] = useState('1');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const p = Number(port);
    const h = Number(hours);
    if (!Number.isInteger(p) || p < 1 || p > 65535) {
      setError('A port is a whole number from 1 to 65535.');
      return;
    }
    if (!(h > 0 && h <= MAX_HOURS)) {
      setError(`A link lasts more than 0 and at most ${MAX_HOURS} hours.`);
      return;
    }
    try {
      setUrl(await portUrl(wallet, jobId, p, h, window.location.origin));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form class="actions" aria-label="Service port" onSubmit={open}>
      <label>Port <input name="port" inputMode="numeric" value={port} onInput={(e) => setPort(e.currentTarget.value)} /></label>
      <label>Hours <input name="hours" inputMode="decimal" value={hours} onInput={(e) => setHours(e.currentTarget.value)} /></label>
      <button type="submit">Get link</button>
      {error ? <p role="alert">{error}</p> : null}
      {url ? <p>Anyone holding this link reaches the port until it expires: <a href={url} target="_blank" rel="noreferrer"><code class="wrap">{url}</code></a></p> : null}
    </form>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { onConnection, type Connection } from './events';
import { short } from './format';
import { JobsPage } from './pages/Jobs';
import { LedgerPage } from './pages/Ledger';
import { MarketPage } from './pages/Market';
import { NetworkPage } from './pages/Network';
import { VerificationPage } from './pages/Verification';
import { WalletPage } from './pages/Wallet';
import { useWallet } from './wallet';

const PAGES = [
  ['network', 'Network'], ['market', 'Market'], ['jobs', 'Jobs'], ['ledger', 'Ledger'],
  ['verification', 'Verification'], ['wallet', 'Wallet'],
] as const;

function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const changed = () => {
      setRoute(read());
      document.getElementById('main')?.focus();
    };
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

function LiveBadge() {
  const [status, setStatus] = useState<Connection>('connecting');
  useEffect(() => onConnection(setStatus), []);
  const text = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' }[status];
  return <span class={`badge ${status === 'live' ? 'ok' : 'warn'}`} role="status" aria-live="polite">Events {text}</span>;
}

export function App() {
  const [page = 'network', detail] = useRoute();
  const wallet = useWallet();
  useEffect(() => {
    const name = PAGES.find(([id]) => id === page)?.[1] ?? 'Not found';
    document.title = `${name} · Gridmint console`;
  }, [page]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header>
        <span class="brand">Gridmint</span>
        <nav aria-label="Console">
          <ul>
            {PAGES.map(([id, name]) => (
              <li key={id}><a href={`#/${id}`} aria-current={page === id ? 'page' : undefined}>{name}</a></li>
            ))}
          </ul>
        </nav>
        <span class="header-end">
          <LiveBadge />
          <a class="wallet-chip" href="#/wallet">{wallet ? <>Wallet <code>{short(wallet.address, 6)}</code></> : 'No wallet'}</a>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'network' ? <NetworkPage />
          : page === 'market' ? <MarketPage />
            : page === 'jobs' ? <JobsPage selected={detail} />
              : page === 'ledger' ? <LedgerPage />
                : page === 'verification' ? <VerificationPage />
                  : page === 'wallet' ? <WalletPage />
                    : <><h1>Not found</h1><p>There is no page <code>{page}</code>. <a href="#/network">Go to the network</a>.</p></>}
      </main>
    </>
  );
}

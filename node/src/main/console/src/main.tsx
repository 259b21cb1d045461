import { render } from 'preact';
import { App } from './app';
import './styles.css';
import { loadStoredWallet, setWallet } from './wallet';

const root = document.getElementById('app');
if (root) {
  // A stored key that no longer reads as one (edited by hand, say) is dropped rather than blocking the console.
  loadStoredWallet()
    .catch(() => setWallet(null))
    .finally(() => render(<App />, root));
}

import { useState } from 'preact/hooks';
import { getInferenceUsage, type Account, type InferenceUsage } from '../api';
import { Section } from '../components/Status';
import { credits } from '../format';
import { anyTxButTicks } from '../events';
import { useResource } from '../resource';
import { generateWallet, importWallet, keypairFile, setWallet, useWallet } from '../wallet';
import { AccountFacts } from './Ledger';

function KeySetup() {
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState('');
  const run = (make: () => Promise<Parameters<typeof setWallet>[0]>) => async () => {
    setProblem('');
    try {
      setWallet(await make());
      setSecret('');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <>
      <p>The key is made or read here and kept in this browser's local storage. It is never sent to the coordinator: the console signs in the browser and posts only signed transactions.</p>
      <button type="button" onClick={run(generateWallet)}>Generate a new key</button>
      <form class="import" onSubmit={(e) => { e.preventDefault(); void run(() => importWallet(secret))(); }} aria-label="Import a key">
        <label class="block" for="secret">Secret key: a keypair file's JSON array (<code>.devnet/keys/alice.json</code>), or base58 or hex</label>
        <textarea id="secret" name="secret" rows={3} value={secret} onInput={(e) => setSecret(e.currentTarget.value)}
          autocomplete="off" spellcheck={false} />
        <button type="submit" disabled={!secret.trim()}>Import key</button>
      </form>
      {problem ? <p class="state error" role="alert">{problem}</p> : null}
    </>
  );
}

/** What an API key's wallet drew through the inference gateway: the key stays in this page, it is not stored. */
export function InferenceUsagePanel() {
  const [key, setKey] = useState('');
  const [usage, setUsage] = useState<InferenceUsage | null>(null);
  const [problem, setProblem] = useState('');
  const show = async () => {
    setProblem('');
    try {
      setUsage(await getInferenceUsage(key.trim()));
    } catch (error) {
      setUsage(null);
      setProblem((error as Error).message);
    }
  };
  return (
    <>
      <form class="import" onSubmit={(e) => { e.preventDefault(); void show(); }} aria-label="Inference usage">
        <label class="block" for="api-key">API key (<code>gridmint infer key</code>)</label>
        <input id="api-key" type="password" value={key} onInput={(e) => setKey(e.currentTarget.value)} autocomplete="off" />
        <button type="submit" disabled={!key.trim()}>Show usage</button>
      </form>
      {problem ? <p class="state error" role="alert">{problem}</p> : null}
      {usage ? (
        <dl data-testid="inference-usage">
          <dt>Settled</dt><dd>{credits(usage.settled_micro_cc)}</dd>
          <dt>Pending</dt><dd>{credits(usage.pending_micro_cc)} (held against the credits until the next settlement)</dd>
          <dt>Unpaid</dt><dd>{credits(usage.unpaid_micro_cc)}</dd>
          <dt>Tokens</dt><dd>{usage.prompt_tokens} in, {usage.completion_tokens} out</dd>
          <dt>This key</dt><dd><code>{usage.key.sha256_prefix}…</code> drew {credits(usage.key.micro_cc)}: {usage.key.prompt_tokens} in,
            {' '}{usage.key.completion_tokens} out</dd>
        </dl>
      ) : null}
    </>
  );
}

export function WalletPage() {
  const wallet = useWallet();
  const account = useResource<Account>(wallet ? `/v1/accounts/${wallet.address}` : null, anyTxButTicks, 1500);
  return (
    <>
      <h1>Wallet</h1>
      {wallet ? (
        <>
          <Section title="This browser's wallet">
            <p>Address <code class="wrap" data-testid="wallet-address">{wallet.address}</code></p>
            <AccountFacts account={account} />
            <div class="toolbar">
              <a class="button" download="gridmint-key.json" href={`data:application/json,${encodeURIComponent(keypairFile(wallet))}`}>
                Export keypair file</a>
              <button type="button" class="danger" onClick={() => setWallet(null)}>Forget this key</button>
            </div>
            <p class="muted">Jobs are ordered, topped up and cancelled on the <a href="#/jobs">Jobs</a> page. A new key holds no GRID or credits: send it some, then buy credits with <code>gridmint credits buy</code>.</p>
          </Section>
          <Section title="Inference usage"><InferenceUsagePanel /></Section>
          <Section title="Use another key"><KeySetup /></Section>
        </>
      ) : <Section title="Set up a wallet"><KeySetup /></Section>}
    </>
  );
}

import { useState } from 'preact/hooks';
import {
  createApiKey, getInferenceUsage, listApiKeys, revokeApiKey, type Account, type ApiKeyList, type ApiKeyView, type InferenceUsage,
} from '../api';
import { setSessionApiKey } from '../apikey';
import { Section, TableBox } from '../components/Status';
import { credits, ledgerTime, parseMicro } from '../format';
import { anyTxButTicks } from '../events';
import { useResource } from '../resource';
import { generateWallet, importWallet, keypairFile, setWallet, signKeyStatement, useWallet, type Wallet } from '../wallet';
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

/**
 * The inference gateway's API keys: the browser wallet signs for a new key (shown once) or revokes one; any live key
 * shows what its wallet drew and lists the wallet's keys. An API key stays in this page: it is not stored.
 */
export function InferenceKeysPanel({ wallet }: { wallet: Wallet | null }) {
  const [key, setKey] = useState('');
  const [usage, setUsage] = useState<InferenceUsage | null>(null);
  const [keys, setKeys] = useState<ApiKeyList | null>(null);
  const [made, setMade] = useState('');
  const [limit, setLimit] = useState('');
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState('');
  const attempt = async (action: () => Promise<void>) => {
    setProblem('');
    setNotice('');
    try {
      await action();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const show = (apiKey: string) => attempt(async () => {
    try {
      const [drawn, listed] = await Promise.all([getInferenceUsage(apiKey), listApiKeys(apiKey)]);
      setUsage(drawn);
      setKeys(listed);
      setSessionApiKey(apiKey);
    } catch (error) {
      setUsage(null);
      setKeys(null);
      throw error;
    }
  });
  const make = (signer: Wallet) => attempt(async () => {
    const limitMicroCc = limit.trim() ? parseMicro(limit) : 0n;
    if (limit.trim() && limitMicroCc === 0n) {
      throw new Error('A limit is above 0 CC; leave it empty for none.');
    }
    const answer = await createApiKey(await signKeyStatement(signer, { grant: { limitMicroCc } }));
    setMade(answer.key);
    setSessionApiKey(answer.key);
    setKey(answer.key);
    await show(answer.key);
  });
  const revoke = (signer: Wallet, revoked: ApiKeyView) => attempt(async () => {
    await revokeApiKey(await signKeyStatement(signer, { revoke: revoked.id }));
    if (revoked.current) {
      setSessionApiKey('');
      setUsage(null);
      setKeys(null);
      setKey('');
      setMade('');
    } else {
      setKeys(await listApiKeys(key.trim()));
    }
    setNotice(`Key ${revoked.id}… is revoked: requests with it are refused from now on.`);
  });
  const canRevoke = wallet !== null && keys !== null && keys.wallet === wallet.address;
  return (
    <>
      {wallet ? (
        <form class="import" onSubmit={(e) => { e.preventDefault(); void make(wallet); }} aria-label="Make an API key">
          <label class="block" for="key-limit">Limit (CC): the most the new key may ever draw; empty for none</label>
          <input id="key-limit" inputMode="decimal" value={limit} onInput={(e) => setLimit(e.currentTarget.value)} autocomplete="off" />
          <button type="submit">Make an API key</button>
          <span class="muted"> signed by this browser's wallet, as <code>gridmint infer key</code> does</span>
        </form>
      ) : null}
      {made ? (
        <p data-testid="new-api-key">New key, shown only now: <code class="wrap">{made}</code></p>
      ) : null}
      <form class="import" onSubmit={(e) => { e.preventDefault(); void show(key.trim()); }} aria-label="Inference usage"
        data-testid="usage-form">
        <label class="block" for="api-key">API key (<code>gridmint infer key</code>)</label>
        <input id="api-key" type="password" value={key} onInput={(e) => setKey(e.currentTarget.value)} autocomplete="off" />
        <button type="submit" disabled={!key.trim()}>Show usage and keys</button>
      </form>
      {problem ? <p class="state error" role="alert">{problem}</p> : null}
      {notice ? <p class="state" role="status">{notice}</p> : null}
      {usage ? (
        <dl data-testid="inference-usage">
          <dt>Settled</dt><dd>{credits(usage.settled_micro_cc)}</dd>
          <dt>Pending</dt><dd>{credits(usage.pending_micro_cc)} (held against the credits until the next settlement)</dd>
          <dt>Unpaid</dt><dd>{credits(usage.unpaid_micro_cc)}</dd>
          <dt>Tokens</dt><dd>{usage.prompt_tokens} in, {usage.completion_tokens} out</dd>
          <dt>This key</dt><dd><code>{usage.key.sha256_prefix}…</code> drew {credits(usage.key.micro_cc)}: {usage.key.prompt_tokens} in,
            {' '}{usage.key.completion_tokens} out{usage.key.limit_micro_cc === null ? '' : ` (limit ${credits(usage.key.limit_micro_cc)})`}</dd>
        </dl>
      ) : null}
      {keys ? (
        <TableBox label="The wallet's API keys">
          <thead><tr><th scope="col">Key</th><th scope="col">Made</th><th scope="col">Tokens</th><th scope="col">Drew</th>
            <th scope="col">Limit</th><th scope="col"><span class="sr-only">Revoke</span></th></tr></thead>
          <tbody data-testid="api-keys">
            {keys.data.map((k) => (
              <tr key={k.sha256}>
                <th scope="row"><code title={k.sha256}>{k.id}…</code>{k.current ? ' (this one)' : ''}</th>
                <td>{ledgerTime(k.created)}</td>
                <td>{k.prompt_tokens} in, {k.completion_tokens} out</td>
                <td>{credits(k.micro_cc)}</td>
                <td>{k.limit_micro_cc === null ? <span class="muted">none</span> : credits(k.limit_micro_cc)}</td>
                <td>{canRevoke && wallet
                  ? <button type="button" class="danger" onClick={() => void revoke(wallet, k)}>Revoke {k.id}</button>
                  : <span class="muted">the wallet revokes</span>}</td>
              </tr>
            ))}
          </tbody>
        </TableBox>
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
          <Section title="Inference: API keys and usage"><InferenceKeysPanel wallet={wallet} /></Section>
          <Section title="Use another key"><KeySetup /></Section>
        </>
      ) : <Section title="Set up a wallet"><KeySetup /></Section>}
    </>
  );
}

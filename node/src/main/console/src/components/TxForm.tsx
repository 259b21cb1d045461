import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, type TxAccepted } from '../api';
import type { Payload } from '../codec';
import { short } from '../format';
import { signAndSubmit, useWallet } from '../wallet';

/**
 * A form that signs one transaction with the browser's wallet and posts it. The outcome, the
 * transaction hash or the coordinator's refusal (its stable code and message), is announced to screen readers.
 */
export function TxForm({ label, build, children, danger, onAccepted }: {
  label: string;
  build: () => Payload;
  children?: ComponentChildren;
  danger?: boolean;
  onAccepted?: (accepted: TxAccepted) => void;
}) {
  const wallet = useWallet();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!wallet) return;
    setBusy(true);
    setOutcome(null);
    try {
      const accepted = await signAndSubmit(wallet, build());
      setOutcome({ ok: true, text: `Accepted at height ${accepted.height}: transaction ${short(accepted.txHash, 16)}` });
      onAccepted?.(accepted);
    } catch (error) {
      const text = error instanceof ApiError ? `${error.code}: ${error.message}` : (error as Error).message;
      setOutcome({ ok: false, text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="tx-form" onSubmit={submit} aria-label={label}>
      {children}
      <button type="submit" class={danger ? 'danger' : ''} disabled={!wallet || busy}>{busy ? 'Signing…' : label}</button>
      <p class={`outcome ${outcome?.ok ? 'ok' : 'bad'}`} role="status" aria-live="polite">{outcome?.text ?? ''}</p>
    </form>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import type { ModelKind } from '../api';
import { useSessionApiKey } from '../apikey';
import { short } from '../format';
import { embed, streamChat, type Usage } from '../playground';

interface Answer { kind: ModelKind; text: string; vector: number[]; usage: Usage | null; provider: string | null; done: boolean }

const EMPTY: Answer = { kind: 'chat', text: '', vector: [], usage: null, provider: null, done: false };

function numberOrNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/**
 * Tries a served model from the browser, through the same gateway and with the same API key an
 * application would use: a chat answer streamed as it is generated, or an embedding, as the model's kind says.
 */
export function Playground({ models }: { models: { model: string; kind: ModelKind }[] }) {
  const sessionKey = useSessionApiKey();
  const [key, setKey] = useState(sessionKey);
  const names = models.map((m) => m.model);
  const firstChat = models.find((m) => m.kind === 'chat') ?? models[0];
  const [model, setModel] = useState(firstChat?.model ?? '');
  const kind: ModelKind = models.find((m) => m.model === model)?.kind ?? 'chat';
  const [message, setMessage] = useState('Name a baby');
  const [maxTokens, setMaxTokens] = useState('32');
  const [temperature, setTemperature] = useState('');
  const [seed, setSeed] = useState('42');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [problem, setProblem] = useState('');
  const running = useRef<AbortController | null>(null);

  useEffect(() => { if (sessionKey) setKey(sessionKey); }, [sessionKey]);
  useEffect(() => { if (!names.includes(model)) setModel(firstChat?.model ?? ''); }, [names.join(' ')]);
  useEffect(() => () => running.current?.abort(), []);

  const send = async () => {
    setProblem('');
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setAnswer({ ...EMPTY, kind });
    try {
      if (kind === 'embedding') {
        const result = await embed(key.trim(), model, message);
        setAnswer({ ...EMPTY, kind, vector: result.vector, usage: result.usage, provider: result.provider, done: true });
        return;
      }
      let text = '';
      const outcome = await streamChat(key.trim(), {
        model, message, maxTokens: Number(maxTokens), temperature: numberOrNull(temperature), seed: numberOrNull(seed),
      }, (piece) => {
        text += piece;
        setAnswer({ ...EMPTY, kind, text });
      }, controller.signal);
      setAnswer({ ...EMPTY, kind, text, usage: outcome.usage, provider: outcome.provider, done: true });
      if (outcome.error) setProblem(`The stream broke: ${outcome.error}`);
    } catch (error) {
      if (!controller.signal.aborted) {
        setAnswer(null);
        setProblem((error as Error).message);
      }
    }
  };

  return (
    <form class="playground" aria-label="Playground" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <div class="fields">
        <label>API key <input type="password" value={key} onInput={(e) => setKey(e.currentTarget.value)} autocomplete="off"
          placeholder="gm_… (Wallet page, or gridmint infer key)" /></label>
        <label>Model <select name="model" value={model} onChange={(e) => setModel(e.currentTarget.value)}>
          {models.map((m) => <option key={m.model} value={m.model}>{m.model} ({m.kind})</option>)}
        </select></label>
        {kind === 'chat' ? (
          <>
            <label>Max tokens <input type="number" min={1} max={4096} value={maxTokens} onInput={(e) => setMaxTokens(e.currentTarget.value)} /></label>
            <label>Temperature <input type="number" min={0} max={2} step={0.1} value={temperature} placeholder="model default"
              onInput={(e) => setTemperature(e.currentTarget.value)} /></label>
            <label>Seed <input type="number" value={seed} placeholder="none" onInput={(e) => setSeed(e.currentTarget.value)} /></label>
          </>
        ) : null}
      </div>
      <label class="block" for="playground-message">{kind === 'chat' ? 'Message' : 'Text to embed'}</label>
      <textarea id="playground-message" rows={2} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
      <button type="submit" disabled={!key.trim() || !model || !message.trim()}>Send</button>
      {problem ? <p class="state error" role="alert">{problem}</p> : null}
      {answer ? <AnswerView answer={answer} /> : null}
    </form>
  );
}

function AnswerView({ answer }: { answer: Answer }) {
  const by = answer.provider ? <> from <code title={answer.provider}>{short(answer.provider)}</code></> : null;
  const tokens = answer.usage ? `${answer.usage.prompt_tokens} in, ${answer.usage.completion_tokens} out` : null;
  return (
    <div class="answer" data-testid="playground-answer" aria-live="polite" aria-busy={!answer.done}>
      {answer.kind === 'chat'
        ? <pre class="log">{answer.text || (answer.done ? '(no text)' : '…')}</pre>
        : <p>{answer.vector.length} dimensions: <code>[{answer.vector.slice(0, 6).map((v) => v.toFixed(4)).join(', ')}, …]</code></p>}
      {answer.done ? <p class="muted" data-testid="playground-usage">{tokens ?? 'no usage reported'}{by}</p> : null}
    </div>
  );
}

// Calls the inference gateway from the browser as any OpenAI client does: chat completions streamed
// over server-sent events, and embeddings. The API key is the caller's; it is sent only to this origin.
import { gatewayFetch } from './api';

export interface Usage { prompt_tokens: number; completion_tokens: number; total_tokens: number }

export interface ChatRequest {
  model: string; message: string; maxTokens: number; temperature: number | null; seed: number | null;
}

export interface ChatOutcome { usage: Usage | null; provider: string | null; error: string | null }

/** The complete `data:` payloads in `buffer`, and what is left of it for the next read. */
export function sseData(buffer: string): { data: string[]; rest: string } {
  const events = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = events.pop() ?? '';
  const data = events.flatMap((event) => event.split('\n').filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart()));
  return { data, rest };
}

/**
 * Streams one chat answer, handing each piece of text to `onText` as it arrives. A stream that breaks
 * after it started ends with an error event, which the outcome carries.
 */
export async function streamChat(apiKey: string, request: ChatRequest, onText: (text: string) => void,
  signal?: AbortSignal): Promise<ChatOutcome> {
  const body: Record<string, unknown> = {
    model: request.model, messages: [{ role: 'user', content: request.message }], max_tokens: request.maxTokens,
    stream: true, stream_options: { include_usage: true },
  };
  if (request.temperature !== null) body.temperature = request.temperature;
  if (request.seed !== null) body.seed = request.seed;
  const response = await gatewayFetch('/v1/chat/completions', {
    method: 'POST', body: JSON.stringify(body), signal,
    headers: { authorization: `Bearer ${apiKey}`, accept: 'text/event-stream' },
  });
  const outcome: ChatOutcome = { usage: null, provider: response.headers.get('X-Gridmint-Provider'), error: null };
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return outcome;
    const { data, rest } = sseData(buffer + value);
    buffer = rest;
    for (const payload of data) {
      if (payload === '[DONE]') return outcome;
      const chunk = JSON.parse(payload) as {
        choices?: { delta?: { content?: string } }[]; usage?: Usage | null; error?: { message?: string };
      };
      chunk.choices?.forEach((choice) => { if (choice.delta?.content) onText(choice.delta.content); });
      if (chunk.usage) outcome.usage = chunk.usage;
      if (chunk.error) outcome.error = chunk.error.message ?? 'the stream broke';
    }
  }
}

export interface Embedding { vector: number[]; usage: Usage | null; provider: string | null }

export async function embed(apiKey: string, model: string, input: string): Promise<Embedding> {
  const response = await gatewayFetch('/v1/embeddings', {
    method: 'POST', body: JSON.stringify({ model, input }), headers: { authorization: `Bearer ${apiKey}` },
  });
  const answer = (await response.json()) as { data: { embedding: number[] }[]; usage?: Usage };
  return { vector: answer.data[0]?.embedding ?? [], usage: answer.usage ?? null, provider: response.headers.get('X-Gridmint-Provider') };
}

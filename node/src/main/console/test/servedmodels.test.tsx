import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { InferenceRoutes } from '../src/api';
import { ServedModels } from '../src/pages/Network';

const route = (job: string, provider: string, firstByte: number | null) => ({
  job, provider, price_per_device_hour: 1_000_000, reputation: 700, first_byte_ms: firstByte, in_flight: 1, answer_p95_ms: null,
});

describe('the served models table', () => {
  it('lists each model once with its price, then each route in the order the router tries them', () => {
    const table: InferenceRoutes = { models: [
      { model: 'all-minilm-l6-v2', kind: 'embedding', price_per_1k_tokens_micro_cc: 100, routes: [route('c'.repeat(64), 'Prov3333333333333333', 4.26)] },
      { model: 'gridmint-names', kind: 'chat', price_per_1k_tokens_micro_cc: 2_000,
        routes: [route('a'.repeat(64), 'Prov1111111111111111', 1.5), route('b'.repeat(64), 'Prov2222222222222222', null)] },
    ] };
    const root = document.createElement('div');
    render(<ServedModels table={table} />, root);
    const rows = [...root.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(3);
    expect(rows[0].textContent).toContain('all-minilm-l6-v2');
    expect(rows[0].textContent).toContain('0.0001 CC');
    expect(rows[0].textContent).toContain('4.3 ms');
    expect(rows[1].querySelector('th')?.getAttribute('rowspan')).toBe('2');
    expect(rows[1].textContent).toContain('0.002 CC');
    expect(rows[1].textContent).toContain('1.5 ms');
    expect(rows[2].querySelector('th')).toBeNull();
    expect(rows[2].textContent).toContain('not yet');
    expect(rows[2].querySelector('a')?.getAttribute('href')).toBe(`#/jobs/${'b'.repeat(64)}`);
  });
});

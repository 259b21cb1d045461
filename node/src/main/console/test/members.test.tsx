import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Job } from '../src/api';
import { Members } from '../src/pages/Jobs';

const lease = (provider: string, attempt: number) => ({ provider, attempt, pricePerDeviceHour: 1_000_000, billed: 2_500 });

describe('a gang job lists its members', () => {
  it('shows each seat with its provider, or that it waits for one', () => {
    const job = {
      nodes: 3,
      members: [
        { index: 0, state: 'RUNNING', leases: 1, lease: lease('Prov1111111111111111', 1), usageMillis: 0, resultHash: null },
        { index: 1, state: 'VACANT', leases: 1, lease: null, usageMillis: 0, resultHash: null },
        { index: 2, state: 'DONE', leases: 1, lease: lease('Prov3333333333333333', 3), usageMillis: 0, resultHash: 'ab'.repeat(32) },
      ],
    } as unknown as Job;
    const root = document.createElement('div');
    render(<Members job={job} />, root);
    const items = [...root.querySelectorAll('li')].map((li) => li.textContent ?? '');
    expect(items).toHaveLength(3);
    expect(items[0]).toContain('member 0');
    expect(items[0]).toContain('running, attempt 1');
    expect(items[1]).toContain('waiting for a provider');
    expect(items[2]).toContain('done, attempt 3');
  });
});

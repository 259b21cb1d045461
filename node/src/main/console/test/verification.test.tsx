import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Verification } from '../src/api';
import { VerificationPage, VerificationView } from '../src/pages/Verification';
import fixture from './verification.fixture.json';

// The fixture follows the contract of GET /v1/verification that the verification layer will serve.
const report = fixture as Verification;

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

const rowsOf = (label: string) => Array.from(root.querySelectorAll(`[aria-label="${label}"] tbody tr`));

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('VerificationView', () => {
  it('renders verdicts, slashes with their evidence and checker stats', () => {
    render(<VerificationView report={report} />, root);
    expect(root.textContent).toContain('12');
    expect(root.textContent).toContain(report.epoch_seed);
    expect(rowsOf('Verdicts')).toHaveLength(3);
    expect(rowsOf('Verdicts')[0].textContent).toContain('CHALLENGE');
    expect(rowsOf('Verdicts')[0].textContent).toContain('94.0 %');

    const slashes = rowsOf('Slashes');
    expect(slashes).toHaveLength(1);
    expect(slashes[0].textContent).toContain('50 GRID');
    expect(slashes[0].textContent).toContain('10.0 %');
    const evidence = Array.from(slashes[0].querySelectorAll('code.evidence')).map((e) => e.getAttribute('title'));
    expect(evidence).toEqual([report.verdicts[1].evidence, report.verdicts[2].evidence]);

    const checkers = rowsOf('Checkers');
    expect(checkers).toHaveLength(2);
    expect(checkers[0].textContent).toContain('2,500 GRID');
    expect(checkers[0].textContent).toContain('41');

    const checks = rowsOf('Inference spot checks');
    expect(checks).toHaveLength(2);
    // Newest first; the provider found at fault is marked.
    expect(checks[0].textContent).toContain('answer altered');
    expect(checks[0].textContent).toContain('streamed');
    expect(checks[1].textContent).toContain('whole');
    expect(checks[0].querySelector('code.fault')?.getAttribute('title')).toBe(report.spot_checks[1].original);
    expect(checks[1].textContent).toContain('match');
    expect(checks[1].querySelector('code.fault')).toBeNull();

    const sybils = rowsOf('Sybil flags');
    expect(sybils).toHaveLength(1);
    expect(sybils[0].textContent).toContain('same GPU: GPU-852a5fba-444a-df42-b37f-5722051e2670');
    expect(sybils[0].textContent).toContain('same IP: 203.0.113.7');
    expect(sybils[0].querySelectorAll('th code')).toHaveLength(2);
  });

  it('says so when the lists are empty', () => {
    render(<VerificationView report={{ ...report, verdicts: [], outcomes: [], checkers: [], sybils: [], spot_checks: [] }} />, root);
    expect(root.textContent).toContain('No verdicts in this epoch yet.');
    expect(root.textContent).toContain('No provider has been slashed.');
    expect(root.textContent).toContain('No checker has registered.');
    expect(root.textContent).toContain('No provider keys share hardware or origin.');
    expect(root.textContent).toContain('No inference request has been re-run yet.');
    expect(root.querySelectorAll('table')).toHaveLength(0);
  });
});

describe('VerificationPage', () => {
  it('shows an empty state, not an error, when the coordinator has no verification endpoint', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'no such route' }),
      { status: 404, headers: { 'content-type': 'application/json' } })));
    render(<VerificationPage />, root);
    expect(root.textContent).toContain('Loading the verification report');
    await settle();
    expect(root.textContent).toContain('does not run the verification layer yet');
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows a server failure as an error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ code: 'INTERNAL', message: 'internal error' }),
      { status: 500, headers: { 'content-type': 'application/json' } })));
    render(<VerificationPage />, root);
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('INTERNAL');
  });

  it('renders the report the endpoint returns', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(report), { status: 200 })));
    render(<VerificationPage />, root);
    await settle();
    expect(rowsOf('Verdicts')).toHaveLength(3);
  });
});

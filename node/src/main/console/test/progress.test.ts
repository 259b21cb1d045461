import { describe, expect, it } from 'vitest';
import type { Job } from '../src/api';
import { progressText } from '../src/pages/Jobs';

function job(workload: string, args: string[], step: number, totalSteps: number, losses: number[]): Job {
  return {
    id: 'j', tenant: 't', status: 'LEASED', workload, args, devices: 1, maxSeconds: 600, maxPricePerDeviceHour: 1,
    escrow: 0, deposited: 0, charged: 0, attempts: 1, lease: null, usageMillis: 0, resultHash: null, settlement: null,
    submittedAtHeight: 1,
    telemetry: {
      attempt: 1, provider: 'p', step, totalSteps,
      curve: losses.map((l, i) => ({ step: i + 1, trainLoss: l, valLoss: l })), outcome: null,
    },
  } as Job;
}

describe('job progress', () => {
  it('shows the step and the latest loss of a training job', () => {
    expect(progressText(job('train-gpt', [], 40, 60, [2.5, 2.25]))).toBe('step 40 of 60, loss 2.250');
    expect(progressText(job('train-gpt', [], 0, 60, []))).toBe('step 0 of 60');
  });

  it('shows a DiLoCo job by round, H inner steps each', () => {
    expect(progressText(job('diloco', ['--inner-steps', '5', '--rounds', '4'], 15, 20, [2.1])))
      .toBe('round 3 of 4, loss 2.100');
    expect(progressText(job('diloco', [], 100, 500, [2]))).toBe('round 2 of 10, loss 2.000');
  });
});

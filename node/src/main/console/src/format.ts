// Amounts arrive as integers in micro units; they are shown with up to six decimals, never rounded.

export function micro(amount: number | bigint, unit: string): string {
  const value = BigInt(amount);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 1_000_000n).toLocaleString('en-US');
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? '.' + fraction : ''} ${unit}`;
}

export const grid = (amount: number | bigint) => micro(amount, 'GRID');
export const credits = (amount: number | bigint) => micro(amount, 'CC');
export const perHour = (amount: number) => `${micro(amount, 'CC')}/h`;

/** Parses a decimal amount typed by a person into micro units, exactly (no floating point). */
export function parseMicro(text: string): bigint {
  const match = /^\s*(\d+)(?:\.(\d{1,6}))?\s*$/.exec(text);
  if (!match) {
    throw new Error(`'${text}' is not an amount with at most six decimals`);
  }
  return BigInt(match[1]) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

export function short(id: string | null | undefined, length = 10): string {
  if (!id) return '—';
  return id.length > length + 2 ? `${id.slice(0, length)}…` : id;
}

export function ledgerTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

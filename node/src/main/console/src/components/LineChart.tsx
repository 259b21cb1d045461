// A small line chart drawn as inline SVG: the console loads nothing from elsewhere.

export interface Series {
  name: string;
  points: [number, number][];
}

// Narrow enough that its 14px labels stay readable when a phone scales the chart down to its width.
const WIDTH = 480;
const HEIGHT = 220;
const PAD = { left: 78, right: 16, top: 12, bottom: 40 };
// Colour-blind-safe (Okabe–Ito) hues with at least 3:1 contrast against the white card.
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56b4e9'];

// A flat series gets a band of ±10% around its value, so one price or one loss still reads as itself.
function yExtent(values: number[]): [number, number] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = Math.abs(min) / 10 || 1;
  return min === max ? [min - pad, max + pad] : [min, max];
}

// A single x (one step, the current period) is drawn at the right end: it is the latest point.
function xExtent(values: number[]): [number, number] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? [min - 1, max] : [min, max];
}

export function LineChart({ title, series, xLabel, formatY, formatX = (x) => String(x) }: {
  title: string;
  series: Series[];
  xLabel: string;
  formatY: (y: number) => string;
  formatX?: (x: number) => string;
}) {
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) {
    return null;
  }
  const [x0, x1] = xExtent(points.map((p) => p[0]));
  const [y0, y1] = yExtent(points.map((p) => p[1]));
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (WIDTH - PAD.left - PAD.right);
  const sy = (y: number) => HEIGHT - PAD.bottom - ((y - y0) / (y1 - y0)) * (HEIGHT - PAD.top - PAD.bottom);
  const yTicks = [y0, (y0 + y1) / 2, y1];
  const summary = series.map((s) => {
    const last = s.points[s.points.length - 1];
    return last ? `${s.name}: latest ${formatY(last[1])} at ${formatX(last[0])}` : `${s.name}: no data`;
  }).join('; ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}. ${summary}`}>
        <title>{title}</title>
        {yTicks.map((y) => (
          <g key={y}>
            <line class="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={sy(y)} y2={sy(y)} />
            <text class="tick" x={PAD.left - 6} y={sy(y) + 4} text-anchor="end">{formatY(y)}</text>
          </g>
        ))}
        <text class="tick" x={PAD.left} y={HEIGHT - PAD.bottom + 18}>{formatX(x0)}</text>
        <text class="tick" x={WIDTH - PAD.right} y={HEIGHT - PAD.bottom + 18} text-anchor="end">{formatX(x1)}</text>
        <text class="axis" x={(WIDTH + PAD.left) / 2} y={HEIGHT - 4} text-anchor="middle">{xLabel}</text>
        {series.map((s, i) => s.points.length === 1
          ? <circle key={s.name} cx={sx(s.points[0][0])} cy={sy(s.points[0][1])} r={4} fill={COLOURS[i % COLOURS.length]} />
          : <polyline key={s.name} fill="none" stroke={COLOURS[i % COLOURS.length]} stroke-width={2}
              points={s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')} />)}
      </svg>
      <figcaption>
        {series.map((s, i) => (
          <span class="legend" key={s.name}>
            <span class="swatch" style={{ background: COLOURS[i % COLOURS.length] }} aria-hidden="true" />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

// Small hand-written SVG charts. The page needs lines over time, a confidence band and a
// threshold line, nothing more; a charting library would bring a JavaScript supply chain onto a
// page that holds an API token (docs/dashboard.md, "Why plain JavaScript").

import { h, s } from './dom.js';

const W = 560;
const H = 190;
const PAD = { left: 56, right: 12, top: 12, bottom: 26 };

/**
 * A time-series chart.
 * @param {object} spec
 * @param {string} spec.title        what is drawn, for the accessible name
 * @param {number} spec.from         left edge, ms since the epoch
 * @param {number} spec.to           right edge
 * @param {Array<{name: string, cls: string, points: Array<{t: number, v: ?number, lo?: ?number, hi?: ?number}>}>} spec.series
 * @param {?{value: number, label: string}} spec.threshold  the line a value must stay on the right side of
 * @param {(v: number) => string} spec.format  tick and label text
 * @param {?Array<{t: number, label: string}>} spec.marks  vertical markers (a trip)
 */
export function timeChart(spec) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const values = [];
  for (const line of spec.series) {
    for (const p of line.points) {
      for (const v of [p.v, p.hi, p.lo]) if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
    }
  }
  if (spec.threshold && Number.isFinite(spec.threshold.value)) values.push(spec.threshold.value);
  let lo = Math.min(0, ...values);
  let hi = Math.max(...values, 0);
  if (hi === lo) hi = lo + 1;
  hi += (hi - lo) * 0.08;
  const span = Math.max(spec.to - spec.from, 1);
  const x = (t) => PAD.left + ((t - spec.from) / span) * plotW;
  const y = (v) => PAD.top + plotH - ((v - lo) / (hi - lo)) * plotH;

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': describe(spec) });
  svg.append(s('title', {}, describe(spec)));

  // Grid and y ticks.
  for (const tick of ticks(lo, hi, 4)) {
    svg.append(s('line', { class: 'grid-line', x1: PAD.left, x2: W - PAD.right, y1: y(tick), y2: y(tick) }));
    svg.append(s('text', { class: 'tick', x: PAD.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, spec.format(tick)));
  }
  // Time ticks, in the user's time zone.
  for (let i = 0; i <= 4; i++) {
    const t = spec.from + (span * i) / 4;
    const label = new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
    svg.append(s('text', { class: 'tick', x: x(t), y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, label));
  }
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: PAD.top + plotH }));
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: PAD.top + plotH, y2: PAD.top + plotH }));

  for (const line of spec.series) {
    // The 95 % band, where both bounds are known.
    for (const run of runs(line.points, (p) => isNum(p.lo) && isNum(p.hi))) {
      if (run.length < 2) continue;
      const upper = run.map((p) => `${x(p.t).toFixed(1)},${y(p.hi).toFixed(1)}`);
      const lower = run.slice().reverse().map((p) => `${x(p.t).toFixed(1)},${y(p.lo).toFixed(1)}`);
      svg.append(s('polygon', { class: `band ${line.cls}`, points: [...upper, ...lower].join(' ') }));
    }
  }
  for (const line of spec.series) {
    for (const run of runs(line.points, (p) => isNum(p.v))) {
      if (run.length === 1) {
        svg.append(s('circle', { class: `dot ${line.cls}`, cx: x(run[0].t), cy: y(run[0].v), r: 2.5 }));
        continue;
      }
      svg.append(s('polyline', { class: `line ${line.cls}`, points: run.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }));
    }
  }
  if (spec.threshold && Number.isFinite(spec.threshold.value)) {
    const ty = y(spec.threshold.value);
    svg.append(s('line', { class: 'threshold', x1: PAD.left, x2: W - PAD.right, y1: ty, y2: ty }));
    svg.append(s('text', { class: 'threshold-label', x: W - PAD.right - 4, y: ty - 4, 'text-anchor': 'end' }, spec.threshold.label));
  }
  for (const mark of spec.marks ?? []) {
    const mx = x(mark.t);
    svg.append(s('line', { class: 'mark', x1: mx, x2: mx, y1: PAD.top, y2: PAD.top + plotH }));
    svg.append(s('text', { class: 'mark-label', x: mx - 4, y: PAD.top + 10, 'text-anchor': 'end' }, mark.label));
  }
  return svg;
}

/** The legend beside a chart: each series' name with its line style (not colour alone). */
export function legend(items) {
  return h('ul', { class: 'legend' }, items.map((item) => h('li', {},
    s('svg', { viewBox: '0 0 24 8', class: 'swatch', 'aria-hidden': 'true' },
      item.kind === 'threshold'
        ? s('line', { class: 'threshold', x1: 0, x2: 24, y1: 4, y2: 4 })
        : item.kind === 'band'
          ? s('rect', { class: `band ${item.cls}`, x: 0, y: 0, width: 24, height: 8 })
          : s('line', { class: `line ${item.cls}`, x1: 0, x2: 24, y1: 4, y2: 4 })),
    item.label)));
}

function describe(spec) {
  const parts = spec.series.map((line) => {
    const last = [...line.points].reverse().find((p) => isNum(p.v));
    return `${line.name}: ${last ? spec.format(last.v) : 'no data'}`;
  });
  if (spec.threshold) parts.push(spec.threshold.label);
  return `${spec.title}. Latest ${parts.join('; ')}`;
}

function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

// Consecutive points that pass `keep`: a gap in the data is a gap in the line.
function runs(points, keep) {
  const out = [];
  let run = [];
  for (const p of points) {
    if (keep(p)) run.push(p);
    else if (run.length) { out.push(run); run = []; }
  }
  if (run.length) out.push(run);
  return out;
}

function ticks(lo, hi, count) {
  const step = nice((hi - lo) / count);
  const first = Math.ceil(lo / step) * step;
  const out = [];
  for (let v = first; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function nice(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

// Small hand-written SVG charts. The page needs lines over time, a confidence band and a
// threshold line, nothing more; a charting library would bring a JavaScript supply chain onto a
// page that holds an API token (docs/dashboard.md, "Why plain JavaScript").

import { h, s } from './dom.js';
import { num } from './format.js';

const W = 560;
const H = 190;
const PAD = { right: 12, top: 12, bottom: 26 };
const MINUTE = 60 * 1000;
const CHAR_W = 6.6; // an 11 px tick label's widest average glyph, in viewBox units

/**
 * The span a chart shows: from the earliest point with data (at least `min` minutes back, at most
 * `max`) to `to`, in whole minutes, and the words for it ("last 6 min", "last 30 minutes").
 * With no data at all it is the whole look-back: that is what was read and found empty.
 * @param {number} to         the right edge (now), ms since the epoch
 * @param {?number} earliest  the earliest point with data, or null
 */
export function span(to, earliest, min = 5, max = 30) {
  const minutes = isNum(earliest)
    ? Math.min(max, Math.max(min, Math.ceil((to - earliest) / MINUTE)))
    : max;
  return { from: to - minutes * MINUTE, to, minutes, label: minutes >= max ? `last ${max} minutes` : `last ${minutes} min` };
}

/**
 * Value ticks over [lo, hi]: a 1-2-5 step and the decimals that step needs in the shown unit
 * (so 0.5 reads "0.5", never "1" twice, and 2 % reads "2 %", not "2.000 %").
 * @param {{scale?: number, suffix?: string, integer?: boolean, cover?: boolean}} axis  shown = value * scale + suffix;
 *        cover: one tick more where needed, so the last tick is at or above hi
 */
export function axisTicks(lo, hi, count, axis = {}) {
  const scale = axis.scale ?? 1;
  let step = nice(((hi - lo) * scale) / count);
  if (axis.integer) step = Math.max(1, step);
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const first = Math.ceil((lo * scale) / step - 1e-9) * step;
  const out = [];
  let v = first;
  for (; v <= hi * scale + step * 1e-9; v += step) out.push(tick(v));
  // With axis.cover the last tick reaches hi, so an axis drawn to it holds every value.
  if (axis.cover && (out.length === 0 || out[out.length - 1].value < hi - step * 1e-9 / scale)) out.push(tick(v));
  return out;

  function tick(raw) {
    const shown = Math.abs(raw) < step * 1e-9 ? 0 : raw;
    return { value: shown / scale, label: `${num(shown, digits)}${axis.suffix ?? ''}` };
  }
}

/**
 * A time-series chart, or one sentence saying why there is none.
 * @param {object} spec
 * @param {string} spec.title        what is drawn, for the accessible name
 * @param {number} spec.from         left edge, ms since the epoch
 * @param {number} spec.to           right edge
 * @param {Array<{name: string, cls: string, points: Array<{t: number, v: ?number, lo?: ?number, hi?: ?number}>}>} spec.series
 * @param {?{value: number, label: string}} spec.threshold  the line a value must stay on the right side of
 * @param {(v: number) => string} spec.format  a value as the label and the accessible name say it
 * @param {{scale?: number, suffix?: string, integer?: boolean}} spec.axis  how the value ticks read
 * @param {string} spec.empty  the sentence shown when no point falls in [from, to]
 * @param {?Array<{t: number, label: string}>} spec.marks  vertical markers (a trip)
 */
export function timeChart(spec) {
  // Only what falls in the span is drawn; a point left of it would land on the axis labels.
  const series = spec.series.map((line) => ({ ...line, points: line.points.filter((p) => p.t >= spec.from && p.t <= spec.to) }));
  if (!series.some((line) => line.points.some((p) => isNum(p.v)))) {
    return h('p', { class: 'chart-empty' }, spec.empty ?? 'no data in this span');
  }
  const values = [];
  for (const line of series) {
    for (const p of line.points) {
      for (const v of [p.v, p.hi, p.lo]) if (isNum(v)) values.push(v);
    }
  }
  if (spec.threshold && isNum(spec.threshold.value)) values.push(spec.threshold.value);
  let lo = Math.min(0, ...values);
  let hi = Math.max(...values, 0);
  if (hi === lo) hi = lo + (spec.axis?.integer ? 1 : 1 / (spec.axis?.scale ?? 1));
  hi += (hi - lo) * 0.08;
  const ticks = axisTicks(lo, hi, 4, spec.axis);
  lo = Math.min(lo, ticks[0]?.value ?? lo);
  // The left margin holds the longest tick label ("-10 %" as well as "0 %").
  const left = Math.ceil(Math.max(...ticks.map((t) => t.label.length), 3) * CHAR_W) + 12;
  const plotW = W - left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const width = Math.max(spec.to - spec.from, 1);
  const x = (t) => left + ((t - spec.from) / width) * plotW;
  const y = (v) => PAD.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const label = describe({ ...spec, series });

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label });
  svg.append(s('title', {}, label));

  // Grid and y ticks.
  for (const tick of ticks) {
    svg.append(s('line', { class: 'grid-line', x1: left, x2: W - PAD.right, y1: y(tick.value), y2: y(tick.value) }));
    svg.append(s('text', { class: 'tick', x: left - 6, y: y(tick.value) + 4, 'text-anchor': 'end' }, tick.label));
  }
  // Time ticks on whole minutes (1, 2, 5 or 10 apart), in the user's time zone.
  const every = [1, 2, 5, 10, 15, 30].map((m) => m * MINUTE).find((d) => width / d <= 7) ?? 60 * MINUTE;
  for (let t = Math.ceil(spec.from / every) * every; t <= spec.to; t += every) {
    if (x(t) + 16 > W) continue; // a label must not leave the chart
    const text = new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
    svg.append(s('line', { class: 'axis', x1: x(t), x2: x(t), y1: PAD.top + plotH, y2: PAD.top + plotH + 3 }));
    svg.append(s('text', { class: 'tick', x: x(t), y: H - 8, 'text-anchor': 'middle' }, text));
  }
  svg.append(s('line', { class: 'axis', x1: left, x2: left, y1: PAD.top, y2: PAD.top + plotH }));
  svg.append(s('line', { class: 'axis', x1: left, x2: W - PAD.right, y1: PAD.top + plotH, y2: PAD.top + plotH }));

  for (const line of series) {
    // The 95 % band, where both bounds are known.
    for (const run of runs(line.points, (p) => isNum(p.lo) && isNum(p.hi))) {
      if (run.length < 2) continue;
      const upper = run.map((p) => `${x(p.t).toFixed(1)},${y(p.hi).toFixed(1)}`);
      const lower = run.slice().reverse().map((p) => `${x(p.t).toFixed(1)},${y(p.lo).toFixed(1)}`);
      svg.append(s('polygon', { class: `band ${line.cls}`, points: [...upper, ...lower].join(' ') }));
    }
  }
  for (const line of series) {
    for (const run of runs(line.points, (p) => isNum(p.v))) {
      if (run.length === 1) {
        svg.append(s('circle', { class: `dot ${line.cls}`, cx: x(run[0].t), cy: y(run[0].v), r: 2.5 }));
        continue;
      }
      svg.append(s('polyline', { class: `line ${line.cls}`, points: run.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }));
    }
  }
  if (spec.threshold && isNum(spec.threshold.value)) {
    const ty = y(spec.threshold.value);
    svg.append(s('line', { class: 'threshold', x1: left, x2: W - PAD.right, y1: ty, y2: ty }));
    // Above the line, or below it when the line runs along the top.
    svg.append(s('text', { class: 'threshold-label', x: W - PAD.right - 4, y: ty - PAD.top < 10 ? ty + 13 : ty - 4, 'text-anchor': 'end' }, spec.threshold.label));
  }
  for (const mark of spec.marks ?? []) {
    const mx = x(mark.t);
    svg.append(s('line', { class: 'mark', x1: mx, x2: mx, y1: PAD.top, y2: PAD.top + plotH }));
    // Left of the line, unless that would leave the plot.
    const room = mx - left > mark.label.length * CHAR_W + 8;
    svg.append(s('text', { class: 'mark-label', x: room ? mx - 4 : mx + 4, y: PAD.top + 24, 'text-anchor': room ? 'end' : 'start' }, mark.label));
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

function nice(raw) {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

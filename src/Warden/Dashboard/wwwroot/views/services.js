// Services: the route table with backend health, and per version live P95, error rate,
// throughput and compliance against their targets, re-read every second: from the service's
// earliest request in the last 30 minutes (at least 5 minutes back) to now.

import { api, query, seg } from '../api.js';
import { h, swap, field, badge, panel, missing, empty, table } from '../dom.js';
import { timeChart, legend, span } from '../chart.js';
import { num, pct } from '../format.js';
import { debounce, concerns } from './shared.js';

const SERIES_CLASSES = ['s0', 's1', 's2', 's3', 's4'];

export async function mount(ctx) {
  const routesBox = h('div');
  const chartsBox = h('div', { class: 'service-charts' });
  ctx.root.append(panel('Routes', routesBox), chartsBox);
  let names = [];
  const chartSlots = new Map();

  const readRoutes = async () => {
    const routes = await api('/api/v1/routes', { signal: ctx.signal });
    if (!routes.ok) {
      swap(routesBox, missing(routes, 'the route table'));
      return;
    }
    const list = routes.data.services ?? [];
    names = list.map((s) => s.service);
    swap(routesBox, routeTable(list), h('p', { class: 'help' }, `Route table revision ${num(routes.data.revision)}; health from this server's gateway.`));
    for (const name of names) {
      if (!chartSlots.has(name)) {
        const slot = h('div', { class: 'charts' }, h('p', { class: 'loading' }, 'Reading telemetry…'));
        chartSlots.set(name, slot);
        const box = panel(`${name}: live`, slot);
        slot.heading = box.querySelector('h2');
        chartsBox.append(box);
      }
    }
  };

  // A server without the series endpoint is asked again every 30 s, not every second.
  let askAgainAt = 0;
  const readSeries = async () => {
    if (Date.now() < askAgainAt) return;
    await Promise.all(names.map(async (name) => {
      const series = await api(query('/api/v1/telemetry/series', { service: name, seconds: 1800, step: 10 }), { signal: ctx.signal });
      const slot = chartSlots.get(name);
      if (!slot) return;
      if (!series.ok && series.status === 404 && series.problem?.title !== 'Not found') askAgainAt = Date.now() + 30000;
      if (!series.ok) {
        swap(slot, missing(series, 'live telemetry'));
        return;
      }
      const shown = charts(series.data);
      slot.heading.textContent = `${name}: ${shown.span.label}`;
      swap(slot, shown.content);
    }));
  };

  await readRoutes();
  await readSeries();
  ctx.every(1000, readSeries);
  ctx.every(5000, readRoutes);
  const reread = debounce(readRoutes);
  ctx.onEvent((event) => { if (concerns(event, ['route', 'rollout', 'rollback'])) reread(); });
}

function routeTable(services) {
  if (services.length === 0) return empty('This server routes no services.');
  return h('div', { class: 'table-wrap' }, table(null, ['Service', 'Production', 'Canary', '#Weight', 'Shadow', 'Backends'],
    services.map((s) => h('tr', { 'data-service': s.service },
      h('th', { scope: 'row' }, s.service),
      field('td', 'route.production', s.production, s.production),
      field('td', 'route.canary', s.canary, s.canary ?? '—'),
      field('td', 'route.weight', s.canary_weight, `${num(s.canary_weight, s.canary_weight % 1 ? 2 : 0)} %`, { class: 'num' }),
      field('td', 'route.shadow', s.shadow, s.shadow ?? '—'),
      h('td', {}, h('ul', { class: 'inline' }, (s.backends ?? []).map((b) => h('li', { title: b.last_failure ? `${b.address}: ${b.last_failure}` : b.address },
        `${b.version} `, badge(b.health), b.consecutive_failures ? ` (${b.consecutive_failures} failures)` : ''))))))));
}

function charts(data) {
  const to = Date.parse(data.to);
  const targets = data.targets ?? {};
  const lines = (data.series ?? []).map((series, i) => ({
    ...series,
    cls: SERIES_CLASSES[i % SERIES_CLASSES.length],
    name: `${series.version} (${series.arm})`,
    points: series.points.map((p) => ({ ...p, t: Date.parse(p.time) })),
  }));
  const served = lines.flatMap((line) => line.points.filter((p) => p.requests > 0).map((p) => p.t));
  const shown = span(to, served.length ? Math.min(...served) : null);
  const { from } = shown;
  const quiet = `no requests in the ${shown.label}`;
  if (!served.some((t) => t >= from)) return { span: shown, content: empty(`${data.service}: ${quiet}.`) };
  const pick = (extract) => lines.map((line) => ({
    name: line.name,
    cls: line.cls,
    points: line.points.map((p) => ({ t: p.t, ...extract(p) })),
  }));
  const est = (e) => (e ? { v: e.value, lo: e.ci_low, hi: e.ci_high } : { v: null });
  const production = lines.find((l) => l.arm === 'production');
  const productionCompliance = production ? [...production.points].reverse().find((p) => p.compliance)?.compliance?.value : undefined;
  const drop = (targets.compliance_drop_points ?? 2) / 100;
  const unjudged = data.compliance_labels === false
    ? `no compliance labels configured for ${data.service} (gateway.services.${data.service}.compliance_labels, docs/gateway.md)`
    : `no judged answers in the ${shown.label}`;
  const cards = [
    card('P95 latency', timeChart({
      title: 'P95 latency per version', from, to, series: pick((p) => est(p.p95_ms)),
      threshold: targets.p95_ms ? { value: targets.p95_ms, label: `target < ${num(targets.p95_ms)} ms` } : null,
      format: (v) => `${num(v, v < 10 ? 1 : 0)} ms`, axis: { suffix: ' ms' }, empty: quiet,
    })),
    card('Error rate', timeChart({
      title: 'Error rate per version', from, to, series: pick((p) => est(p.error_rate)),
      threshold: targets.error_rate !== undefined ? { value: targets.error_rate, label: `limit ${pct(targets.error_rate, 1)}` } : null,
      format: (v) => pct(v, v < 0.01 ? 2 : 1), axis: { scale: 100, suffix: ' %' }, empty: quiet,
    })),
    card('Throughput', timeChart({
      title: 'Throughput per version', from, to, series: pick((p) => ({ v: p.throughput_rps })),
      threshold: targets.throughput_rps ? { value: targets.throughput_rps, label: `target ≥ ${num(targets.throughput_rps)} rps` } : null,
      format: (v) => `${num(v, v < 10 ? 1 : 0)} rps`, axis: { suffix: ' rps' }, empty: quiet,
    })),
    card('Live compliance@1', timeChart({
      title: 'Live compliance per version', from, to, series: pick((p) => est(p.compliance)),
      threshold: productionCompliance !== undefined ? { value: productionCompliance - drop, label: `production − ${num(drop * 100)} pts` } : null,
      format: (v) => pct(v, 0), axis: { scale: 100, suffix: ' %' }, empty: unjudged,
    })),
  ];
  return {
    span: shown,
    content: [
      legend([...lines.map((l) => ({ cls: l.cls, label: `${l.name}: ${lastSummary(l)}` })), { kind: 'band', cls: 's0', label: 'CI95 band' }, { kind: 'threshold', label: 'target' }]),
      h('div', { class: 'chart-grid' }, cards),
    ],
  };
}

function lastSummary(line) {
  const last = [...line.points].reverse().find((p) => p.requests > 0);
  if (!last) return 'no requests';
  return `${num(last.requests)} req in the last bucket`;
}

function card(title, svg) {
  return h('figure', { class: 'chart-card' }, h('figcaption', {}, title), svg);
}

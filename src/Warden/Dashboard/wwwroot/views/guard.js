// Guard: per watched rollout and trigger, the current estimate and its anytime-valid lower bound
// against the threshold (the bound crossing the line is the rollback), and the rollback log.

import { api, query } from '../api.js';
import { h, swap, field, badge, panel, missing, empty, time, table, facts } from '../dom.js';
import { timeChart, legend, span } from '../chart.js';
import { num, secs, triggerValue, triggerAxis } from '../format.js';
import { debounce, concerns } from './shared.js';

export async function mount(ctx) {
  const guardBox = h('div');
  const logBox = h('div');
  ctx.root.append(panel('Live guard', guardBox), panel('Rollback log', logBox));

  const readGuard = async () => {
    const guard = await api('/api/v1/guard', { signal: ctx.signal });
    swap(guardBox, guard.ok ? guardView(guard.data) : missing(guard, 'the live guard'));
  };
  const readLog = async () => {
    const log = await api(query('/api/v1/rollbacks', { limit: 50 }), { signal: ctx.signal });
    swap(logBox, log.ok ? rollbackLog(log.data.rollbacks ?? []) : missing(log, 'the rollback log'));
  };

  await Promise.all([readGuard(), readLog()]);
  ctx.every(1000, readGuard);
  const reread = debounce(() => { readGuard(); readLog(); });
  ctx.onEvent((event) => { if (concerns(event, ['rollout', 'rollback', 'guard', 'drill'])) reread(); });
}

function guardView(g) {
  const head = h('p', { class: 'help' },
    g.leading ? 'This server leads: its guard watches every rollout below' : `This server does not lead; ${g.holder ? `the guard runs on ${g.holder}` : 'no leader is known'}.`,
    g.leading && g.interval_ms ? `, looking every ${num(g.interval_ms)} ms.` : '');
  const rollouts = g.rollouts ?? [];
  if (rollouts.length === 0) return [head, empty(g.leading ? 'No rollout is being watched now (a rolled-back one stays listed for 30 minutes).' : 'Ask the leading server for what its guard watches.')];
  return [head, ...rollouts.map(watched)];
}

function watched(r) {
  const state = r.tripped ? 'tripped' : r.watching ? 'guarding' : 'stopped';
  // One span for all of a rollout's charts, so their time axes line up: from its first kept
  // reading (at least 5 minutes back) to now.
  const times = (r.triggers ?? []).flatMap((t) => (t.series ?? []).map((p) => Date.parse(p.time)));
  const shown = span(Math.max(Date.now(), ...times), times.length ? Math.min(...times) : null);
  return h('article', { class: 'guarded', 'data-service': r.service },
    h('div', { class: 'panel-head' },
      h('h3', {}, `${r.service}: ${r.candidate} (rollout ${r.rollout_id}) against ${r.known_good}`, h('span', { class: 'span-note' }, ` · ${shown.label}`)),
      badge(state)),
    facts([
      ['Phase', `${r.phase}${r.step !== null && r.step !== undefined ? ` step ${r.step}` : ''}`],
      ['Evidence', r.evidence_source],
      r.tripped ? ['Tripped', [r.tripped.trigger, ' at ', time(r.tripped.time), r.tripped.rollback_run_id ? ` (${r.tripped.rollback_run_id})` : '']] : null,
    ]),
    h('div', { class: 'trigger-grid' }, (r.triggers ?? []).map((t) => trigger(r, t, shown))));
}

function trigger(r, t, shown) {
  const status = t.tripped ? 'tripped' : t.armed ? 'armed' : 'not armed';
  const points = (t.series ?? []).map((p) => ({ ...p, t: Date.parse(p.time) }));
  const trip = points.find((p) => p.tripped);
  const fmt = (v) => triggerValue(t.trigger, v);
  const chart = timeChart({
    title: `${r.service} ${t.trigger}: observed and anytime-valid lower bound against the threshold, ${shown.label}`,
    from: shown.from, to: shown.to,
    series: [
      { name: 'observed', cls: 's1', points: points.map((p) => ({ t: p.t, v: p.observed })) },
      { name: 'lower bound', cls: 's0', points: points.map((p) => ({ t: p.t, v: p.bound })) },
    ],
    threshold: { value: t.threshold, label: `threshold ${fmt(t.threshold)}` },
    format: fmt,
    axis: triggerAxis(t.trigger),
    empty: t.armed ? `no reading kept in the ${shown.label}` : `not armed: no reading kept in the ${shown.label}`,
    marks: trip ? [{ t: trip.t, label: 'rollback' }] : [],
  });
  return h('figure', { class: 'chart-card trigger', 'data-trigger': t.trigger },
    h('figcaption', {}, h('span', { class: 'trigger-name' }, t.trigger), ' ', badge(status, t.tripped ? 'bad' : t.armed ? 'good' : 'neutral')),
    h('dl', { class: 'facts compact' },
      h('dt', {}, 'Observed'), field('dd', 'guard.observed', t.observed, fmt(t.observed)),
      h('dt', {}, 'Bound'), field('dd', 'guard.bound', t.bound, fmt(t.bound)),
      h('dt', {}, 'Threshold'), field('dd', 'guard.threshold', t.threshold, fmt(t.threshold)),
      h('dt', {}, 'Requests'), h('dd', {}, `${num(t.events)} of ${num(t.requests)}`)),
    chart,
    chart instanceof SVGElement ? legend([{ cls: 's1', label: 'observed' }, { cls: 's0', label: 'lower bound (trips above the threshold)' }, { kind: 'threshold', label: 'threshold' }]) : null,
    h('p', { class: 'help' }, t.description ?? ''));
}

function rollbackLog(rows) {
  if (rows.length === 0) return empty('No rollback recorded.');
  return h('div', { class: 'table-wrap' }, table(null, ['Time', 'Service', 'By', 'Trigger', '#Observed', '#Bound', '#Threshold', 'From → to', '#RTO', '#RPO', 'Targets'],
    rows.map((r) => h('tr', { 'data-rollback': r.rollback_run_id ?? r.event_id },
      h('td', {}, time(r.time)),
      h('th', { scope: 'row' }, r.service),
      h('td', {}, r.by ?? '—'),
      h('td', {}, r.trigger ?? '—'),
      h('td', { class: 'num' }, triggerValue(r.trigger, r.observed)),
      h('td', { class: 'num' }, triggerValue(r.trigger, r.bound)),
      h('td', { class: 'num' }, triggerValue(r.trigger, r.threshold)),
      h('td', {}, `${r.from_version ?? '?'} → ${r.to_version ?? '?'}`),
      field('td', 'rollback.rto', r.rto_seconds, secs(r.rto_seconds, 2), { class: 'num', title: r.rto_max_seconds ? `target ≤ ${r.rto_max_seconds} s` : null }),
      h('td', { class: 'num' }, secs(r.rpo_seconds, 1)),
      h('td', {}, targets(r))))));
}

// RTO and RPO against their objectives. within_targets (the API's) is false whenever either is
// unknown — an unknown meets nothing — but an RPO that is unknown because the restored version had
// no verified checkpoint is not a measured miss: it reads "RTO met · RPO unknown", neutral.
function targets(r) {
  if (r.within_targets === undefined || r.within_targets === null) return '—';
  if (r.within_targets) return badge('met', 'good');
  const rto = judge(r.rto_seconds, r.rto_max_seconds);
  const rpo = judge(r.rpo_seconds, r.rpo_max_seconds);
  if (rto === 'missed' || rpo === 'missed') {
    return h('span', { title: `RTO ${rto}, RPO ${rpo}` }, badge('missed', 'bad'));
  }
  if (rto === 'unknown') {
    return h('span', { title: 'the route was never restored: no RTO' }, badge('missed', 'bad'));
  }
  return h('span', { title: 'no verified checkpoint of the restored version: RPO not measured (warden checkpoint verify)' },
    badge(`RTO ${rto} · RPO ${rpo}`, 'neutral'));
}

function judge(value, max) {
  if (typeof value !== 'number') return 'unknown';
  if (typeof max !== 'number') return 'met';
  return value <= max ? 'met' : 'missed';
}

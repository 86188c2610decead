// Recovery: checkpoints (age, load time, status), drills (RTO distribution, success rate with
// its CI95) and the latest Rollback Officer verdict.

import { api, query, seg } from '../api.js';
import { h, s, swap, field, badge, panel, missing, empty, time, table, facts } from '../dom.js';
import { num, secs, estPct } from '../format.js';
import { axisTicks } from '../chart.js';
import { serviceNames, debounce, concerns } from './shared.js';

export async function mount(ctx) {
  const checkpointsBox = h('div');
  const drillsBox = h('div');
  const officerBox = h('div');
  ctx.root.append(panel('Checkpoints', checkpointsBox), panel('Drills', drillsBox), panel('Rollback Officer', officerBox));

  const read = async () => {
    const { routes, names } = await serviceNames(ctx.signal);
    const [checkpoints, drills, officers] = await Promise.all([
      routes.ok ? Promise.all(names.map((n) => api(`/api/v1/checkpoints/${seg(n)}`, { signal: ctx.signal }).then((r) => [n, r]))) : null,
      api(query('/api/v1/drills', { limit: 50 }), { signal: ctx.signal }),
      routes.ok ? Promise.all(names.map((n) => api(query('/api/v1/recovery/officer', { service: n }), { signal: ctx.signal }).then((r) => [n, r]))) : null,
    ]);
    swap(checkpointsBox, routes.ok ? checkpointTables(checkpoints) : missing(routes, 'the service list'));
    swap(drillsBox, drills.ok ? drillView(drills.data) : missing(drills, 'the drill runs'));
    swap(officerBox, officerView(officers, drills, routes));
  };
  await read();
  const reread = debounce(read);
  ctx.onEvent((event) => { if (concerns(event, ['checkpoint', 'drill', 'rollback', 'cycle.end', 'verdict'])) reread(); });
}

function checkpointTables(results) {
  if (results.length === 0) return empty('This server routes no services.');
  return results.map(([name, r]) => {
    if (!r.ok) return [h('h3', {}, name), r.status === 404 && r.problem?.title === 'Not found' ? empty(`No checkpoint of ${name} verified yet.`) : missing(r, `${name}'s checkpoints`)];
    const rows = r.data.checkpoints ?? [];
    return [h('h3', {}, name), rows.length === 0 ? empty(`No checkpoint of ${name} verified yet.`) : h('div', { class: 'table-wrap' }, table(null, ['Version', 'Status', '#Age', '#Load time', 'Verified', 'sha256', 'Problem'],
      rows.map((c) => h('tr', { 'data-version': c.version },
        h('th', { scope: 'row' }, c.version),
        h('td', {}, badge(c.status)),
        h('td', { class: 'num' }, age(c.age_hours)),
        h('td', { class: 'num' }, c.load_time_s === null ? '—' : c.load_time_s < 0.1 ? `${num(c.load_time_s * 1000, 1)} ms` : secs(c.load_time_s, 2)),
        h('td', {}, time(c.verified_at), c.verified_by ? ` by ${c.verified_by}` : ''),
        h('td', {}, h('code', { title: c.sha256 }, (c.sha256 ?? '').slice(0, 12))),
        h('td', {}, c.problem ?? '')))))];
  });
}

function drillView(data) {
  const runs = data.runs ?? [];
  const summary = data.summary ?? {};
  const rto = summary.rto_seconds ?? {};
  const values = rto.values ?? runs.map((r) => r.rto_seconds).filter((v) => typeof v === 'number');
  return [
    h('div', { class: 'stats' },
      stat('Runs', h('span', {}, num(summary.runs ?? runs.length))),
      stat('Succeeded', h('span', {}, num(summary.succeeded ?? runs.filter((r) => r.succeeded).length))),
      stat('Success rate [CI95]', field('span', 'drills.success_rate', summary.success_rate?.value, estPct(summary.success_rate, 1))),
      stat('RTO median', field('span', 'drills.rto_median', rto.median, secs(rto.median, 2))),
      stat('RTO P90', h('span', {}, secs(rto.p90, 2))),
      stat('RTO max', h('span', {}, secs(rto.max, 2)))),
    values.length ? rtoStrip(values, rto) : null,
    runs.length === 0 ? empty('No drill has run yet: warden drill SERVICE, or the heartbeat cycle\'s ROLLBACK_SIMULATION.') : h('div', { class: 'table-wrap' }, table(null, ['Time', 'Service', 'Fault', 'Result', '#RTO', '#RPO', 'Summary'],
      runs.map((r) => h('tr', { 'data-run': r.run_id },
        h('td', {}, time(r.time)),
        h('th', { scope: 'row' }, r.service),
        h('td', {}, r.fault ?? '—'),
        h('td', {}, badge(r.succeeded ? 'succeeded' : 'failed')),
        h('td', { class: 'num' }, secs(r.rto_seconds, 2)),
        h('td', { class: 'num' }, secs(r.rpo_seconds, 1)),
        h('td', { class: 'reason' }, r.summary ?? ''))))),
  ];
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value));
}

// The RTO distribution as a strip: one tick per run on a seconds axis, median and P90 marked,
// every label inside the plot.
function rtoStrip(values, rto) {
  const W = 560;
  const H = 62;
  const left = 16;
  const right = 16;
  const ticks = axisTicks(0, Math.max(...values, rto.p90 ?? 0, 0.001), 4, { suffix: ' s', cover: true });
  const max = ticks[ticks.length - 1].value;
  const x = (v) => left + (v / max) * (W - left - right);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart strip', role: 'img', 'aria-label': `RTO of ${values.length} drill runs: median ${secs(rto.median, 2)}, P90 ${secs(rto.p90, 2)}, max ${secs(rto.max, 2)}` });
  svg.append(s('line', { class: 'axis', x1: left, x2: W - right, y1: 40, y2: 40 }));
  ticks.forEach((tick, i) => {
    svg.append(s('text', { class: 'tick', x: x(tick.value), y: 56, 'text-anchor': i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle' }, tick.label));
  });
  for (const v of values) svg.append(s('line', { class: 'line s0', x1: x(v), x2: x(v), y1: 25, y2: 40 }));
  const marks = rto.median === rto.p90
    ? [[`median = P90 = ${secs(rto.median, 2)}`, rto.median]]
    : [[`median ${secs(rto.median, 2)}`, rto.median], [`P90 ${secs(rto.p90, 2)}`, rto.p90]];
  marks.forEach(([label, v], i) => {
    if (typeof v !== 'number') return;
    const mx = x(v);
    // Right of the line when the label fits before the edge, else left of it.
    const fits = mx + 3 + label.length * 6.6 <= W - 2;
    svg.append(s('line', { class: 'threshold', x1: mx, x2: mx, y1: 2, y2: 40 }));
    svg.append(s('text', { class: 'threshold-label', x: fits ? mx + 3 : mx - 3, y: 11 + i * 11, 'text-anchor': fits ? 'start' : 'end' }, label));
  });
  return h('figure', { class: 'chart-card' }, h('figcaption', {}, 'RTO per drill run'), svg);
}

function officerView(officers, drills, routes) {
  if (!routes.ok) return missing(routes, 'the service list');
  const folded = drills.ok ? drills.data.officer ?? drills.data.rollback_officer : null;
  if (folded) return officerCard(folded);
  if (!officers || officers.length === 0) return empty('This server routes no services.');
  return officers.map(([name, r]) => {
    if (!r.ok) return [h('h3', {}, name), missing(r, 'the Rollback Officer\'s verdict')];
    return [h('h3', {}, name), officerCard(r.data)];
  });
}

function officerCard(data) {
  // The newer of the cycle's review and the latest deployment verdict; `latest` names which.
  const entries = [data.cycle, data.verdict].filter(Boolean);
  const latest = (typeof data.latest === 'string' ? data[data.latest] : data.latest)
    ?? entries.sort((a, b) => Date.parse(b.time ?? 0) - Date.parse(a.time ?? 0))[0]
    ?? (data.vote ? data : null);
  if (!latest) return empty('No Rollback Officer vote recorded yet.');
  const other = entries.find((e) => e !== latest);
  const findings = latest.findings ?? latest.checks ?? [];
  const vote = latest.vote ?? latest.worst_status;
  return h('article', { class: 'officer' },
    h('div', { class: 'panel-head' }, h('h4', {}, `Latest: ${latest.source ?? 'Rollback Officer'}`), vote ? badge(vote) : null),
    facts([
      ['When', time(latest.time)],
      latest.cycle_id ? ['Cycle', latest.cycle_id] : null,
      latest.deployment_id ? ['Deployment', `${latest.deployment_id} (${latest.candidate_version} against ${latest.baseline_version}, ${latest.outcome})`] : null,
      latest.summary ? ['Summary', latest.summary] : null,
      latest.decisive_check ? ['Decisive check', latest.decisive_check] : null,
      other ? ['Older', [`${other.source}: `, other.vote ?? other.worst_status ?? other.outcome ?? '—', ' at ', time(other.time)]] : null,
    ]),
    findings.length
      ? h('ul', { class: 'findings' }, findings.map((f) => h('li', {}, badge(f.status), ` ${f.name ?? f.check ?? f.id ?? ''}${f.version ? ` ${f.version}` : ''}: ${f.reason ?? f.detail ?? ''}`)))
      : h('p', { class: 'empty' }, latest.report_status === 'missing' ? 'The verdict\'s report is missing, so its Rollback Officer findings cannot be read.' : 'No findings recorded.'));
}

// A checkpoint's age: minutes under an hour ("0.0 h" says nothing), hours under two days, then days.
function age(hours) {
  if (hours === null || hours === undefined) return '—';
  if (hours < 1) return `${num(Math.floor(hours * 60))} min`;
  if (hours < 48) return `${num(hours, 1)} h`;
  return `${num(hours / 24, 1)} d`;
}

// Rollouts: each service's latest rollout, its plan drawn as steps with the current one marked,
// every finished step's analysis (values with CI95, targets, decisions), and the buttons the
// token's roles allow. The API refuses what a role may not do anyway; the buttons only save a trip.

import { api, seg } from '../api.js';
import { h, swap, field, badge, panel, missing, empty, time, facts } from '../dom.js';
import { num, pct } from '../format.js';
import { serviceNames, debounce, concerns, checksTable } from './shared.js';

// Which role draws a button, and the phases that take it (RolloutMachine's rules).
const ACTIONS = [
  { name: 'Pause', path: 'pause', role: 'operator', takes: (r) => !r.finished && !r.paused && r.phase !== 'baking' },
  { name: 'Resume', path: 'resume', role: 'operator', takes: (r) => !r.finished && r.paused },
  { name: 'Promote', path: 'promote', role: 'approver', takes: (r) => !r.finished && (r.phase === 'shadow' || r.phase === 'canary'), confirm: 'Promote' },
  { name: 'Approve', path: 'approve', role: 'approver', takes: (r) => !r.finished && r.phase === 'awaiting_approval' },
  { name: 'Abort', path: 'abort', role: 'operator', takes: (r) => !r.finished, confirm: 'Abort rollout' },
];

export async function mount(ctx) {
  const box = h('div', { class: 'rollouts' });
  ctx.root.append(box);

  const read = async () => {
    const { routes, names } = await serviceNames(ctx.signal);
    if (!routes.ok) {
      swap(box, panel('Rollouts', missing(routes, 'the service list')));
      return;
    }
    if (names.length === 0) {
      swap(box, panel('Rollouts', empty('This server routes no services.')));
      return;
    }
    const cards = await Promise.all(names.map(async (name) => {
      const status = await api(`/api/v1/rollouts/${seg(name)}/status`, { signal: ctx.signal });
      return rolloutCard(ctx, name, status, read);
    }));
    swap(box, ...cards);
  };

  await read();
  const reread = debounce(read);
  ctx.onEvent((event) => { if (concerns(event, ['rollout', 'rollback', 'route', 'verdict'])) reread(); });
  ctx.every(5000, read);
}

function rolloutCard(ctx, name, status, reread) {
  if (!status.ok) {
    const none = status.status === 404 && status.problem?.title === 'Not found';
    return h('section', { class: 'panel rollout', 'data-service': name, 'aria-label': `${name} rollout` },
      h('h2', {}, name),
      none ? empty(`No rollout of ${name} yet.`) : missing(status, `${name}'s rollout`));
  }
  const d = status.data;
  const r = d.rollout;
  const state = r.finished ? r.where : r.paused ? 'paused' : r.phase;
  return h('section', { class: 'panel rollout', 'data-service': name, 'aria-labelledby': `ro-${name}` },
    h('div', { class: 'panel-head' },
      h('h2', { id: `ro-${name}` }, `${name}: rollout ${r.id} of `, field('span', 'rollout.candidate', r.candidate, r.candidate)),
      badge(state)),
    facts([
      ['Phase', field('span', 'rollout.phase', r.phase, r.phase.replace('_', ' '))],
      ['Step', field('span', 'rollout.step', r.step, r.step === null ? '—' : `${r.step} of ${d.plan?.steps?.length ?? '?'}`)],
      ['Weight', field('span', 'rollout.weight', r.weight_percent, r.weight_percent === null ? '—' : `${num(r.weight_percent)} %`)],
      ['Where', r.where + (r.pause_reason ? ` — ${r.pause_reason}` : '')],
      ['Known good', r.known_good],
      ['Deployment', r.deployment_id],
      ['Started', [time(r.started_at), ` by ${r.started_by}`]],
      ['This phase since', time(r.phase_started_at)],
      ['Route now', `production ${d.route?.production ?? '—'}${d.route?.canary ? `, canary ${d.route.canary} at ${num(d.route.canary_weight_percent)} %` : ', no canary'}${d.route?.shadow ? `, shadow ${d.route.shadow}` : ''}`],
    ]),
    plan(d.stages ?? []),
    buttons(ctx, name, r, reread),
    d.guard ? h('p', { class: 'note' }, 'Guard: ', badge(d.guard.status), ` since `, time(d.guard.since), ` (${d.guard.source})${d.guard.reason ? `: ${d.guard.reason}` : ''}`) : null,
    decisions(d));
}

function plan(stages) {
  if (stages.length === 0) return null;
  const marks = { passed: '✓ passed', failed: '✗ failed', current: '● now', pending: 'to come', skipped: 'skipped' };
  return h('ol', { class: 'plan', 'aria-label': 'Plan' }, stages.map((stage) => h('li', { class: `stage stage-${stage.mark}`, 'aria-current': stage.mark === 'current' ? 'step' : null },
    h('span', { class: 'stage-name' }, stage.name),
    h('span', { class: 'stage-mark' }, marks[stage.mark] ?? stage.mark))));
}

function buttons(ctx, service, r, reread) {
  const allowed = ACTIONS.filter((a) => ctx.can(a.role));
  if (allowed.length === 0) return h('p', { class: 'help' }, 'Your token\'s role may only look; operators pause, resume and abort, approvers promote and approve.');
  return h('div', { class: 'actions', role: 'group', 'aria-label': `${service} rollout actions` }, allowed.map((a) => h('button', {
    type: 'button',
    class: a.confirm ? 'danger' : null,
    'data-key': `${service}-${a.path}`,
    disabled: !a.takes(r),
    title: a.takes(r) ? `${a.name} the rollout of ${service}` : `The rollout is ${r.where}: ${a.name.toLowerCase()} does not apply`,
    onclick: async (event) => {
      const button = event.currentTarget;
      if (a.confirm) {
        const sure = await ctx.confirm({
          title: `${a.confirm} of ${service}?`,
          text: a.path === 'abort'
            ? `Traffic goes back to ${r.known_good} at once and the rollout of ${r.candidate} ends.`
            : `${r.candidate} skips to the next step now (${r.where}).`,
          action: a.confirm,
        });
        if (!sure) return;
      }
      button.disabled = true;
      const result = await api(`/api/v1/rollouts/${seg(service)}/${a.path}`, { method: 'POST', body: {} });
      if (result.ok) {
        const where = result.data?.rollout?.where ?? result.data?.where;
        ctx.say(`${a.name}: ${service} ${where ? `is now ${where}` : 'done'}.`, 'good');
      } else {
        ctx.say(`${a.name} refused: ${result.problem?.detail ?? `HTTP ${result.status}`}`, 'bad');
      }
      reread();
    },
  }, a.name)));
}

function decisions(d) {
  const items = [];
  const k = `${d.rollout.service}-${d.rollout.id}`;
  for (const v of d.verdicts ?? []) {
    items.push(decision(`${k}-verdict-${v.generation}`, `Live shadow verdict ${v.detail?.outcome ?? ''}`, v, v.detail?.rule, `production ${num(v.detail?.production_requests)} requests, shadow ${num(v.detail?.shadow_requests)}`));
  }
  for (const a of d.analyses ?? []) {
    items.push(decision(`${k}-analysis-${a.generation}`, `Step ${a.step} (${num(a.weight_percent)} %) analysis: ${a.detail?.outcome ?? ''}`, a, a.detail?.reason,
      a.detail ? `canary ${num(a.detail.canary_requests)} requests, production ${num(a.detail.production_requests)}; window ${a.detail.window_complete ? 'complete' : 'incomplete'}` : null));
  }
  if (d.live_analysis) {
    const l = d.live_analysis;
    items.push(h('details', { class: 'decision current', open: true, 'data-key': `${k}-live` },
      h('summary', {}, badge('now', 'info'), ` Step ${l.step} (${num(l.weight_percent)} %) judged now, ${num(l.elapsed_seconds, 0)} s into the step`),
      h('p', {}, l.analysis?.reason ?? ''),
      checksTable(l.analysis?.checks, 'The current window')));
  }
  for (const g of d.guard_rollbacks ?? []) {
    const x = g.detail ?? {};
    items.push(h('details', { class: 'decision', open: true, 'data-key': `${k}-guard-${g.generation}` },
      h('summary', {}, badge('rolled back'), ' Guard: ', time(g.time), ` → ${g.to}`),
      h('p', {}, g.reason),
      x.trigger ? facts([
        ['Trigger', x.trigger],
        ['Observed', pct(x.observed, 3)],
        ['Bound', pct(x.bound, 3)],
        ['Threshold', pct(x.threshold, 2)],
        ['Evidence', x.evidence_source],
      ]) : null));
  }
  if (items.length === 0) return empty('No decision recorded yet.');
  return h('div', { class: 'decisions' }, h('h3', {}, 'Decisions'), items);
}

function decision(key, title, entry, reason, window) {
  return h('details', { class: 'decision', 'data-key': key },
    h('summary', {}, badge(entry.detail?.outcome ?? entry.to), ` ${title} `, time(entry.time), ` → ${entry.to}`),
    reason ? h('p', {}, reason) : null,
    window ? h('p', { class: 'help' }, window) : null,
    checksTable(entry.detail?.checks, null));
}

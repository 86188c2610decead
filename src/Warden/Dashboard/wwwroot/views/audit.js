// Audit: the hash-chained log with filters (subject, action, since, limit), its head, and the
// result of audit verify.

import { api, query } from '../api.js';
import { h, swap, field, badge, panel, missing, empty, time, table, facts } from '../dom.js';
import { num } from '../format.js';
import { debounce } from './shared.js';

export async function mount(ctx) {
  const filters = { subject: '', action: '', since: '', limit: '100' };
  const verifyBox = h('div');
  const logBox = h('div');
  const inputs = {};
  const form = h('form', { class: 'filters', 'aria-label': 'Audit filters' },
    ['subject', 'action', 'since', 'limit'].map((name) => {
      inputs[name] = h('input', {
        id: `audit-${name}`, name, value: filters[name], type: name === 'limit' ? 'number' : 'text', min: name === 'limit' ? 1 : null,
        placeholder: { subject: 'rollout:ranker', action: 'rollback', since: 'evt-40 or 2026-12-07T05:00Z', limit: '100' }[name],
      });
      return h('div', { class: 'filter' }, h('label', { for: `audit-${name}` }, name[0].toUpperCase() + name.slice(1)), inputs[name]);
    }),
    h('button', { type: 'submit', class: 'primary' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const name of Object.keys(filters)) filters[name] = inputs[name].value.trim();
    readLog();
  });
  ctx.root.append(panel('Chain', verifyBox), panel('Events', form, logBox));

  const readVerify = async () => {
    const verify = await api('/api/v1/audit/verify', { signal: ctx.signal });
    swap(verifyBox, verify.ok ? verifyView(verify.data) : missing(verify, 'audit verify'));
  };
  const readLog = async () => {
    const log = await api(query('/api/v1/audit', filters), { signal: ctx.signal });
    swap(logBox, log.ok ? events(log.data) : missing(log, 'the audit log'));
  };

  await Promise.all([readVerify(), readLog()]);
  const reread = debounce(() => { readVerify(); readLog(); }, 400);
  ctx.onEvent(reread);
}

function verifyView(v) {
  const result = v.intact ? 'intact' : 'broken';
  return [
    h('div', { class: 'stats' },
      h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'Verify'), h('div', { class: 'stat-value' }, field('span', 'audit.verify', result, result === 'intact' ? '✓ intact' : '✗ broken', { class: `verify verify-${result}` }))),
      h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'Head'), h('div', { class: 'stat-value' }, field('span', 'audit.head', v.head?.id, v.head?.id ?? '(empty)'))),
      h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'Events checked'), h('div', { class: 'stat-value' }, num(v.events_checked))),
      h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'State rows checked'), h('div', { class: 'stat-value' }, num(v.state_rows_checked)))),
    v.head ? h('p', { class: 'help' }, 'Anchor (write it down to detect a rewrite later): ', h('code', { class: 'wrap' }, v.head.anchor)) : null,
    v.intact ? null : facts([
      ['Broken at', `${v.broken_at ?? '—'} (seq ${v.broken_seq ?? '—'})`],
      ['Problem', v.problem ?? '—'],
      ['Rows', (v.broken_rows ?? []).map((r) => JSON.stringify(r)).join('; ') || '—'],
    ]),
  ];
}

function events(data) {
  const rows = [...(data.events ?? [])].reverse();
  if (rows.length === 0) return empty('No event matches these filters.');
  return [
    h('p', { class: 'help' }, `${num(data.count ?? rows.length)} events, newest first.`),
    h('div', { class: 'table-wrap' }, table(null, ['Id', 'Time', 'Actor', 'Action', 'Subject', 'Payload'],
      rows.map((e) => h('tr', { 'data-event': e.id },
        h('th', { scope: 'row' }, e.id),
        h('td', {}, time(e.time)),
        h('td', { class: 'actor', title: e.actor }, e.actor),
        h('td', {}, h('code', {}, e.action)),
        h('td', {}, e.subject),
        h('td', { class: 'payload' }, h('details', { 'data-key': `payload-${e.id}` }, h('summary', {}, summary(e)), h('pre', {}, JSON.stringify(e.payload, null, 2)))))))),
  ];
}

function summary(e) {
  const p = e.payload ?? {};
  return p.reason ?? p.summary ?? p.description ?? (p.trigger?.description) ?? `${Object.keys(p).length} fields`;
}

// Pieces more than one view uses: the service list, a debounced re-read, check tables.

import { api } from '../api.js';
import { h, badge, table, field } from '../dom.js';
import { observed } from '../format.js';

/** The services this server routes (GET /api/v1/routes); model names are service names. */
export async function serviceNames(signal) {
  const routes = await api('/api/v1/routes', { signal });
  return { routes, names: routes.ok ? (routes.data.services ?? []).map((s) => s.service) : [] };
}

/** Calls fn at most once per `ms`, trailing: a burst of events is one re-read. */
export function debounce(fn, ms = 150) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

/** Whether an audit event concerns the view: its action starts with one of the prefixes. */
export function concerns(event, prefixes) {
  if (event.type === 'reconnected') return true;
  return prefixes.some((p) => event.type === p || event.type.startsWith(`${p}.`));
}

/** A table of checks: name, status, observed value with its CI95, target and reason. */
export function checksTable(checks, caption) {
  return h('div', { class: 'table-wrap' }, table(caption, ['Check', 'Status', 'Observed [CI95]', 'Target', 'Why'],
    (checks ?? []).map((c) => h('tr', { 'data-check': c.id },
      h('th', { scope: 'row' }, c.name ?? c.id),
      h('td', {}, badge(c.status)),
      field('td', 'check.observed', c.observed?.value, observed(c), { class: 'num', 'data-ci-low': c.observed?.ci_low ?? '', 'data-ci-high': c.observed?.ci_high ?? '' }),
      h('td', {}, c.target ?? ''),
      h('td', { class: 'reason' }, c.reason ?? '')))));
}

// Cycle & channels: heartbeat cycles with each phase's result, the latest innovation report, and
// a live tail of a channel over Server-Sent Events.

import { api, query, seg } from '../api.js';
import { h, swap, badge, panel, missing, empty, time, table, facts } from '../dom.js';
import { renderMarkdown } from '../markdown.js';
import { EventStream } from '../live.js';
import { secs } from '../format.js';
import { debounce, concerns } from './shared.js';

const TAIL_MAX = 200;

export async function mount(ctx) {
  const cyclesBox = h('div');
  const detailBox = h('div', { 'aria-live': 'polite' });
  const reportBox = h('div');
  const channelsBox = h('div');
  ctx.root.append(
    panel('Heartbeat cycles', cyclesBox, detailBox),
    h('div', { class: 'two-columns' }, panel('Channels', channelsBox), panel('Latest innovation report', reportBox)));
  let shownCycle = null;
  let latestReported = null;

  const showCycle = async (id) => {
    shownCycle = id;
    const one = await api(`/api/v1/cycles/${seg(id)}`, { signal: ctx.signal });
    swap(detailBox, one.ok ? cycleDetail(one.data) : missing(one, `cycle ${id}`));
  };

  const readCycles = async () => {
    const list = await api(query('/api/v1/cycles', { limit: 20 }), { signal: ctx.signal });
    if (!list.ok) {
      swap(cyclesBox, missing(list, 'the cycle history'));
      swap(reportBox, empty('No cycle to read a report from.'));
      return;
    }
    const cycles = [...(list.data.cycles ?? [])].reverse();
    swap(cyclesBox, cycles.length ? cycleTable(cycles, showCycle) : empty('No heartbeat cycle has run yet (warden.yaml cycle:, or warden cycle run).'));
    const latest = cycles.find((c) => c.ended_at);
    if (latest && latest.cycle !== latestReported) {
      latestReported = latest.cycle;
      const report = await api(`/api/v1/cycles/${seg(latest.cycle)}/reports/innovation_report.md`, { accept: 'text/markdown, text/plain', signal: ctx.signal });
      swap(reportBox, report.ok && typeof report.text === 'string'
        ? [h('p', { class: 'help' }, `From cycle ${latest.cycle}, ended `, time(latest.ended_at), '.'), renderMarkdown(report.text)]
        : missing(report, 'the innovation report'));
    } else if (!latest) {
      swap(reportBox, empty('No cycle has ended yet.'));
    }
    if (shownCycle) await showCycle(shownCycle);
  };

  await Promise.all([readCycles(), channels(ctx, channelsBox)]);
  const reread = debounce(readCycles, 300);
  ctx.onEvent((event) => { if (concerns(event, ['cycle'])) reread(); });
}

function cycleTable(cycles, show) {
  return h('div', { class: 'table-wrap' }, table(null, ['Cycle', 'Started', '#Took', 'Trigger', 'Status', 'Phases'],
    cycles.map((c) => h('tr', { 'data-cycle': c.cycle },
      h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', 'data-key': `cycle-${c.cycle}`, onclick: () => show(c.cycle) }, c.cycle)),
      h('td', {}, time(c.started_at)),
      h('td', { class: 'num' }, c.ended_at ? secs((Date.parse(c.ended_at) - Date.parse(c.started_at)) / 1000, 1) : 'running'),
      h('td', {}, c.trigger),
      h('td', {}, badge(c.status ?? 'running')),
      h('td', {}, h('ol', { class: 'phases' }, (c.phases ?? []).map((p) => h('li', { title: p.summary }, badge(`${p.phase.toLowerCase().replace(/_/g, ' ')}`, kind(p.status))))))))));
}

function kind(status) {
  return { ok: 'good', failed: 'bad', error: 'bad', skipped: 'neutral' }[status] ?? 'warn';
}

function cycleDetail(c) {
  return h('article', { class: 'cycle-detail' },
    h('h3', {}, `Cycle ${c.cycle}`),
    facts([
      ['Status', badge(c.status ?? 'running')],
      ['Started', time(c.started_at)],
      ['Ended', time(c.ended_at)],
      ['Trigger', `${c.trigger}${c.request ? ` (request ${c.request})` : ''}`],
      ['Holder', c.holder],
    ]),
    h('div', { class: 'table-wrap' }, table(null, ['Phase', 'Result', 'Summary'], (c.phases ?? []).map((p) => h('tr', {},
      h('th', { scope: 'row' }, p.phase),
      h('td', {}, badge(p.status, kind(p.status))),
      h('td', { class: 'reason' }, p.summary ?? ''))))));
}

async function channels(ctx, box) {
  const list = await api('/api/v1/channels', { signal: ctx.signal });
  if (!list.ok) {
    swap(box, missing(list, 'the channels'));
    return;
  }
  const all = list.data.channels ?? [];
  if (all.length === 0) {
    swap(box, empty('No channel has a message yet.'));
    return;
  }
  const select = h('select', { id: 'channel' }, all.map((c) => h('option', { value: c.channel }, `${c.channel} (${c.messages})`)));
  const state = h('span', { class: 'tail-state' }, 'connecting');
  const tail = h('ol', { class: 'tail', 'aria-live': 'polite', 'aria-label': 'Channel messages, newest last' });
  swap(box, h('div', { class: 'filters' }, h('label', { for: 'channel' }, 'Channel'), select, state), tail);
  let stream = null;
  const follow = async (name) => {
    stream?.stop();
    tail.replaceChildren();
    const recent = await api(query(`/api/v1/channels/${seg(name)}/messages`, { limit: 20 }), { signal: ctx.signal });
    for (const message of parseMessages(recent)) add(tail, message);
    stream = new EventStream(`/api/v1/channels/${seg(name)}/stream`, {
      onState: (live, why) => { state.textContent = live ? 'live' : `reconnecting${why ? `: ${why}` : ''}`; },
      onUnauthorized: () => api('/api/v1/whoami'),
      onEvent: (event) => add(tail, event.data),
    });
    if (recent.ok) {
      const last = parseMessages(recent).at(-1);
      if (last?.sequence) stream.lastId = String(last.sequence);
    }
    stream.start();
  };
  select.addEventListener('change', () => follow(select.value));
  ctx.signal.addEventListener('abort', () => stream?.stop());
  await follow(select.value);
}

// channel tail --json writes one JSON object per line; the API may answer it as text or parsed.
function parseMessages(result) {
  if (!result.ok) return [];
  if (Array.isArray(result.data?.messages)) return result.data.messages;
  if (result.data && !result.text) return [result.data];
  return (result.text ?? '').split('\n').filter((l) => l.trim()).map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter(Boolean);
}

function add(tail, m) {
  if (!m) return;
  const message = m.message ?? m.payload ?? m;
  tail.append(h('li', {},
    time(m.time), ' ',
    h('span', { class: 'kind' }, message.kind ?? ''), ' ',
    h('span', { class: 'publisher' }, message.publisher ?? m.actor ?? ''), ': ',
    message.summary ?? JSON.stringify(message)));
  while (tail.children.length > TAIL_MAX) tail.firstElementChild.remove();
  tail.scrollTop = tail.scrollHeight;
}

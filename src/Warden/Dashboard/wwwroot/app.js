// The dashboard's shell: sign-in, header, navigation by hash routes, the live event stream, the
// rollback banner, the status line and the confirmation dialog. Each view is a module under
// views/ with one function, mount(ctx), that draws into ctx.root and re-reads when told.

import { api, token, onUnauthorized } from './api.js';
import { h, time } from './dom.js';
import { EventStream } from './live.js';
import { secs } from './format.js';
import * as services from './views/services.js';
import * as rollouts from './views/rollouts.js';
import * as guard from './views/guard.js';
import * as verdicts from './views/verdicts.js';
import * as recovery from './views/recovery.js';
import * as cycle from './views/cycle.js';
import * as audit from './views/audit.js';

const VIEWS = { services, rollouts, guard, verdicts, recovery, cycle, audit };
const ROLE_ORDER = ['viewer', 'operator', 'approver', 'admin'];

const main = document.getElementById('view');
const nav = document.getElementById('nav');
const session = document.getElementById('session');
const liveBadge = document.querySelector('[data-testid="live"]');
const whoamiText = document.querySelector('[data-testid="whoami"]');
const statusLine = document.getElementById('status');
const banners = document.getElementById('banners');

let me = null;          // { name, role, roles }
let stream = null;      // the event stream while signed in
let current = null;     // { name, controller, listeners: Set }
let liveNow = false;

// ---- Sign-in -------------------------------------------------------------------------------

function showSignIn(problem) {
  stop();
  me = null;
  nav.hidden = true;
  session.hidden = true;
  banners.replaceChildren();
  main.dataset.view = 'signin';
  main.dataset.ready = 'false';
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'token-help' });
  const alert = h('p', { role: 'alert', class: 'alert', id: 'signin-alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { id: 'signin', class: 'signin', novalidate: true },
    h('h1', {}, 'Sign in to Warden'),
    h('label', { for: 'token' }, 'API token'),
    input,
    h('p', { id: 'token-help', class: 'help' },
      'A token from ', h('code', {}, 'warden token create --name NAME --role viewer'),
      '. It is kept in this tab\'s session storage only, sent as an Authorization header, and forgotten when the tab closes.'),
    button,
    alert);
  if (problem) alert.textContent = problem;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) {
      alert.textContent = 'Enter an API token.';
      input.focus();
      return;
    }
    button.disabled = true;
    alert.textContent = '';
    const who = await identify(value);
    button.disabled = false;
    if (!who.ok) {
      alert.textContent = who.problem;
      input.select();
      return;
    }
    token.set(value);
    enter(who.me);
  });
  main.replaceChildren(form);
  main.dataset.ready = 'true';
  input.focus();
}

/**
 * Who a token belongs to: GET /api/v1/whoami. A server without that endpoint yet is asked for the
 * audit head instead (any valid token may read it), and the token is treated as a viewer's.
 */
async function identify(value) {
  const who = await api('/api/v1/whoami', { token: value });
  if (who.ok) return { ok: true, me: who.data };
  if (who.status === 404 && who.problem?.title !== 'Not found') {
    const probe = await api('/api/v1/audit/head', { token: value });
    if (probe.ok) return { ok: true, me: { name: 'signed in', role: 'viewer', roles: ['viewer'], guessed: true } };
    return { ok: false, problem: detail(probe) };
  }
  return { ok: false, problem: detail(who) };
}

function detail(result) {
  if (result.status === 0) return `Cannot reach the server: ${result.problem?.detail ?? 'network error'}`;
  return result.problem?.detail ?? result.problem?.title ?? `The server answered HTTP ${result.status}.`;
}

function enter(who) {
  me = { ...who, roles: who.roles?.length ? who.roles : ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(who.role) + 1) };
  whoamiText.textContent = `${me.name} · ${me.role}`;
  whoamiText.title = me.guessed ? 'This server has no /api/v1/whoami: the name and roles are unknown, so only what a viewer may do is shown.' : `roles: ${me.roles.join(', ')}`;
  nav.hidden = false;
  session.hidden = false;
  startStream();
  route();
}

function stop() {
  stream?.stop();
  stream = null;
  current?.controller.abort();
  current = null;
  setLive(false);
}

onUnauthorized((problem) => {
  token.clear();
  showSignIn(problem?.detail ? `Signed out: ${problem.detail}` : 'Signed out: the token was refused.');
});

document.getElementById('signout').addEventListener('click', () => {
  token.clear();
  showSignIn();
  say('Signed out.');
});

// ---- Live events ---------------------------------------------------------------------------

function startStream() {
  stream?.stop();
  stream = new EventStream('/api/v1/events', {
    onState: (live, why) => setLive(live, why),
    onUnauthorized: () => {
      token.clear();
      showSignIn('Signed out: the token was refused.');
    },
    onEvent: (event) => {
      if (event.type === 'rollback' || event.type === 'rollout.rollback') rollbackBanner(event);
      if (current) for (const listener of current.listeners) listener(event);
    },
  });
  stream.start();
}

function setLive(live, why) {
  const changed = live !== liveNow;
  liveNow = live;
  liveBadge.textContent = live ? 'live' : 'reconnecting';
  liveBadge.dataset.state = live ? 'live' : 'off';
  liveBadge.title = live ? 'Connected to /api/v1/events: changes show as they happen.' : `Not connected to the event stream${why ? `: ${why}` : ''}; views re-read on a timer meanwhile.`;
  // A view re-reads what it may have missed while the stream was down.
  if (changed && live && current) for (const listener of current.listeners) listener({ type: 'reconnected', data: null });
}

// One banner per service, updated as the rollout.rollback and then the rollback event arrive.
function rollbackBanner(event) {
  const p = event.data?.payload ?? {};
  const service = p.service ?? (event.data?.subject ?? '').replace(/^rollout:/, '');
  if (!service) return;
  const trigger = p.trigger?.name ?? p.trigger ?? /guard: ([a-z_]+):/.exec(p.reason ?? '')?.[1] ?? (p.input === 'command' ? 'abort' : p.input) ?? 'unknown';
  const rto = p.rto_seconds;
  const id = `banner-${service}`;
  let banner = document.getElementById(id);
  const known = banner?.dataset;
  const finalTrigger = trigger !== 'unknown' ? trigger : known?.trigger ?? trigger;
  const finalRto = rto ?? (known?.rto ? Number(known.rto) : null);
  const close = h('button', { type: 'button', class: 'link', onclick: () => banner.remove() }, 'Dismiss');
  const content = [
    h('strong', {}, 'Rollback: '),
    h('span', { 'data-field': 'banner.service' }, service),
    ' rolled back',
    p.restored_version || p.known_good ? ` to ${p.restored_version ?? p.known_good}` : '',
    ' · trigger ', h('span', { 'data-field': 'banner.trigger' }, finalTrigger),
    ' · RTO ', h('span', { 'data-field': 'banner.rto' }, finalRto === null || finalRto === undefined ? 'being measured' : secs(finalRto, 2)),
    ' · ', time(event.data?.time),
    ' ', h('a', { href: '#/guard' }, 'Guard'), ' ', close,
  ];
  if (!banner) {
    banner = h('div', { class: 'banner', id, 'data-testid': 'rollback-banner' });
    banners.prepend(banner);
  }
  banner.dataset.trigger = finalTrigger;
  if (finalRto !== null && finalRto !== undefined) banner.dataset.rto = String(finalRto);
  banner.replaceChildren(...content);
}

// ---- Views ---------------------------------------------------------------------------------

function route() {
  if (!me) return;
  const match = /^#\/([a-z]+)/.exec(location.hash);
  const name = match && VIEWS[match[1]] ? match[1] : 'services';
  if (!match || !VIEWS[match[1]]) {
    history.replaceState(null, '', '#/services');
  }
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === `#/${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  current?.controller.abort();
  const controller = new AbortController();
  const listeners = new Set();
  current = { name, controller, listeners };
  main.dataset.view = name;
  main.dataset.ready = 'false';
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  const title = nav.querySelector(`a[href="#/${name}"]`).textContent;
  document.title = `${title} · Warden`;
  const root = h('div', { class: 'view' });
  const ctx = {
    root,
    me,
    signal: controller.signal,
    can: (role) => me.roles.includes(role),
    get live() { return liveNow; },
    /** Calls fn(event) for each live event (and once after a reconnection) while this view is shown. */
    onEvent: (fn) => listeners.add(fn),
    /** Runs fn every ms while this view is shown; faster while the event stream is down, if asked. */
    every: (ms, fn) => {
      const timer = setInterval(() => { if (!controller.signal.aborted) fn(); }, ms);
      controller.signal.addEventListener('abort', () => clearInterval(timer));
    },
    say,
    confirm: confirmDialog,
  };
  VIEWS[name].mount(ctx).then(() => {
    if (controller.signal.aborted) return;
    main.replaceChildren(h('h1', { class: 'visually-hidden' }, title), root);
    main.dataset.ready = 'true';
  }).catch((error) => {
    if (controller.signal.aborted || error?.name === 'AbortError') return;
    main.replaceChildren(h('h1', {}, title), h('p', { class: 'empty missing' }, `This view failed to draw: ${error?.message ?? error}`));
    main.dataset.ready = 'true';
    console.error(error);
  });
}

/** Writes a result or a problem into the one status line ([role="status"]). */
function say(text, kind) {
  statusLine.textContent = text;
  statusLine.dataset.kind = kind ?? 'info';
  statusLine.classList.add('shown');
  clearTimeout(say.timer);
  say.timer = setTimeout(() => statusLine.classList.remove('shown'), 15000);
}

/** Asks for confirmation in the <dialog>: resolves true for the action's button, false for Cancel or Escape. */
function confirmDialog({ title, text, action }) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  const ok = document.getElementById('confirm-ok');
  const cancel = document.getElementById('confirm-cancel');
  ok.textContent = action;
  return new Promise((resolve) => {
    const done = (value) => {
      ok.removeEventListener('click', yes);
      cancel.removeEventListener('click', no);
      dialog.removeEventListener('close', no);
      if (dialog.open) dialog.close();
      resolve(value);
    };
    const yes = () => done(true);
    const no = () => done(false);
    ok.addEventListener('click', yes);
    cancel.addEventListener('click', no);
    dialog.addEventListener('close', no);
    dialog.showModal();
    cancel.focus();
  });
}

document.getElementById('skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', route);

// ---- Start ---------------------------------------------------------------------------------

(async () => {
  const saved = token.get();
  if (!saved) {
    showSignIn();
    return;
  }
  const who = await identify(saved);
  if (!who.ok) {
    token.clear();
    showSignIn(who.problem);
    return;
  }
  enter(who.me);
})();

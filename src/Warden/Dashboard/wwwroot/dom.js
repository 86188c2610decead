// Building blocks for the views. Every piece of server text goes in through textContent or an
// attribute set with setAttribute, never through innerHTML: a service name, a reason or a report
// can hold markup, and here it stays text.

const SVG = 'http://www.w3.org/2000/svg';

/** An element: h('td', { class: 'num', 'data-field': 'route.weight' }, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element, attributes as for h. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces a container's children, keeping keyboard focus on the element with the same data-key
 * and the open state of each <details data-key> (a view re-read every second must not throw the
 * user's focus back to the page, nor close what they opened).
 */
export function swap(container, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.getAttribute('data-key') : null;
  // Sections the user opened or closed stay so.
  const opened = new Map([...container.querySelectorAll('details[data-key]')].map((d) => [d.getAttribute('data-key'), d.open]));
  container.replaceChildren();
  append(container, children);
  for (const d of container.querySelectorAll('details[data-key]')) {
    const was = opened.get(d.getAttribute('data-key'));
    if (was !== undefined) d.open = was;
  }
  if (key) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

/** A time shown in the user's time zone, with the UTC instant in datetime= and on hover. */
export function time(iso, options) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, String(iso));
  const utc = date.toISOString();
  const shown = options?.relative ? relative(date) : local(date, options?.dateless);
  return h('time', { datetime: utc, title: `${utc.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC')}` }, shown);
}

function local(date, dateless) {
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  const timeText = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  if (dateless || sameDay) return timeText;
  return `${date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })} ${timeText}`;
}

function relative(date) {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h ago`;
  return `${(seconds / 86400).toFixed(1)} d ago`;
}

/** A number the tests compare with the API: the raw value in data-value, the formatted text shown. */
export function field(tag, key, raw, text, attrs) {
  return h(tag, { ...attrs, 'data-field': key, 'data-value': raw === null || raw === undefined ? '' : String(raw) }, text);
}

const STATUS_KIND = {
  pass: 'good', go: 'good', ok: 'good', up: 'good', passed: 'good', intact: 'good', succeeded: 'good', promoted: 'good', advance: 'good', guarding: 'good', live: 'good',
  fail: 'bad', 'no-go': 'bad', reject: 'bad', down: 'bad', failed: 'bad', broken: 'bad', rolled_back: 'bad', 'rolled back': 'bad', tripped: 'bad', error: 'bad', aborted: 'bad', tampered: 'bad',
  inconclusive: 'warn', hold: 'warn', 'shadow only': 'warn', pause_and_fix: 'warn', paused: 'warn', stale: 'warn', slow: 'warn', unknown: 'warn', pending: 'warn', current: 'info', missing: 'warn',
};

/** A status as a badge: its word always shown (colour is never the only signal), coloured by kind. */
export function badge(status, kind) {
  const text = status === null || status === undefined ? '—' : String(status);
  const k = kind ?? STATUS_KIND[text.toLowerCase()] ?? 'neutral';
  const mark = { good: '✓', bad: '✗', warn: '!', info: '●', neutral: '' }[k];
  return h('span', { class: `badge badge-${k}` }, mark ? h('span', { 'aria-hidden': 'true' }, mark + ' ') : null, text);
}

/** A panel: a titled section. */
export function panel(title, ...children) {
  const id = `p-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** What stands where data would: an empty list, or an endpoint this server does not have (yet). */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** A failed read, said plainly: the endpoint, its status and the API's detail. */
export function missing(result, what) {
  const status = result?.status;
  let why;
  if (status === 404 && result.problem?.title !== 'Not found') why = `this server has no ${result.path} endpoint (HTTP 404); update warden to see ${what}`;
  else if (status === 404) why = result.problem?.detail ?? `nothing found at ${result.path}`;
  else if (status === 503) why = `${what} is not available on this server (HTTP 503): ${result.problem?.detail ?? 'service unavailable'}`;
  else if (status === 403) why = `your token may not read ${what} (HTTP 403): ${result.problem?.detail ?? ''}`;
  else if (status === 0) why = `cannot reach the server for ${what}: ${result.problem?.detail ?? 'network error'}`;
  else why = `${what}: HTTP ${status} ${result.problem?.detail ?? ''}`;
  return h('p', { class: 'empty missing' }, why);
}

/** A definition list from [term, value] pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** A table: headers and rows of cells (each a Node, text, or [attrs, ...content]). */
export function table(caption, headers, rows, attrs) {
  return h('table', { class: 'grid', ...attrs },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col', class: x.startsWith('#') ? 'num' : null }, x.replace(/^#/, ''))))),
    h('tbody', {}, rows));
}

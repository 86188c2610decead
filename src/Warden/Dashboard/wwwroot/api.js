// Every datum on the page comes from /api/v1 with the user's token, kept in session storage (gone
// when the tab closes, never in a URL, never in a cookie, so no other site can send it).

const KEY = 'warden.token';
let unauthorized = () => {};

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** Called with the API's problem when any call answers 401: the token is dropped and sign-in shown. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/**
 * Calls the API: resolves to { ok, status, path, exit, data, text, problem } and never throws for an
 * HTTP or network failure (a view shows what is missing instead of breaking). Aborts do throw.
 */
export async function api(path, options = {}) {
  const headers = { Accept: options.accept ?? 'application/json' };
  const bearer = options.token ?? token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let body;
  if (options.method && options.method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body ?? {});
  }
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET', headers, body, signal: options.signal,
      cache: 'no-store', credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    return { ok: false, status: 0, path, problem: { detail: error.message } };
  }
  const result = { ok: response.ok, status: response.status, path, exit: response.headers.get('Warden-Exit-Code') };
  const type = response.headers.get('Content-Type') ?? '';
  try {
    const text = await response.text();
    let parsed;
    if (type.includes('json') && text.trim()) {
      // A command that writes JSON lines (channel tail --json) is JSON per line, not one document.
      try { parsed = JSON.parse(text); } catch { parsed = undefined; }
    }
    if (parsed === undefined) result.text = text;
    if (response.ok) result.data = parsed;
    else result.problem = parsed ?? { detail: text.trim() || response.statusText };
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    result.ok = false;
    result.problem = { detail: `unreadable answer: ${error.message}` };
  }
  if (response.status === 401 && !options.token) unauthorized(result.problem);
  return result;
}

/** The path with its query parameters, leaving out empty ones. */
export function query(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** A path segment, escaped. */
export const seg = (value) => encodeURIComponent(value);

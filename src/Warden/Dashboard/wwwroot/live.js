// Server-Sent Events through fetch and a ReadableStream: EventSource cannot send the
// Authorization header, and the token must never go in a URL. Reconnects with Last-Event-ID so
// no event is lost between two connections.

import { token } from './api.js';

export class EventStream {
  /**
   * @param {string} path  the SSE endpoint
   * @param {{ onEvent: (e: {id: string, type: string, data: any}) => void, onState: (live: boolean, why?: string) => void, onUnauthorized: () => void }} handlers
   */
  constructor(path, handlers) {
    this.path = path;
    this.handlers = handlers;
    this.lastId = null;
    this.controller = null;
    this.stopped = true;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.run();
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
  }

  async run() {
    let delay = 250;
    while (!this.stopped) {
      this.controller = new AbortController();
      let why = 'the event stream ended';
      try {
        const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${token.get()}` };
        if (this.lastId) headers['Last-Event-ID'] = this.lastId;
        const response = await fetch(this.path, { headers, signal: this.controller.signal, cache: 'no-store', credentials: 'omit' });
        if (response.status === 401) {
          this.handlers.onUnauthorized();
          return;
        }
        if (!response.ok || !response.body) {
          why = response.status === 404 ? 'this server has no /api/v1/events endpoint' : `the event stream answered HTTP ${response.status}`;
          delay = 5000;
        } else {
          this.handlers.onState(true);
          delay = 250;
          await this.read(response.body);
        }
      } catch (error) {
        if (this.stopped) return;
        why = `the event stream broke: ${error.message}`;
      }
      if (this.stopped) return;
      this.handlers.onState(false, why);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }

  async read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { id: null, type: 'message', data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (event.data.length > 0) this.dispatch(event);
          event = { id: null, type: 'message', data: [] };
          continue;
        }
        if (line.startsWith(':')) continue; // a comment: the server's keep-alive
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'id') event.id = text;
        else if (name === 'event') event.type = text;
        else if (name === 'data') event.data.push(text);
      }
    }
  }

  dispatch(event) {
    if (event.id) this.lastId = event.id;
    let data;
    try {
      data = JSON.parse(event.data.join('\n'));
    } catch {
      data = event.data.join('\n');
    }
    this.handlers.onEvent({ id: event.id, type: event.type, data });
  }
}

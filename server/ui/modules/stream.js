// The live stream (GET /_socialite/stream, server-sent events) read with fetch, so the admin
// token goes in a header. Reconnects after a break with backoff (from the server's `retry:`,
// doubling to 10 s) and resumes with Last-Event-ID; `resync` means the gap could not be
// replayed. A server without the stream (404) is polled instead.

import { authHeaders, tokenPrompt } from './api.js';

const MAX_BACKOFF_MS = 10_000;

export class LiveStream {
  // onEvent(type, data, id); onState('connecting' | 'live' | 'reconnecting' | 'polling').
  constructor({ onEvent, onState, path = '/_socialite/stream' }) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.path = path;
    this.lastId = null;
    this.retryMs = 1000;
    this.failures = 0;
    this.controller = null;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.loop();
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
  }

  // Cuts the connection now (it reconnects as after any break).
  drop() {
    this.controller?.abort();
  }

  async loop() {
    while (!this.stopped) {
      this.onState(this.failures === 0 ? 'connecting' : 'reconnecting');
      let outcome;
      try {
        outcome = await this.connectOnce();
      } catch {
        outcome = 'broken';
      }
      if (this.stopped) return;
      if (outcome === 'absent') {
        this.onState('polling');
        return; // the caller polls
      }
      if (outcome === 'unauthorized') {
        await (tokenPrompt() ?? new Promise((r) => setTimeout(r, 500)));
        continue;
      }
      this.failures += 1;
      this.onState('reconnecting');
      const wait = Math.min(MAX_BACKOFF_MS, this.retryMs * 2 ** Math.min(this.failures - 1, 4));
      await new Promise((r) => setTimeout(r, wait * (0.8 + Math.random() * 0.4)));
    }
  }

  async connectOnce() {
    this.controller = new AbortController();
    const headers = { ...authHeaders(), accept: 'text/event-stream' };
    if (this.lastId !== null) headers['last-event-id'] = this.lastId;
    const response = await fetch(this.path, { headers, signal: this.controller.signal, cache: 'no-store' });
    if (response.status === 404) return 'absent';
    if (response.status === 401) return 'unauthorized';
    if (!response.ok || !response.body) return 'broken';
    this.failures = 0;
    this.onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'broken';
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.dispatch(frame);
      }
      if (buffer.length > 1 << 20) return 'broken'; // a frame that never ends: start over
    }
  }

  dispatch(frame) {
    let type = 'message';
    let id = null;
    const data = [];
    for (const line of frame.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    if (id !== null) this.lastId = id;
    if (data.length === 0 && type === 'message') return;
    let payload = {};
    try {
      payload = data.length ? JSON.parse(data.join('\n')) : {};
    } catch {
      return;
    }
    this.onEvent(type, payload, id);
  }
}

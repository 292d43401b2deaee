// Reads GET /_socialite/stream (server-sent events) with fetch, for tests that wait on what
// happens in the emulator instead of polling:
//
//   const live = await openStream(srv, { types: 'message,status' });   // resolves once connected
//   const frame = await live.waitFor((f) => f.event === 'message' && f.data.wamid === wamid, 500);
//   live.frames        // every frame so far: {id?, event, data (parsed JSON), retry?}
//   live.comments      // comment lines (": keep-alive")
//   live.close()
//
// openStream resolves {status, json} instead of a reader when the server does not answer 200.
// `headers` adds request headers (Last-Event-ID, x-socialite-admin-token).
import { jsonOrNull } from './server.mjs';

/** Opens the stream of `srv` with the query `query` (an object). */
export async function openStream(srv, query = {}, headers = {}) {
  const qs = new URLSearchParams(query).toString();
  const controller = new AbortController();
  const res = await fetch(`${srv.endpoint}/_socialite/stream${qs ? `?${qs}` : ''}`, {
    headers,
    signal: controller.signal,
  });
  if (res.status !== 200) {
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: jsonOrNull(text), text };
  }
  return new StreamReader(res, controller);
}

class StreamReader {
  constructor(res, controller) {
    this.status = res.status;
    this.headers = res.headers;
    this.frames = [];
    this.comments = [];
    this.ended = false;
    this.controller = controller;
    this.waiters = [];
    this.done = this.#pump(res.body.getReader());
  }

  async #pump(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.#frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close(), or the server went away
    }
    this.ended = true;
    this.#notify();
  }

  #frame(text) {
    const frame = {};
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line);
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') frame.data = JSON.parse(value);
      else if (field === 'id' || field === 'event' || field === 'retry') frame[field] = value;
    }
    if (frame.event === undefined && frame.data === undefined) return;
    frame.receivedAt = Date.now();
    this.frames.push(frame);
    this.#notify();
  }

  #notify() {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The first frame (already received or to come) that `predicate` accepts, within `timeoutMs`. */
  waitFor(predicate, timeoutMs = 2000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(predicate);
        if (found) {
          finish();
          resolve(found);
        } else if (this.ended) {
          finish();
          reject(new Error(`stream ended without the frame; frames: ${this.describe()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no such frame within ${timeoutMs} ms; frames: ${this.describe()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  /** Waits until `count` frames match `predicate`; resolves them. */
  async waitForCount(predicate, count, timeoutMs = 2000) {
    await this.waitFor(() => this.frames.filter(predicate).length >= count, timeoutMs).catch((err) => {
      throw new Error(`${this.frames.filter(predicate).length} of ${count} frames: ${err.message}`);
    });
    return this.frames.filter(predicate);
  }

  describe() {
    return JSON.stringify(this.frames.map((f) => [f.id, f.event, f.data]).slice(-30));
  }

  close() {
    this.controller.abort();
    return this.done;
  }
}

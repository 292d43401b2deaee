// A real HTTP receiver for the event tests: what a webhook endpoint or an SNS service would be.
//
//   const rx = await startReceiver();        // node:http on 127.0.0.1, a free port
//   rx.url('/hook')                          // http://127.0.0.1:PORT/hook
//   rx.requests                              // [{method, url, headers, text, body, at}] in arrival order
//   rx.failFirst(2, 500)                     // the next two requests get 500, then 200 again
//   rx.always(503)                           // every request gets 503 until reset()
//   rx.respond = (req, index) => ({ status, headers, body })   // full control
//   rx.delayMs = 500                         // answer each request that much later (a slow receiver)
//   await rx.waitFor(3, 5000)                // resolves once 3 requests arrived (bounded)
//   rx.reset()                               // forget requests and programmed answers
//   await rx.close()
//
// `body` is the parsed JSON when the request says application/json (or null when it does not
// parse), else the text. A request is recorded before it is answered, so once the sender has
// its answer the request is in `requests`.
import http from 'node:http';

const POLL_MS = 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Receiver {
  constructor() {
    this.requests = [];
    this.server = null;
    this.port = 0;
    this.reset();
  }

  /** Forget what arrived and what was programmed: every request gets 200 `{}` again. */
  reset() {
    this.requests = [];
    this.plan = [];
    this.fallback = 200;
    this.respond = null;
    this.delayMs = 0;
  }

  /** The next `n` requests are answered `status` (after anything already planned). */
  failFirst(n, status = 500, body = '{"error":"receiver says no"}') {
    for (let i = 0; i < n; i += 1) this.plan.push({ status, body });
    return this;
  }

  /** Every request without a planned answer gets `status`. */
  always(status, body = status >= 200 && status < 300 ? '{}' : '{"error":"receiver says no"}') {
    this.fallback = { status, body };
    return this;
  }

  url(pathname = '/') {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  async start() {
    this.server = http.createServer((req, res) => this.#handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    return this;
  }

  #handle(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body = text;
      if ((req.headers['content-type'] || '').startsWith('application/json')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
      }
      const record = { method: req.method, url: req.url, headers: req.headers, text, body, at: Date.now() };
      const index = this.requests.length;
      this.requests.push(record);
      let answer;
      try {
        answer = this.respond ? this.respond(record, index) : this.#planned();
      } catch (err) {
        answer = { status: 599, body: `receiver error: ${err.message}` };
      }
      const status = answer?.status ?? 200;
      const payload = answer?.body ?? '{}';
      const headers = {
        'content-type': answer?.headers?.['content-type'] ?? 'application/json',
        ...(answer?.headers ?? {}),
      };
      const answerNow = () => {
        res.writeHead(status, headers);
        res.end(payload);
      };
      if (this.delayMs > 0) {
        setTimeout(answerNow, this.delayMs);
      } else {
        answerNow();
      }
    });
  }

  #planned() {
    if (this.plan.length > 0) return this.plan.shift();
    if (typeof this.fallback === 'object') return this.fallback;
    return { status: this.fallback, body: '{}' };
  }

  /**
   * Resolves with `requests` once at least `n` have arrived; rejects after `timeoutMs`
   * with what did arrive.
   */
  async waitFor(n, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < n) {
      if (Date.now() >= deadline) {
        throw new Error(
          `receiver: ${this.requests.length} of ${n} requests after ${timeoutMs} ms: ` +
            JSON.stringify(this.requests.map((r) => `${r.method} ${r.url}`)),
        );
      }
      await sleep(POLL_MS);
    }
    return this.requests;
  }

  async close() {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(() => resolve()));
  }
}

/** A started Receiver. */
export async function startReceiver() {
  const rx = new Receiver();
  await rx.start();
  return rx;
}

/** The Meta entry inside an AWS event envelope (its whatsAppWebhookEntry, parsed). */
export function entryOf(envelope) {
  return JSON.parse(envelope.whatsAppWebhookEntry);
}

/** The single change's value of an envelope. */
export function valueOf(envelope) {
  const entry = entryOf(envelope);
  return entry.changes[0].value;
}

/** The single change's field of an envelope. */
export function fieldOf(envelope) {
  return entryOf(envelope).changes[0].field;
}

// Hostile clients, over raw sockets: slow-drip headers and bodies time out without tying up
// the server, connections past --max-connections are answered 503 and closed, a body over the
// limit is answered 413 before it is read whole, and malformed bodies and targets (invalid
// UTF-8, deeply nested JSON, huge numbers, NUL bytes) get clear 4xx answers. None of it may
// slow a well-behaved client down: one test runs slow clients next to a normal one and compares
// its latency with the same client's alone. The server runs with small limits so that the
// timeouts are quick.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { GetLinkedWhatsAppBusinessAccountCommand as GetWaba } from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { FIXTURE_WABA_ID } from './helpers/common.mjs';

const REQUEST_TIMEOUT_S = 2;
const MAX_CONNECTIONS = 20;
const MAX_BODY_BYTES = 1024 * 1024;
// How long after the request timeout the server may take to close a stalled connection.
const CLOSE_SLACK_MS = 1000;
// A normal client next to slow ones, against the same client alone just before: its median
// may grow by this factor plus slack, and no request may take half the request timeout (a
// request queued behind a slow client would wait for that client's whole timeout).
const P50_RATIO_BOUND = 3;
const P50_SLACK_MS = 20;
const STALL_MS = (REQUEST_TIMEOUT_S * 1000) / 2;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
before(async () => {
  srv = await startServer({
    args: [
      '--request-timeout', String(REQUEST_TIMEOUT_S),
      '--max-connections', String(MAX_CONNECTIONS),
      '--max-body-bytes', String(MAX_BODY_BYTES),
    ],
  });
});
after(async () => {
  await srv?.dispose();
});

/** Every socket a test opens, destroyed when the file ends even if a test failed midway. */
const sockets = new Set();
after(() => {
  for (const s of sockets) s.destroy();
});

/**
 * A raw connection that records what the server sends and when it closes.
 * `conn.closed` resolves {at, data} once the server has closed (or reset) the connection;
 * `conn.response()` resolves the first HTTP response parsed from the received bytes.
 */
function connect() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: srv.port });
    sockets.add(socket);
    const conn = { socket, chunks: [], openedAt: 0, waiters: [] };
    conn.data = () => Buffer.concat(conn.chunks);
    conn.closed = new Promise((done) => {
      socket.on('close', () => {
        sockets.delete(socket);
        done({ at: Date.now(), data: conn.data() });
      });
    });
    socket.on('data', (chunk) => {
      conn.chunks.push(chunk);
      for (const w of conn.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      for (const w of conn.waiters.splice(0)) w();
    });
    // A write after the server closed fails with EPIPE/ECONNRESET: that is the point.
    socket.on('error', () => {});
    /** The next complete response at or after byte `from` of the received data, or null at close. */
    conn.response = async (from = 0) => {
      for (;;) {
        const parsed = parseResponse(conn.data().subarray(from));
        if (parsed) return parsed;
        if (socket.destroyed || socket.readyState === 'closed') return parseResponse(conn.data().subarray(from), true);
        await new Promise((w) => conn.waiters.push(w));
      }
    };
    socket.once('connect', () => {
      conn.openedAt = Date.now();
      socket.off('error', reject);
      resolve(conn);
    });
    socket.once('error', reject);
  });
}

/** Parses one HTTP/1.1 response (Content-Length framed); null while incomplete. */
function parseResponse(buf, atClose = false) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(head[0].split(' ')[1]);
  const headers = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
  const bodyStart = end + 4;
  if (length === null && !atClose) return null;
  const available = buf.length - bodyStart;
  if (length !== null && available < length) return null;
  const body = buf.subarray(bodyStart, length === null ? buf.length : bodyStart + length);
  const text = body.toString('utf8');
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status, headers, text, json, bodyBytes: body, size: bodyStart + body.length };
}

/** Head of a request; `length` (Content-Length) may differ from what is actually sent. */
function head(method, target, { length, headers = {}, close = true } = {}) {
  let text = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n`;
  for (const [k, v] of Object.entries(headers)) text += `${k}: ${v}\r\n`;
  if (length !== undefined) text += `Content-Length: ${length}\r\n`;
  if (close) text += 'Connection: close\r\n';
  return Buffer.from(text + '\r\n', 'latin1');
}

/** One request over a fresh raw connection (Connection: close); resolves the response. */
async function rawRequest(method, target, body, headers = {}) {
  const conn = await connect();
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const hdrs = body === undefined ? headers : { 'Content-Type': 'application/json', ...headers };
  conn.socket.write(Buffer.concat([head(method, target, { length: body === undefined ? undefined : payload.length, headers: hdrs }), payload]));
  const res = await conn.response();
  conn.socket.destroy();
  assert.ok(res, `no response to ${method} ${target.slice(0, 80)}`);
  return res;
}

/** A clear 4xx: the status, x-amzn-ErrorType, and a JSON body {__type, message}. */
function assertClear4xx(res, { status, type } = {}) {
  assert.ok(res.status >= 400 && res.status <= 499, `expected a 4xx, got ${res.status}: ${res.text.slice(0, 300)}`);
  if (status !== undefined) assert.equal(res.status, status, res.text.slice(0, 300));
  assert.ok(res.json && typeof res.json === 'object', `4xx body is not JSON: ${res.text.slice(0, 300)}`);
  assert.equal(typeof res.json.__type, 'string', res.text.slice(0, 300));
  assert.equal(typeof res.json.message, 'string', res.text.slice(0, 300));
  assert.ok(res.json.message.length > 0);
  assert.equal(res.headers['x-amzn-errortype'], res.json.__type);
  if (type !== undefined) assert.equal(res.json.__type, type, res.text.slice(0, 300));
}

/**
 * A client that sends `prefix` at once, then `drip` one byte every `everyMs`, until the server
 * closes the connection (or `giveUpMs` passes). Resolves {elapsedMs, closedByServer, sent, data}.
 */
async function slowClient(prefix, drip, { everyMs = 300, giveUpMs = 10_000 } = {}) {
  const conn = await connect();
  const started = Date.now();
  let closed = false;
  conn.closed.then(() => (closed = true));
  conn.socket.write(prefix);
  let sent = 0;
  while (!closed && Date.now() - started < giveUpMs) {
    await sleep(everyMs);
    if (closed) break;
    conn.socket.write(drip[sent % drip.length]);
    sent += 1;
  }
  if (!closed) conn.socket.destroy();
  const { at, data } = await conn.closed;
  return { elapsedMs: at - started, closedByServer: closed, sent, data };
}

const slowHeaders = () =>
  slowClient(Buffer.from(`GET /_socialite/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `), 'abcdefghij');
const slowBody = () =>
  slowClient(
    head('POST', `/v1/whatsapp/template/library?id=${FIXTURE_WABA_ID}`, {
      length: 1000,
      headers: { 'Content-Type': 'application/json' },
      close: false,
    }),
    '{"filters":{}}' + ' '.repeat(100),
  );

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('slow clients', () => {
  test('slow-drip headers are cut off after the request timeout', async () => {
    const r = await slowHeaders();
    assert.ok(r.closedByServer, 'the server never closed the connection');
    assert.ok(r.elapsedMs >= REQUEST_TIMEOUT_S * 1000 - 200, `closed too early: ${r.elapsedMs} ms`);
    assert.ok(r.elapsedMs <= REQUEST_TIMEOUT_S * 1000 + CLOSE_SLACK_MS, `closed after ${r.elapsedMs} ms`);
    // Nothing useful can be answered to half a request; at most an error status.
    if (r.data.length > 0) assert.match(r.data.toString('latin1'), /^HTTP\/1\.1 4\d\d /);
  });

  test('a slow-drip body is cut off after the request timeout', async () => {
    const r = await slowBody();
    assert.ok(r.closedByServer, 'the server never closed the connection');
    assert.ok(r.elapsedMs <= REQUEST_TIMEOUT_S * 1000 + CLOSE_SLACK_MS, `closed after ${r.elapsedMs} ms`);
    if (r.data.length > 0) assert.match(r.data.toString('latin1'), /^HTTP\/1\.1 4\d\d /);
  });

  test('an idle connection that never sends a byte is closed after the timeout', async () => {
    const conn = await connect();
    const { at, data } = await conn.closed;
    const elapsed = at - conn.openedAt;
    assert.equal(data.length, 0);
    assert.ok(elapsed <= REQUEST_TIMEOUT_S * 1000 + CLOSE_SLACK_MS, `closed after ${elapsed} ms`);
  });

  test('five slow clients do not slow a normal client down (50 requests, against 50 without them)', async (t) => {
    const client = srv.client();
    await client.send(new GetWaba({ id: FIXTURE_WABA_ID })); // connection set up, code paths warm
    const timed = async () => {
      const latencies = [];
      for (let i = 0; i < 50; i += 1) {
        const t0 = process.hrtime.bigint();
        const out = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        assert.equal(out.account.id, FIXTURE_WABA_ID);
      }
      return latencies;
    };
    const alone = await timed();
    const slow = [slowHeaders(), slowHeaders(), slowHeaders(), slowBody(), slowBody()];
    await sleep(100); // they are connected and dripping
    const beside = await timed();
    const results = await Promise.all(slow);
    client.destroy();
    const figures = (l) => `p50 ${percentile(l, 50).toFixed(1)} ms, p99 ${percentile(l, 99).toFixed(1)} ms, max ${Math.max(...l).toFixed(1)} ms`;
    t.diagnostic(`normal client alone: ${figures(alone)}; next to 5 slow ones: ${figures(beside)}`);
    // Side by side, so that a busy machine moves both: the typical request is not slower...
    const bound = P50_RATIO_BOUND * percentile(alone, 50) + P50_SLACK_MS;
    assert.ok(percentile(beside, 50) <= bound, `p50 ${percentile(beside, 50).toFixed(1)} ms next to slow clients, ${percentile(alone, 50).toFixed(1)} ms alone (bound ${bound.toFixed(1)} ms)`);
    // ...and none waited for a slow client: that wait would last until its request timeout.
    assert.ok(Math.max(...beside) < STALL_MS, `a request took ${Math.max(...beside).toFixed(1)} ms next to slow clients`);
    for (const r of results) assert.ok(r.closedByServer, 'a slow client was never cut off');
  });
});

describe('connection limit', () => {
  test('connections past --max-connections get 503 and are closed; an open keep-alive connection still works', async () => {
    // Connections left over from earlier tests (the SDK's keep-alive pool) are closed by the
    // server's idle timeout; wait it out so the count starts from zero.
    await sleep(REQUEST_TIMEOUT_S * 1000 + 300);
    const keep = await connect();
    keep.socket.write(head('GET', '/_socialite/health', { close: false }));
    const first = await keep.response();
    assert.equal(first.status, 200);

    const extra = MAX_CONNECTIONS + 5;
    const conns = await Promise.all(Array.from({ length: extra }, () => connect()));
    // Wait for the refused ones to be answered and closed (the accepted ones stay silent).
    await sleep(300);
    const refused = [];
    const accepted = [];
    for (const c of conns) {
      const res = parseResponse(c.data(), true);
      if (res) refused.push({ c, res });
      else accepted.push(c);
    }
    assert.ok(accepted.length <= MAX_CONNECTIONS - 1, `${accepted.length} extra connections accepted`);
    assert.ok(refused.length >= extra - (MAX_CONNECTIONS - 1), `only ${refused.length} of ${extra} refused`);
    for (const { c, res } of refused) {
      assert.equal(res.status, 503, res.text);
      assert.equal(res.json?.__type, 'ServiceUnavailable', res.text);
      assert.match(res.headers.connection ?? '', /close/i);
      const closed = await Promise.race([c.closed.then(() => true), sleep(1000).then(() => false)]);
      assert.ok(closed, 'a refused connection was left open');
    }
    // The connection that was there first still gets answers.
    keep.socket.write(head('GET', '/_socialite/health', { close: false }));
    const second = await keep.response(first.size);
    assert.equal(second.status, 200, second.text);
    for (const c of conns) c.socket.destroy();
    keep.socket.destroy();
    // Once they are gone, new connections are accepted again.
    await sleep(200);
    const res = await rawRequest('GET', '/_socialite/health');
    assert.equal(res.status, 200);
  });
});

describe('body limit', () => {
  test('a 5 MB Content-Length gets 413 before the body is sent', async () => {
    const conn = await connect();
    const t0 = Date.now();
    conn.socket.write(
      head('POST', `/v1/whatsapp/template/library?id=${FIXTURE_WABA_ID}`, {
        length: 5 * 1024 * 1024,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    conn.socket.write(Buffer.alloc(64 * 1024, 0x20)); // 64 KB of the announced 5 MB, then nothing
    const res = await conn.response();
    const elapsed = Date.now() - t0;
    assert.ok(res, 'no response');
    assertClear4xx(res, { status: 413, type: 'RequestEntityTooLargeException' });
    assert.ok(elapsed < 1000, `413 took ${elapsed} ms`);
    conn.socket.destroy();
  });

  test('a chunked body that grows past the limit gets 413 before it is sent whole', async () => {
    const conn = await connect();
    conn.socket.write(
      head('POST', `/v1/whatsapp/template/library?id=${FIXTURE_WABA_ID}`, {
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      }),
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let sent = 0;
    const total = 5 * 1024 * 1024;
    let res = null;
    conn.response().then((r) => (res = r));
    while (!res && sent < total && !conn.socket.destroyed) {
      conn.socket.write(frame);
      sent += chunk.length;
      await sleep(10);
    }
    res ??= await conn.response();
    assert.ok(res, 'no response');
    assertClear4xx(res, { status: 413, type: 'RequestEntityTooLargeException' });
    assert.ok(sent < total, `the server answered only after all ${sent} bytes were sent`);
    conn.socket.destroy();
  });
});

describe('malformed input gets a clear 4xx', () => {
  const library = `/v1/whatsapp/template/library?id=${FIXTURE_WABA_ID}`;

  test('invalid UTF-8 in a JSON body is SerializationException', async () => {
    const body = Buffer.concat([Buffer.from('{"filters":{"topic":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}}')]);
    assertClear4xx(await rawRequest('POST', library, body), { status: 400, type: 'SerializationException' });
  });

  test('an overlong UTF-8 encoding is SerializationException', async () => {
    const body = Buffer.concat([Buffer.from('{"filters":{"topic":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}}')]);
    assertClear4xx(await rawRequest('POST', library, body), { status: 400, type: 'SerializationException' });
  });

  test('raw UTF-8 surrogate bytes (CESU-8) are SerializationException', async () => {
    const body = Buffer.concat([Buffer.from('{"filters":{"topic":"'), Buffer.from([0xed, 0xb0, 0x80]), Buffer.from('"}}')]);
    assertClear4xx(await rawRequest('POST', library, body), { status: 400, type: 'SerializationException' });
  });

  // Found by the fuzzer: an escaped lone low surrogate ("\udc00") used to decode to ED B0 80,
  // which is not UTF-8, and was echoed in error messages and stored.
  test('an escaped lone low surrogate never makes an answer that is not UTF-8', async () => {
    const res = await rawRequest('POST', library, '{"filters":{"\\udc00x":"y"}}');
    assertClear4xx(res, { status: 400 });
    assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(res.bodyBytes), `not UTF-8: ${res.bodyBytes.toString('latin1')}`);
    assert.equal(res.json.__type, 'SerializationException', res.text);
  });

  // Found by the request-pipeline fuzzer: the credential scope's region used to be taken as it
  // came (any bytes — HTTP allows 0x80-0xFF in header values —, quotes, 300 characters) and
  // echoed into ARNs, so a 0xFF byte made a 200 answer's body invalid UTF-8.
  test('a credential scope region that is not a region name never makes an answer that is not UTF-8', async () => {
    const body = '{"signupCallback":{"accessToken":"EAAsocialiteBakeryToken"}}';
    const auth = Buffer.concat([
      Buffer.from('AWS4-HMAC-SHA256 Credential=test/20260101/'),
      Buffer.from([0xff]),
      Buffer.from('/social-messaging/aws4_request, SignedHeaders=host, Signature=abc'),
    ]);
    const conn = await connect();
    conn.socket.write(
      Buffer.concat([
        Buffer.from(`POST /v1/whatsapp/signup HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nAuthorization: `),
        auth,
        Buffer.from(`\r\n\r\n${body}`),
      ]),
    );
    const res = await conn.response();
    conn.socket.destroy();
    assert.ok(res, 'no response');
    assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(res.bodyBytes), `not UTF-8: ${res.bodyBytes.toString('latin1').slice(0, 200)}`);
    assert.ok(!res.text.includes('social-messaging:\ufffd'), res.text.slice(0, 200));
  });

  test('100,000-deep nested arrays are SerializationException', async () => {
    const depth = 100_000;
    const body = '['.repeat(depth) + ']'.repeat(depth);
    assertClear4xx(await rawRequest('POST', library, body), { status: 400, type: 'SerializationException' });
  });

  test('100,000-deep nested objects inside a member are SerializationException', async () => {
    const depth = 100_000;
    const body = '{"filters":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}';
    assertClear4xx(await rawRequest('POST', library, body), { status: 400, type: 'SerializationException' });
  });

  for (const number of ['1e400', '123456789012345678901234567890', '-123456789012345678901234567890', '2147483648', '1.5']) {
    test(`maxResults ${number} in a JSON body is SerializationException`, async () => {
      const res = await rawRequest('POST', library, `{"maxResults":${number}}`);
      assertClear4xx(res, { status: 400, type: 'SerializationException' });
    });
  }

  test('a huge maxResults in the query is a clear 400', async () => {
    const res = await rawRequest('GET', '/v1/whatsapp/waba/list?maxResults=123456789012345678901234567890');
    assertClear4xx(res, { status: 400 });
    assert.ok(['SerializationException', 'ValidationException'].includes(res.json.__type), res.text);
  });

  test('a raw NUL byte inside a JSON string is SerializationException', async () => {
    const body = Buffer.from('{"filters":{"topic":"a\u0000b"}}', 'latin1');
    assertClear4xx(await rawRequest('POST', library, body), { status: 400, type: 'SerializationException' });
  });

  test('a NUL byte after the JSON document is SerializationException', async () => {
    const body = Buffer.from('{"filters":{}}\u0000', 'latin1');
    assertClear4xx(await rawRequest('POST', library, body), { status: 400, type: 'SerializationException' });
  });

  test('an escaped NUL (\\u0000) in nextToken is a clear 400', async () => {
    const res = await rawRequest('POST', `/v1/whatsapp/template/library?id=${FIXTURE_WABA_ID}`, '{"nextToken":"a\\u0000b"}');
    assertClear4xx(res, { status: 400 });
    assert.ok(['InvalidParametersException', 'ValidationException'].includes(res.json.__type), res.text);
  });

  test('a percent-encoded NUL in the query is a clear 4xx, the NUL escaped in the JSON answer', async () => {
    // The id pattern (.*(^waba-.*$)|...) admits a NUL, so this is "not found", as on AWS.
    const res = await rawRequest('GET', `/v1/whatsapp/waba/details?id=waba-%00${'0'.repeat(31)}`);
    assertClear4xx(res);
    assert.ok([400, 404].includes(res.status), res.text);
    assert.ok(!res.text.includes('\0'), 'a raw NUL in the JSON answer');
  });

  test('a percent-encoded NUL in an integer query member is a clear 400', async () => {
    const res = await rawRequest('GET', `/v1/whatsapp/waba/list?maxResults=1%00`);
    assertClear4xx(res, { status: 400 });
  });

  test('a raw NUL byte in the request target is a clear 400', async () => {
    const conn = await connect();
    conn.socket.write(Buffer.concat([Buffer.from('GET /v1/whatsapp/waba/details?id=waba-'), Buffer.from([0]), Buffer.from(` HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)]));
    const res = await conn.response();
    assert.ok(res, 'no response');
    assertClear4xx(res, { status: 400 });
    conn.socket.destroy();
  });

  test('a raw NUL byte in a header value is a clear 400', async () => {
    const conn = await connect();
    conn.socket.write(Buffer.concat([Buffer.from('GET /_socialite/health HTTP/1.1\r\nHost: x\r\nX-Evil: a'), Buffer.from([0]), Buffer.from('b\r\nConnection: close\r\n\r\n')]));
    const res = await conn.response();
    assert.ok(res, 'no response');
    assertClear4xx(res, { status: 400 });
    conn.socket.destroy();
  });

  test('a malformed percent escape in the query is SerializationException', async () => {
    const res = await rawRequest('GET', '/v1/whatsapp/waba/details?id=%zz');
    assertClear4xx(res, { status: 400, type: 'SerializationException' });
  });

  test('garbage instead of an HTTP request line is a clear 400', async () => {
    const conn = await connect();
    conn.socket.write(Buffer.from('\u0001\u0002 nonsense \u00ff\r\n\r\n', 'latin1'));
    const res = await conn.response();
    assert.ok(res, 'no response');
    assertClear4xx(res, { status: 400 });
    conn.socket.destroy();
  });
});

describe('afterwards', () => {
  test('the server still answers health and a normal request', async () => {
    const health = await rawRequest('GET', '/_socialite/health');
    assert.equal(health.status, 200);
    assert.equal(health.json.status, 'ready');
    const client = srv.client();
    const out = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
    assert.equal(out.account.id, FIXTURE_WABA_ID);
    client.destroy();
    assert.equal(srv.child.exitCode, null, 'the server exited');
  });
});

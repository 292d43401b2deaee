// Starts a real build/socialite process for the contract tests and talks to it.
//
//   const srv = await startServer();            // :memory: db, default fixtures
//   const srv = await startServer({ dbFile: true }); // db file in a fresh temp dir
//   srv.client()        SocialMessagingClient pointed at the server
//   srv.raw(m, p, {})   plain fetch: {status, headers, text, json}
//   srv.reset()         POST /_socialite/reset
//   srv.stop()          SIGTERM, resolves {code, signal}
//   srv.restart()       stop, then start again on the same db (new port)
//
// SOCIALITE_TEST_BINARY overrides the binary (default <repo>/build/socialite).
//
// SOCIALITE_TEST_ENDPOINT (e.g. http://127.0.0.1:49153) points the tests at a server started
// elsewhere, such as the Docker container of tests/docker/run.sh, instead of starting one:
// start() only waits for its health, stop() is refused, dispose() leaves it running. It must
// run with the default fixtures (reset() restores them); its --s3-dir is its own, which
// helpers/s3.mjs's S3Dir writes into when SOCIALITE_TEST_S3_DIR names the same directory on
// this machine. A test that needs a server of its own (other flags, a database file, a
// restart, its output) is marked `{ skip: ownServerOnly('why') }`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..', '..');
export const BINARY = process.env.SOCIALITE_TEST_BINARY || path.join(REPO_ROOT, 'build', 'socialite');
export const TEST_ENDPOINT = (process.env.SOCIALITE_TEST_ENDPOINT || '').replace(/\/+$/, '');

/**
 * A test's `skip` option: false normally; under SOCIALITE_TEST_ENDPOINT the reason the test
 * cannot run against a server started elsewhere (`what` it needs).
 */
export function ownServerOnly(what) {
  return TEST_ENDPOINT ? `needs a server of its own (${what}); SOCIALITE_TEST_ENDPOINT is set` : false;
}

// The SDK warns once per process that it will need Node >= 22 from 2027; the
// contract tests target Node 20, so keep that notice out of the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const READY_TIMEOUT_MS = 10_000;
const POLL_MS = 20;
const STOP_TIMEOUT_MS = 10_000;
const MAX_LOG = 64 * 1024;

/** A free TCP port on 127.0.0.1 (listen on port 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every child still running when the test process exits is killed.
const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class Socialite {
  /**
   * @param {object} [opts]
   * @param {boolean|string} [opts.dbFile] true: a db file in a new temp dir; a string: that path.
   *   Default: ':memory:'.
   * @param {string} [opts.fixtures] value of --fixtures (default 'default').
   * @param {string[]} [opts.args] extra command-line arguments.
   */
  constructor(opts = {}) {
    this.fixtures = opts.fixtures ?? 'default';
    this.args = opts.args ?? [];
    if (opts.dbFile === true) {
      this.tmpDir = mkdtempSync(path.join(os.tmpdir(), 'socialite-test-'));
      this.db = path.join(this.tmpDir, 'socialite.db');
    } else {
      this.db = opts.dbFile || ':memory:';
    }
    this.child = null;
    this.port = 0;
    this.stderr = '';
    this.stdout = '';
  }

  get endpoint() {
    return TEST_ENDPOINT || `http://127.0.0.1:${this.port}`;
  }

  /** Under SOCIALITE_TEST_ENDPOINT: what this server's options ask that one started elsewhere lacks. */
  unmetByEndpoint() {
    const unmet = [];
    if (this.db !== ':memory:') unmet.push('a database file');
    if (this.fixtures !== 'default') unmet.push(`--fixtures ${this.fixtures}`);
    // --s3-dir alone is fine: the other server has a directory of its own (see S3Dir).
    for (let i = 0; i < this.args.length; i += 1) {
      if (this.args[i] === '--s3-dir') i += 1;
      else unmet.push(this.args[i]);
    }
    return unmet;
  }

  async start() {
    if (TEST_ENDPOINT) return this.attach();
    if (!existsSync(BINARY)) {
      throw new Error(`socialite binary not found at ${BINARY} (run docker/build.sh first)`);
    }
    this.port = await freePort();
    this.stderr = '';
    this.stdout = '';
    // Hermetic: no SOCIALITE_* variables from the caller's environment reach the child.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('SOCIALITE_')),
    );
    const args = ['--port', String(this.port), '--db', this.db, '--fixtures', this.fixtures, ...this.args];
    const child = spawn(BINARY, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    live.add(child);
    const keep = (key) => (chunk) => {
      this[key] = (this[key] + chunk.toString()).slice(-MAX_LOG);
    };
    child.stdout.on('data', keep('stdout'));
    child.stderr.on('data', keep('stderr'));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        live.delete(child);
        resolve({ code, signal });
      });
    });
    let exitInfo = null;
    this.exited.then((info) => {
      exitInfo = info;
    });
    child.on('error', (err) => {
      this.stderr += `\nspawn error: ${err.message}`;
    });

    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (exitInfo) {
        throw new Error(
          `socialite exited before it was ready (code ${exitInfo.code}, signal ${exitInfo.signal}): ` +
            `${BINARY} ${args.join(' ')}\n--- stderr ---\n${this.stderr}`,
        );
      }
      try {
        const res = await fetch(`${this.endpoint}/_socialite/health`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return this;
        last = `status ${res.status}`;
      } catch (err) {
        last = err.cause?.code || err.message;
      }
      await sleep(POLL_MS);
    }
    child.kill('SIGKILL');
    throw new Error(
      `socialite not ready after ${READY_TIMEOUT_MS} ms (last health check: ${last}): ` +
        `${BINARY} ${args.join(' ')}\n--- stderr ---\n${this.stderr}`,
    );
  }

  /** Under SOCIALITE_TEST_ENDPOINT: checks that the server there can serve this test, and is ready. */
  async attach() {
    const unmet = this.unmetByEndpoint();
    if (unmet.length > 0) {
      throw new Error(
        `this test starts socialite with ${unmet.join(' ')}, which the server at SOCIALITE_TEST_ENDPOINT ` +
          `(${TEST_ENDPOINT}) was not started with: mark it { skip: ownServerOnly(...) }`,
      );
    }
    this.port = Number(new URL(TEST_ENDPOINT).port) || 80;
    const res = await fetch(`${TEST_ENDPOINT}/_socialite/health`, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${TEST_ENDPOINT}/_socialite/health answered ${res.status}`);
    return this;
  }

  /** SIGTERM and wait for the exit; resolves {code, signal}. */
  async stop() {
    if (TEST_ENDPOINT) throw new Error(`cannot stop the server at SOCIALITE_TEST_ENDPOINT (${TEST_ENDPOINT})`);
    const child = this.child;
    if (!child) return { code: null, signal: null };
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stop, then start again on the same db (file); the port changes, so make new clients. */
  async restart() {
    const info = await this.stop();
    await this.start();
    return info;
  }

  /** Stop and remove the temp dir, if any. For `after` hooks. */
  async dispose() {
    if (!TEST_ENDPOINT) await this.stop(); // a server started elsewhere is stopped there
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
  }

  async reset() {
    const res = await fetch(`${this.endpoint}/_socialite/reset`, { method: 'POST' });
    const text = await res.text();
    if (res.status < 200 || res.status > 299) {
      throw new Error(`POST /_socialite/reset answered ${res.status}: ${text}`);
    }
  }

  /** An SDK client for this server; overrides e.g. {region} or {credentials}. */
  client(overrides = {}) {
    return new SocialMessagingClient({
      endpoint: this.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      ...overrides,
    });
  }

  /**
   * A plain HTTP request. A body that is not a string/Buffer/Uint8Array is sent as JSON.
   * Resolves {status, headers (a Headers), text, json (null when not JSON)}.
   */
  async raw(method, urlPath, { body, headers = {} } = {}) {
    let payload = body;
    const hdrs = { ...headers };
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      payload = JSON.stringify(body);
      hdrs['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.endpoint + urlPath, { method, headers: hdrs, body: payload });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: jsonOrNull(text) };
  }
}

/** `text` parsed as JSON, or null when it is not JSON. */
export function jsonOrNull(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Start a server (see Socialite's constructor for opts) and wait until it is ready. */
export async function startServer(opts) {
  const srv = new Socialite(opts);
  await srv.start();
  return srv;
}

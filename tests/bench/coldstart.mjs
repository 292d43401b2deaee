// Cold start: milliseconds from exec of the server to its first 200 on GET /_socialite/health.
// usage: node coldstart.mjs BINARY RUNS WORKDIR [extra server flags...]
// Each run starts BINARY on a fresh database file in WORKDIR and a free port, polls the
// health endpoint every millisecond, then stops the server with SIGTERM.
// Prints "COLDSTART run=i ms=X" per run and "COLDSTART median_ms=X min_ms=X max_ms=X".
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { rmSync } from 'node:fs';
import path from 'node:path';

const [binary, runsText, workdir, ...extra] = process.argv.slice(2);
const runs = Number(runsText ?? 5);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function healthStatus(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_socialite/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(1000, () => req.destroy());
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function once(i) {
  const port = await freePort();
  const db = path.join(workdir, `coldstart-${i}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  const t0 = process.hrtime.bigint();
  const child = spawn(binary, ['--port', String(port), '--db', db, '--log-level', 'warn', ...extra], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  let ms = null;
  const deadline = Date.now() + 10_000;
  while (!exited && Date.now() < deadline) {
    if ((await healthStatus(port)) === 200) {
      ms = Number(process.hrtime.bigint() - t0) / 1e6;
      break;
    }
    await sleep(1);
  }
  if (!exited) {
    child.kill('SIGTERM');
    await new Promise((r) => (exited ? r() : child.once('exit', r)));
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  if (ms === null) throw new Error(`run ${i}: server not healthy within 10 s`);
  return ms;
}

const times = [];
for (let i = 1; i <= runs; i++) {
  const ms = await once(i);
  times.push(ms);
  console.log(`COLDSTART run=${i} ms=${ms.toFixed(1)}`);
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(
  `COLDSTART median_ms=${median.toFixed(1)} min_ms=${sorted[0].toFixed(1)} max_ms=${sorted.at(-1).toFixed(1)}`,
);

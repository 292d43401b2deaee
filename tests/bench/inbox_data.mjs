// The inbox's first render: how long the data calls of the page take with N messages stored.
// usage: node inbox_data.mjs BINARY [MESSAGES=1000] [CUSTOMERS=50]
// Starts BINARY (:memory:, default fixtures, manual clock) on a free port, stores MESSAGES
// messages over CUSTOMERS customers of the first fixture number (half inbound, half outbound;
// every tenth outbound a template with parameters; one customer holds a third of them), then
// times GET /_socialite/accounts, /_socialite/conversations, /_socialite/templates and the
// biggest thread's /_socialite/messages?order=desc&limit=50 (the page's first requests).
// Prints "INBOX <call> first_ms=X median_ms=X bytes=N" per call (median of 9 runs after the
// first) and "INBOX first_render_ms=X" (the four first calls, one after the other).
import { spawn } from 'node:child_process';
import net from 'node:net';

const [binary, messagesText, customersText] = process.argv.slice(2);
const MESSAGES = Number(messagesText ?? 1000);
const CUSTOMERS = Number(customersText ?? 50);
const PHONE = 'phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11';
const WABA = 'waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01';
const RUNS = 10;

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

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(binary, ['--port', String(port), '--db', ':memory:', '--clock', 'manual'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => child.kill('SIGKILL'));

async function call(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text;
}

for (let ready = false; !ready; ) {
  ready = await call('GET', '/_socialite/health').then(
    () => true,
    () => new Promise((r) => setTimeout(() => r(false), 20)),
  );
}

const customerOf = (i) => {
  // A third of the messages go to the first customer: one long thread.
  if (i % 3 === 0) return '14255551000';
  return String(14255551000 + (i % CUSTOMERS));
};
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64');
const send = (message) =>
  call('POST', '/v1/whatsapp/send', {
    originationPhoneNumberId: PHONE,
    metaApiVersion: 'v20.0',
    message: b64({ messaging_product: 'whatsapp', ...message }),
  });

await call('POST', '/v1/whatsapp/template/put', {
  id: WABA,
  templateDefinition: b64({
    name: 'order_shipped',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped.', example: { body_text: [['Ana', '#1']] } },
      { type: 'FOOTER', text: 'Demo Store' },
    ],
  }),
});

const started = Date.now();
for (let i = 0; i < MESSAGES; i += 1) {
  const to = customerOf(i);
  if (i % 2 === 0) {
    await call('POST', '/_socialite/inbound', {
      phoneNumberId: PHONE,
      from: to,
      name: `Customer ${to.slice(-3)}`,
      type: 'text',
      text: { body: `Message ${i} from the customer` },
    });
  } else if (i % 20 === 1) {
    await send({
      to,
      type: 'template',
      template: {
        name: 'order_shipped',
        language: { code: 'en_US' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: `#${i}` }] }],
      },
    });
  } else {
    await send({ to, type: 'text', text: { body: `Answer ${i} from the business` } });
  }
  if (i % 100 === 99) await call('POST', '/_socialite/clock/advance', { seconds: 1 });
}
console.log(`INBOX stored messages=${MESSAGES} customers=${CUSTOMERS} in_ms=${Date.now() - started}`);

const calls = {
  accounts: '/_socialite/accounts',
  conversations: '/_socialite/conversations',
  templates: '/_socialite/templates',
  thread: `/_socialite/messages?phoneNumberId=${PHONE}&customer=14255551000&order=desc&limit=50`,
};
async function timed(path) {
  const t0 = process.hrtime.bigint();
  const text = await call('GET', path);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes: Buffer.byteLength(text) };
}
let firstRender = 0;
const firsts = {};
for (const [name, path] of Object.entries(calls)) {
  firsts[name] = await timed(path);
  firstRender += firsts[name].ms;
}
for (const [name, path] of Object.entries(calls)) {
  const runs = [];
  for (let i = 1; i < RUNS; i += 1) runs.push((await timed(path)).ms);
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)];
  console.log(
    `INBOX ${name} first_ms=${firsts[name].ms.toFixed(1)} median_ms=${median.toFixed(1)} bytes=${firsts[name].bytes}`,
  );
}
console.log(`INBOX first_render_ms=${firstRender.toFixed(1)}`);
child.kill('SIGTERM');

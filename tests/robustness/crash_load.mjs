// Background load for crash_test.sh: CONCURRENCY workers send SendWhatsAppMessage (a text
// to one customer) to BASE_URL in a loop, each at most RATE requests per second, and append
// the messageId of every 200 to IDS_FILE at once (synchronously), so the file lists exactly
// the messages the server accepted even when this process is killed. Connection errors
// (the server was killed) are counted and retried after a short pause.
// usage: node crash_load.mjs BASE_URL IDS_FILE [CONCURRENCY=4] [RATE=150]
import http from 'node:http';
import { appendFileSync } from 'node:fs';

const [base, idsFile, concurrencyText = '4', rateText = '150'] = process.argv.slice(2);
const url = new URL('/v1/whatsapp/send', base);
const message = Buffer.from(
  JSON.stringify({ messaging_product: 'whatsapp', to: '+14255559876', type: 'text', text: { body: 'crash test' } }),
).toString('base64');
const body = JSON.stringify({
  originationPhoneNumberId: 'phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11',
  message,
  metaApiVersion: 'v20.0',
});
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrencyText) });
const interval = 1000 / Number(rateText);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function send() {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0 }));
      },
    );
    req.on('error', () => resolve({ status: 0 }));
    req.setTimeout(10_000, () => req.destroy());
    req.end(body);
  });
}

let accepted = 0;
let other = 0;
async function worker() {
  for (;;) {
    const started = Date.now();
    const res = await send();
    if (res.status === 200) {
      const id = JSON.parse(res.text).messageId;
      appendFileSync(idsFile, id + '\n');
      accepted += 1;
    } else {
      other += 1;
      if (res.status !== 0) console.error(`crash_load: unexpected ${res.status}: ${res.text}`);
      await sleep(20);
    }
    const wait = interval - (Date.now() - started);
    if (wait > 0) await sleep(wait);
  }
}
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`crash_load: accepted=${accepted} failed=${other}`);
    process.exit(0);
  });
}
for (let i = 0; i < Number(concurrencyText); i++) worker();

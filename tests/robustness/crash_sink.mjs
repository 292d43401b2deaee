// Webhook receiver for crash_test.sh: appends every POSTed body (an event envelope) as one
// line to the file given as the first argument, synchronously, before answering 200, so a
// 200 the server saw is always on disk. Prints "sink listening PORT" once it listens.
import http from 'node:http';
import { appendFileSync } from 'node:fs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node crash_sink.mjs OUTPUT_FILE');
  process.exit(2);
}
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST') {
      const body = Buffer.concat(chunks).toString('utf8').replace(/\n/g, ' ');
      appendFileSync(out, body + '\n');
    }
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(`sink listening ${server.address().port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

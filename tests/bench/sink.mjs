// A minimal webhook receiver for the benchmark: answers every request 200 with an empty
// body and counts what it consumed. Prints "sink listening PORT" once it listens.
//
// usage: node sink.mjs [PORT] [--record]
//   PORT       0 (the default) picks a free one
//   --record   also note when each message id (wamid.…) first arrived, for the dead-destination
//              scenario; off by default because the throughput runs send hundreds of thousands
//              of events and the sink must stay cheap
//
// GET /_count    answers {"requests":N,"bytes":N}: how many event POSTs it has received so far.
// GET /_arrivals answers {"WAMID": epochMillis, ...} (with --record): the first arrival of each
//                message id, in milliseconds since the epoch with sub-millisecond precision, so
//                another process on this machine can compare it with its own clock.
import http from 'node:http';

const args = process.argv.slice(2);
const record = args.includes('--record');
const port = Number(args.find((a) => a !== '--record') ?? 0);

// Date.now() has whole milliseconds; this has the same epoch and a finer grain.
const nowMs = () => performance.timeOrigin + performance.now();
const wamidPattern = /wamid\.[A-Za-z0-9+/=_-]+/;

let requests = 0;
let bytes = 0;
const arrivals = new Map();
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/_count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ requests, bytes }));
    return;
  }
  if (req.method === 'GET' && req.url === '/_arrivals') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(Object.fromEntries(arrivals)));
    return;
  }
  const chunks = record ? [] : null;
  req.on('data', (chunk) => {
    bytes += chunk.length;
    if (chunks) chunks.push(chunk);
  });
  req.on('end', () => {
    requests += 1;
    if (chunks) {
      // Taken when the whole event has arrived, before answering: that is when it reached us.
      const arrived = nowMs();
      const match = wamidPattern.exec(Buffer.concat(chunks).toString('utf8'));
      if (match && !arrivals.has(match[0])) arrivals.set(match[0], arrived);
    }
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`sink listening ${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`sink received ${requests} requests, ${bytes} bytes`);
    process.exit(0);
  });
}

// A minimal webhook receiver for the benchmark: answers every request 200 with an empty
// body and counts what it consumed. Prints "sink listening PORT" once it listens (port 0
// picks a free one, or pass a port as the first argument). GET /_count answers
// {"requests":N,"bytes":N}: how many event POSTs it has received so far.
import http from 'node:http';

let requests = 0;
let bytes = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/_count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ requests, bytes }));
    return;
  }
  req.on('data', (chunk) => {
    bytes += chunk.length;
  });
  req.on('end', () => {
    requests += 1;
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`sink listening ${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`sink received ${requests} requests, ${bytes} bytes`);
    process.exit(0);
  });
}

// Misbehaving neighbours for the benchmark's neighbour scenarios, on 127.0.0.1 only.
//
// usage: node stub_server.mjs MODE [PORT]
//   hang          accepts TCP connections and never answers (an S3 endpoint that hangs);
//                 the sockets stay open until the peer gives up or the stub is stopped
//   unavailable   answers every HTTP request 503 (a webhook destination that is down),
//                 except GET /_count, which answers {"requests":N} with the number of 503s
//
// Prints "stub MODE listening PORT" once it listens; stops on SIGTERM/SIGINT.
import http from 'node:http';
import net from 'node:net';

const [mode, portText] = process.argv.slice(2);
const port = Number(portText ?? 0);

let server;
if (mode === 'hang') {
  const sockets = new Set();
  server = net.createServer((socket) => {
    sockets.add(socket);
    // Read and drop whatever arrives, so the peer's request is fully sent and it waits for
    // an answer rather than for its write to finish.
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
} else if (mode === 'unavailable') {
  let requests = 0;
  server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/_count') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ requests }));
      return;
    }
    req.resume();
    req.on('end', () => {
      requests += 1;
      res.writeHead(503, { 'content-type': 'text/plain', 'content-length': '19' });
      res.end('Service Unavailable');
    });
  });
  server.keepAliveTimeout = 60_000;
} else {
  console.error('usage: node stub_server.mjs hang|unavailable [PORT]');
  process.exit(2);
}

server.listen(port, '127.0.0.1', () => {
  console.log(`stub ${mode} listening ${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}

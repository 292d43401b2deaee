// An HTTPS front for a Socialite server, as a team would put one in front of it: SNS message
// validators fetch the SigningCertURL over https only. The certificate is self-signed for
// localhost (made with the openssl command), and trusted by this process's https agent.
//
//   const front = await startTlsFront();   // https://localhost:PORT, forwards to front.target
//   front.target = srv.endpoint;            // where requests go (may change, e.g. after restart)
//   await httpsGet(front.url('/path'))      // {status, headers, text} through the trusted agent
//   await front.close()
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

function selfSignedLocalhost() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socialite-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startTlsFront() {
  const { key, cert } = selfSignedLocalhost();
  // The validator calls https.get with the global agent: trust our certificate there.
  https.globalAgent.options.ca = [cert];
  const front = {
    target: '',
    port: 0,
    url: (p = '/') => `https://localhost:${front.port}${p}`,
  };
  const server = https.createServer({ key, cert }, (req, res) => {
    const target = new URL(req.url, front.target);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.port = server.address().port;
  front.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return front;
}

/** GET over https with the global agent (which trusts the front's certificate). */
export function httpsGet(url) {
  return new Promise((resolve, reject) => {
    https
      .get(url, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      })
      .on('error', reject);
  });
}

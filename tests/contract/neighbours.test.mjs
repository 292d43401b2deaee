// Nothing waits behind a slow neighbour (issue 9, defects 7 and 8): requests that wait — on
// a hung S3 endpoint, on an injected latency — hold no io thread and no lock, so health, reads,
// writes and the call that removes the fault answer at once meanwhile.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  GetLinkedWhatsAppBusinessAccountCommand as GetWaba,
  PostWhatsAppMessageMediaCommand as PostMedia,
  SendWhatsAppMessageCommand as Send,
  TagResourceCommand as Tag,
} from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { FIXTURE_PHONE_ID, FIXTURE_WABA_ARN, FIXTURE_WABA_ID } from './helpers/common.mjs';

// What "at once" means here: far below the waits the neighbours are stuck in (seconds).
const QUICK_MS = 750;

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

// Health, a read (GetLinkedWhatsAppBusinessAccount) and a write (TagResource), each timed.
async function neighboursAnswerQuickly(srv) {
  const client = srv.client();
  for (const [name, call] of [
    ['health', () => srv.raw('GET', '/_socialite/health')],
    ['read', () => client.send(new GetWaba({ id: FIXTURE_WABA_ID }))],
    ['write', () => client.send(new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'k', value: 'v' }] }))],
  ]) {
    const { ms } = await timed(call);
    assert.ok(ms < QUICK_MS, `${name} took ${ms.toFixed(0)} ms while neighbours waited`);
  }
}

describe('a hung S3 endpoint', () => {
  let hung;
  const sockets = new Set();
  let srv;

  before(async () => {
    // Accepts connections and never answers.
    hung = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise((resolve) => hung.listen(0, '127.0.0.1', resolve));
    srv = await startServer({
      args: ['--s3-endpoint', `http://127.0.0.1:${hung.address().port}`, '--threads', '1'],
    });
  });

  after(async () => {
    for (const socket of sockets) socket.destroy(); // lets the stuck fetches fail
    await srv.dispose();
    hung.close();
  });

  test('freezes only the uploads that wait on it', async () => {
    const client = srv.client();
    const uploads = [1, 2, 3].map(() =>
      client
        .send(new PostMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID, sourceS3File: { bucketName: 'media-bucket', key: 'photo.png' } }))
        .catch((error) => error),
    );
    // Wait until all three fetches are stuck on the endpoint.
    const deadline = Date.now() + 5000;
    while (sockets.size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(sockets.size, 3, 'the uploads reached the S3 endpoint');
    await neighboursAnswerQuickly(srv);
    for (const socket of sockets) socket.destroy();
    for (const outcome of await Promise.all(uploads)) {
      assert.equal(outcome.name, 'DependencyException');
    }
  });
});

describe('injected latency', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--threads', '1'] });
  });
  after(async () => srv.dispose());

  test('holds no thread: health, other operations and DELETE /faults answer meanwhile', async () => {
    const rule = { rules: [{ operation: 'SendWhatsAppMessage', latencyMs: 3000, error: 'ThrottledRequestException' }] };
    assert.equal((await srv.raw('PUT', '/_socialite/faults', { body: rule })).status, 200);
    const client = srv.client();
    const message = new TextEncoder().encode(
      JSON.stringify({ messaging_product: 'whatsapp', to: '+14255550100', type: 'text', text: { body: 'hi' } }),
    );
    const started = performance.now();
    const delayed = [1, 2, 3, 4].map(() =>
      client
        .send(new Send({ originationPhoneNumberId: FIXTURE_PHONE_ID, message, metaApiVersion: 'v20.0' }))
        .catch((error) => error),
    );
    await new Promise((r) => setTimeout(r, 200)); // the four are waiting now
    await neighboursAnswerQuickly(srv);
    const { ms } = await timed(() => srv.raw('DELETE', '/_socialite/faults'));
    assert.ok(ms < QUICK_MS, `DELETE /_socialite/faults took ${ms.toFixed(0)} ms`);
    for (const outcome of await Promise.all(delayed)) {
      assert.equal(outcome.name, 'ThrottledRequestException');
    }
    // The delay itself was served in full.
    assert.ok(performance.now() - started >= 2900);
  });
});

describe('SIGTERM', () => {
  test('answers what waits on a hung S3 endpoint or an injected delay and exits within 3 s', async () => {
    const sockets = new Set();
    const hung = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const srv = await startServer({ args: ['--s3-endpoint', `http://127.0.0.1:${hung.address().port}`] });
    try {
      const rule = { rules: [{ operation: 'GetLinkedWhatsAppBusinessAccount', latencyMs: 60000 }] };
      assert.equal((await srv.raw('PUT', '/_socialite/faults', { body: rule })).status, 200);
      const client = srv.client();
      const upload = client
        .send(new PostMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID, sourceS3File: { bucketName: 'media-bucket', key: 'photo.png' } }))
        .catch((error) => error);
      const delayed = client.send(new GetWaba({ id: FIXTURE_WABA_ID })).catch((error) => error);
      const deadline = Date.now() + 5000;
      while (sockets.size < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(sockets.size, 1, 'the upload reached the S3 endpoint');
      const { ms, result } = await timed(() => srv.stop());
      assert.equal(result.code, 0);
      assert.ok(ms < 3000, `SIGTERM took ${ms.toFixed(0)} ms`);
      assert.equal((await upload).name, 'DependencyException');
      assert.equal((await delayed).account?.id, FIXTURE_WABA_ID);
    } finally {
      for (const socket of sockets) socket.destroy();
      await srv.dispose();
      hung.close();
    }
  });
});

// The wire, checked with plain HTTP: headers, protocol errors, body limit, query
// decoding, JSON types, and the Coral-style validation messages.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { GetLinkedWhatsAppBusinessAccountCommand as GetWaba } from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import {
  FIXTURE_PHONE_ARN,
  FIXTURE_PHONE_ID,
  FIXTURE_WABA_ARN,
  FIXTURE_WABA_ID,
  UUID_RE,
  expectError,
} from './helpers/common.mjs';

const WABA_PATTERN = '.*(^waba-.*$)|(^arn:.*:waba/[0-9a-zA-Z]+$).*';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await srv?.dispose();
});
beforeEach(async () => {
  await srv.reset();
});

/** Asserts a protocol/API error answer: status, x-amzn-errortype, JSON {__type, message}. */
function assertError(res, status, type) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get('x-amzn-errortype'), type, res.text);
  assert.ok(res.json, `error body is not JSON: ${res.text}`);
  assert.equal(res.json.__type, type);
  assert.equal(typeof res.json.message, 'string');
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
}

/** A request over a fresh node:http connection that tolerates the server closing early. */
function rawHttp(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port: srv.port, method, path, headers, agent: false }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.end(body);
  });
}

describe('headers and health', () => {
  test('health answers ready', async () => {
    const res = await srv.raw('GET', '/_socialite/health');
    assert.equal(res.status, 200);
    assert.equal(res.json?.status, 'ready');
  });

  test('every response carries a fresh x-amzn-RequestId UUID', async () => {
    const answers = [
      await srv.raw('GET', '/_socialite/health'),
      await srv.raw('GET', `/v1/whatsapp/waba/details?id=${FIXTURE_WABA_ID}`),
      await srv.raw('GET', '/v1/whatsapp/waba/details?id=nope'),
      await srv.raw('GET', '/v1/nothing'),
      await srv.raw('POST', '/v1/tags/tag-resource', { body: '{bad json' }),
    ];
    const ids = answers.map((res) => {
      const id = res.headers.get('x-amzn-requestid');
      assert.match(id ?? '', UUID_RE, `status ${res.status}: x-amzn-requestid ${id}`);
      return id.toLowerCase();
    });
    assert.equal(new Set(ids).size, ids.length, 'request ids repeat');
  });

  test('every response carries a Date header with the real time (RFC 9110 §6.6.1)', async () => {
    const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;
    const tooLarge = await rawHttp('POST', '/v1/tags/tag-resource', { 'content-length': 11 * 1024 * 1024 }, '');
    const answers = [
      [200, (await srv.raw('GET', '/_socialite/health')).headers.get('date')],
      [200, (await srv.raw('GET', `/v1/whatsapp/waba/details?id=${FIXTURE_WABA_ID}`)).headers.get('date')],
      [404, (await srv.raw('GET', '/v1/nothing')).headers.get('date')],
      [400, (await srv.raw('POST', '/v1/tags/tag-resource', { body: '{bad json' })).headers.get('date')],
      [tooLarge.status, tooLarge.headers.date],
    ];
    assert.equal(tooLarge.status, 413);
    for (const [status, date] of answers) {
      assert.match(date ?? '', IMF_FIXDATE, `status ${status}: Date ${date}`);
      assert.ok(Math.abs(Date.parse(date) - Date.now()) < 60_000, `status ${status}: Date ${date}`);
    }
  });

  test('a success is application/json with epoch-second timestamps', async () => {
    const res = await srv.raw('GET', `/v1/whatsapp/waba/details?id=${FIXTURE_WABA_ID}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(typeof res.json.account.linkDate, 'number');
    assert.ok(res.json.account.linkDate > 1.5e9 && res.json.account.linkDate < 1e10, `${res.json.account.linkDate}`);
    // The seed documentation's members are returned too (DESIGN §1).
    assert.equal(typeof res.json.account.enableSending, 'boolean');
    assert.equal(typeof res.json.account.enableReceiving, 'boolean');
  });
});

/** Sends `text` over a fresh socket and resolves everything the server wrote until it closed. */
function rawExchange(text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: srv.port }, () => socket.write(text, 'latin1'));
    const chunks = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

describe('request targets', () => {
  test('an absolute-form target is served like its origin form (RFC 9112 §3.2.2)', async () => {
    const answer = await rawExchange(
      `GET http://127.0.0.1:${srv.port}/_socialite/health HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 200 /, answer);
    assert.equal(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).status, 'ready');

    const api = await rawExchange(
      `GET http://localhost:${srv.port}/v1/whatsapp/waba/details?id=${FIXTURE_WABA_ID} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    );
    assert.match(api, /^HTTP\/1\.1 200 /, api);
    assert.equal(JSON.parse(api.slice(api.indexOf('\r\n\r\n') + 4)).account.id, FIXTURE_WABA_ID);
  });
});

describe('protocol errors', () => {
  test('no route is UnknownOperationException 404', async () => {
    assertError(await srv.raw('GET', '/v1/nothing'), 404, 'UnknownOperationException');
  });

  test('a known path with the wrong method is UnknownOperationException 404', async () => {
    assertError(await srv.raw('PUT', '/v1/whatsapp/waba/list'), 404, 'UnknownOperationException');
  });

  test('malformed JSON is SerializationException 400', async () => {
    const res = await srv.raw('POST', '/v1/tags/tag-resource', {
      body: '{bad json',
      headers: { 'content-type': 'application/json' },
    });
    assertError(res, 400, 'SerializationException');
  });

  test('a member of the wrong JSON type is SerializationException 400', async () => {
    const res = await srv.raw('POST', '/v1/tags/tag-resource', { body: { resourceArn: 5, tags: [] } });
    assertError(res, 400, 'SerializationException');
  });

  test('a list given as an object is SerializationException 400', async () => {
    const res = await srv.raw('POST', '/v1/tags/tag-resource', {
      body: { resourceArn: FIXTURE_WABA_ARN, tags: { key: 'a', value: 'b' } },
    });
    assertError(res, 400, 'SerializationException');
  });

  test('a body over 10 MiB is RequestEntityTooLargeException 413', async () => {
    const body = Buffer.from(`{"resourceArn":"${'a'.repeat(10 * 1024 * 1024 + 1024)}","tags":[]}`);
    const res = await rawHttp(
      'POST',
      '/v1/tags/tag-resource',
      { 'content-type': 'application/json', 'content-length': body.length },
      body,
    );
    assert.equal(res.status, 413, res.text.slice(0, 500));
    assert.equal(res.headers['x-amzn-errortype'], 'RequestEntityTooLargeException');
    assert.equal(JSON.parse(res.text).__type, 'RequestEntityTooLargeException');
    // The server is still serving.
    assert.equal((await srv.raw('GET', '/_socialite/health')).status, 200);
  });
});

describe('query strings', () => {
  test('a percent-encoded WABA ARN', async () => {
    const res = await srv.raw('GET', `/v1/whatsapp/waba/details?id=${encodeURIComponent(FIXTURE_WABA_ARN)}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.account.id, FIXTURE_WABA_ID);
  });

  test('a percent-encoded phone number ARN', async () => {
    const res = await srv.raw('GET', `/v1/whatsapp/waba/phone/details?id=${encodeURIComponent(FIXTURE_PHONE_ARN)}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.phoneNumber.phoneNumberId, FIXTURE_PHONE_ID);
    assert.equal(res.json.linkedWhatsAppBusinessAccountId, FIXTURE_WABA_ID);
  });

  test('an integer query member that is not a number is rejected with 400', async () => {
    const res = await srv.raw('GET', '/v1/whatsapp/waba/list?maxResults=abc');
    assert.equal(res.status, 400, res.text);
    assert.ok(['SerializationException', 'ValidationException'].includes(res.json?.__type), res.text);
  });
});

describe('validation messages', () => {
  test('a too-long id: exact Coral message', async () => {
    const id = `waba-${'x'.repeat(111)}`;
    assert.equal(id.length, 116);
    const res = await srv.raw('GET', `/v1/whatsapp/waba/details?id=${id}`);
    assertError(res, 400, 'ValidationException');
    assert.equal(
      res.json.message,
      `1 validation error detected: Value '${id}' at 'id' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 115',
    );
  });

  test('the same through the SDK', async () => {
    const client = srv.client();
    const err = await expectError(
      client.send(new GetWaba({ id: `waba-${'x'.repeat(111)}` })),
      'ValidationException',
      400,
    );
    assert.ok(err.message.startsWith('1 validation error detected: '), err.message);
    assert.ok(err.message.includes('Member must have length less than or equal to 115'), err.message);
  });

  test('a pattern violation: exact Coral message', async () => {
    const res = await srv.raw('GET', '/v1/whatsapp/waba/details?id=nope');
    assertError(res, 400, 'ValidationException');
    assert.equal(
      res.json.message,
      "1 validation error detected: Value 'nope' at 'id' failed to satisfy constraint: " +
        `Member must satisfy regular expression pattern: ${WABA_PATTERN}`,
    );
  });

  test('lengths count code points, not UTF-16 units or bytes', async () => {
    // 5 + 110 code points = 115: valid length (and pattern), so the lookup runs and finds nothing.
    const ok = `waba-${'😀'.repeat(110)}`;
    const res = await srv.raw('GET', `/v1/whatsapp/waba/details?id=${encodeURIComponent(ok)}`);
    assertError(res, 404, 'ResourceNotFoundException');
    const tooLong = `waba-${'😀'.repeat(111)}`;
    const res2 = await srv.raw('GET', `/v1/whatsapp/waba/details?id=${encodeURIComponent(tooLong)}`);
    assertError(res2, 400, 'ValidationException');
  });

  test('a pattern must match the whole value', async () => {
    // MetaTemplateId is [0-9]+: '12a' contains a match but is not one.
    const res = await srv.raw(
      'GET',
      `/v1/whatsapp/template?id=${FIXTURE_WABA_ID}&metaTemplateId=12a`,
    );
    assertError(res, 400, 'ValidationException');
    assert.ok(res.json.message.includes("Value '12a' at 'metaTemplateId'"), res.json.message);
    assert.ok(res.json.message.includes('Member must satisfy regular expression pattern: [0-9]+'), res.json.message);
  });

  test('all violations are reported at once', async () => {
    const res = await srv.raw('POST', '/v1/tags/tag-resource', { body: {} });
    assertError(res, 400, 'ValidationException');
    const msg = res.json.message;
    assert.ok(msg.startsWith('2 validation errors detected: '), msg);
    assert.ok(msg.includes("Value null at 'resourceArn' failed to satisfy constraint: Member must not be null"), msg);
    assert.ok(msg.includes("Value null at 'tags' failed to satisfy constraint: Member must not be null"), msg);
  });

  test('nested paths are 1-based with .member., sensitive values are not echoed', async () => {
    const res = await srv.raw('POST', '/v1/whatsapp/signup', {
      body: {
        setupFinalization: {
          associateInProgressToken: 'secret-token',
          phoneNumbers: [
            { id: 'phone-number-id-00000000000000000000000000000000', twoFactorPin: '123456' },
            { id: '', twoFactorPin: '7654321' },
          ],
          waba: { id: 'x' },
        },
      },
    });
    assertError(res, 400, 'ValidationException');
    const msg = res.json.message;
    assert.ok(msg.startsWith('2 validation errors detected: '), msg);
    assert.ok(
      msg.includes(
        "Value '' at 'setupFinalization.phoneNumbers.2.member.id' failed to satisfy constraint: " +
          'Member must have length greater than or equal to 1',
      ),
      msg,
    );
    assert.ok(
      msg.includes(
        "Value at 'setupFinalization.phoneNumbers.2.member.twoFactorPin' failed to satisfy constraint: " +
          'Member must have length less than or equal to 6',
      ),
      msg,
    );
    assert.ok(!msg.includes('7654321'), msg);
    assert.ok(!msg.includes('secret-token'), msg);
  });
});

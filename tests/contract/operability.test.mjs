// Operability: fault injection against the real SDK's retries, the request journal, and the
// JSON access log on the server's stdout.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  GetLinkedWhatsAppBusinessAccountCommand as GetWaba,
  ListTagsForResourceCommand as ListTags,
} from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { FIXTURE_WABA_ARN, FIXTURE_WABA_ID, TOKENS, UUID_RE, expectError, link } from './helpers/common.mjs';

const GET_WABA = 'GetLinkedWhatsAppBusinessAccount';
const RFC3339_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await srv?.dispose();
});
beforeEach(async () => {
  await srv.reset();
  // Reset wipes the state, not the journal or the fault rules: clear both so tests stand alone.
  assert.equal((await srv.raw('DELETE', '/_socialite/faults')).status, 200);
  assert.equal((await srv.raw('DELETE', '/_socialite/requests')).status, 200);
});

async function putFaults(rules) {
  const res = await srv.raw('PUT', '/_socialite/faults', { body: { rules } });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

async function journal(query = '') {
  const res = await srv.raw('GET', `/_socialite/requests${query}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.capacity, 1000);
  return res.json.requests;
}

/** The JSON access-log lines the server has written to stdout so far, by request id. */
function accessLines() {
  const byId = new Map();
  for (const text of srv.stdout.split('\n')) {
    if (!text.startsWith('{')) continue;
    let line;
    try {
      line = JSON.parse(text);
    } catch {
      continue; // the head of the kept stdout tail may be a partial line
    }
    if (!line.requestId) continue;
    if (!byId.has(line.requestId)) byId.set(line.requestId, []);
    byId.get(line.requestId).push(line);
  }
  return byId;
}

/** Waits until stdout has a log line for every id (stdout arrives through a pipe). */
async function waitForLines(ids) {
  const deadline = Date.now() + 3000;
  for (;;) {
    const lines = accessLines();
    if (ids.every((id) => lines.has(id)) || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('startup', () => {
  test('the server prints a one-line banner with its address', () => {
    assert.match(srv.stdout, new RegExp(`listening on http://127\\.0\\.0\\.1:${srv.port}\\b`));
  });
});

describe('fault injection', () => {
  test('a nextCalls fault throttles the next two calls, then retires', async () => {
    const shown = await putFaults([{ operation: GET_WABA, nextCalls: 2, error: 'ThrottledRequestException' }]);
    assert.deepEqual(shown.rules, [
      {
        id: 'fault-1',
        operation: GET_WABA,
        nextCalls: 2,
        remainingCalls: 2,
        error: 'ThrottledRequestException',
        message: 'Injected fault: ThrottledRequestException',
        latencyMs: 0,
        fired: 0,
      },
    ]);
    const client = srv.client({ maxAttempts: 1 });
    for (let i = 0; i < 2; i++) {
      await expectError(
        client.send(new GetWaba({ id: FIXTURE_WABA_ID })),
        'ThrottledRequestException',
        429,
        /Injected fault: ThrottledRequestException/,
      );
    }
    const out = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
    assert.equal(out.account.id, FIXTURE_WABA_ID);
    const after = await srv.raw('GET', '/_socialite/faults');
    assert.deepEqual(after.json, { rules: [] });
  });

  test('other operations are not affected by a rule for one operation', async () => {
    await putFaults([{ operation: GET_WABA, nextCalls: 1, error: 'ThrottledRequestException' }]);
    const client = srv.client();
    const tags = await client.send(new ListTags({ resourceArn: FIXTURE_WABA_ARN }));
    assert.equal(tags.statusCode, 200);
    const rules = (await srv.raw('GET', '/_socialite/faults')).json.rules;
    assert.equal(rules[0].remainingCalls, 1);
  });

  test('the SDK retries throttling, and the journal shows every attempt', async () => {
    await putFaults([{ operation: GET_WABA, nextCalls: 2, error: 'ThrottledRequestException' }]);
    const client = srv.client({ maxAttempts: 3 });
    const out = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
    assert.equal(out.account.id, FIXTURE_WABA_ID);
    assert.equal(out.$metadata.attempts, 3);
    const requests = await journal(`?operation=${GET_WABA}`);
    assert.deepEqual(
      requests.map((r) => r.status),
      [200, 429, 429],
    );
    assert.equal(requests[0].requestId, out.$metadata.requestId);
    assert.deepEqual(requests[1].error, {
      type: 'ThrottledRequestException',
      message: 'Injected fault: ThrottledRequestException',
    });
    for (const r of requests) assert.deepEqual(r.input, { id: FIXTURE_WABA_ID });
  });

  test('a probability-1 rule with a custom message fails every call', async () => {
    await putFaults([{ operation: 'Get*', probability: 1, error: 'DependencyException', message: 'Meta is down' }]);
    const client = srv.client();
    for (let i = 0; i < 3; i++) {
      await expectError(client.send(new GetWaba({ id: FIXTURE_WABA_ID })), 'DependencyException', 502, /Meta is down/);
    }
    const rules = (await srv.raw('GET', '/_socialite/faults')).json.rules;
    assert.equal(rules[0].fired, 3);
  });

  test('a latency fault of 300 ms is measurable', async () => {
    await putFaults([{ operation: GET_WABA, latencyMs: 300 }]);
    const client = srv.client();
    const started = performance.now();
    const out = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
    const elapsed = performance.now() - started;
    assert.equal(out.account.id, FIXTURE_WABA_ID);
    assert.ok(elapsed >= 300, `answered after ${elapsed} ms`);
    const lines = await waitForLines([out.$metadata.requestId]);
    assert.ok(lines.get(out.$metadata.requestId)[0].latencyMs >= 300);
  });

  test('an error the operation does not list is refused with 400', async () => {
    const res = await srv.raw('PUT', '/_socialite/faults', {
      body: { rules: [{ operation: 'ListTagsForResource', error: 'ResourceNotFoundException' }] },
    });
    assert.equal(res.status, 400, res.text);
    assert.match(res.json.error, /^Fault rule 1: ListTagsForResource does not answer ResourceNotFoundException/);
    assert.deepEqual((await srv.raw('GET', '/_socialite/faults')).json, { rules: [] });
  });

  test('malformed rules are refused with the reason', async () => {
    for (const [rules, re] of [
      [[{ operation: 'NoSuchOperation', latencyMs: 5 }], /matches no operation/],
      [[{ error: 'Boom' }], /error 'Boom' is not one of ThrottledRequestException/],
      [[{ probability: 0.5, nextCalls: 2, latencyMs: 5 }], /probability or nextCalls, not both/],
      [[{ operation: '*' }], /needs an error, a latencyMs above 0, or both/],
      [[{ latencyMs: 60001 }], /latencyMs must be a number from 0 to 60000/],
    ]) {
      const res = await srv.raw('PUT', '/_socialite/faults', { body: rules });
      assert.equal(res.status, 400, res.text);
      assert.match(res.json.error, re);
    }
  });

  test('DELETE clears the rules', async () => {
    await putFaults([
      { operation: GET_WABA, error: 'ThrottledRequestException' },
      { operation: '*', latencyMs: 1 },
    ]);
    const res = await srv.raw('DELETE', '/_socialite/faults');
    assert.deepEqual(res.json, { cleared: 2 });
    const out = await srv.client().send(new GetWaba({ id: FIXTURE_WABA_ID }));
    assert.equal(out.account.id, FIXTURE_WABA_ID);
  });
});

describe('request journal', () => {
  test('sign-up input is journaled with the PIN redacted and the access token shown', async () => {
    const client = srv.client();
    const { wabaId } = await link(client, TOKENS.bakery);
    const requests = await journal('?operation=AssociateWhatsAppBusinessAccount');
    assert.equal(requests.length, 2);
    const [finish, start] = requests; // newest first
    // signupCallback.accessToken is not marked sensitive in the service's model.
    assert.deepEqual(start.input, { signupCallback: { accessToken: TOKENS.bakery } });
    // twoFactorPin and associateInProgressToken are.
    const setup = finish.input.setupFinalization;
    assert.equal(setup.associateInProgressToken, '***');
    assert.ok(setup.phoneNumbers.length > 0);
    for (const phone of setup.phoneNumbers) {
      assert.equal(phone.twoFactorPin, '***');
      assert.match(phone.id, /^phone-number-id-/);
    }
    assert.equal(setup.waba.id, wabaId);
    assert.ok(!JSON.stringify(requests).includes('123456'));
    for (const r of requests) {
      assert.equal(r.method, 'POST');
      assert.equal(r.path, '/v1/whatsapp/signup');
      assert.equal(r.status, 200);
      assert.equal(r.account, '000000000000');
      assert.equal(r.region, 'us-east-1');
      assert.match(r.time, RFC3339_MS);
      assert.match(r.requestId, UUID_RE);
      assert.equal(r.error, undefined);
    }
    assert.ok(finish.sequence > start.sequence);
  });

  test('admin requests are not journaled', async () => {
    await srv.raw('GET', '/_socialite/health');
    await srv.raw('GET', '/_socialite/faults');
    assert.deepEqual(await journal(), []);
  });

  test('filters, limit and DELETE', async () => {
    const client = srv.client();
    await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
    await expectError(client.send(new GetWaba({ id: `waba-${'0'.repeat(32)}` })), 'ResourceNotFoundException', 404);
    await new Promise((r) => setTimeout(r, 5)); // a later millisecond for the `since` filter
    await client.send(new ListTags({ resourceArn: FIXTURE_WABA_ARN }));
    await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));

    const all = await journal();
    assert.deepEqual(
      all.map((r) => r.operation),
      [GET_WABA, 'ListTagsForResource', GET_WABA, GET_WABA],
    );
    const seq = (list) => list.map((r) => r.sequence);
    assert.deepEqual(seq(await journal(`?operation=${GET_WABA}`)), seq(all.filter((r) => r.operation === GET_WABA)));
    assert.deepEqual(seq(await journal('?status=404')), [all[2].sequence]);
    assert.equal(all[2].error.type, 'ResourceNotFoundException');
    assert.deepEqual(seq(await journal('?status=200&operation=ListTagsForResource')), [all[1].sequence]);
    assert.deepEqual(seq(await journal('?limit=2')), seq(all.slice(0, 2)));

    const since = all[1].time; // RFC 3339; entries at or after it
    const expected = seq(all.filter((r) => r.time >= since));
    assert.deepEqual(seq(await journal(`?since=${encodeURIComponent(since)}`)), expected);
    assert.deepEqual(seq(await journal(`?since=${Date.parse(since)}`)), expected);

    for (const bad of ['?status=teapot', '?since=yesterday', '?limit=0', '?limit=1001']) {
      const res = await srv.raw('GET', `/_socialite/requests${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal(typeof res.json.error, 'string');
    }

    const cleared = await srv.raw('DELETE', '/_socialite/requests');
    assert.deepEqual(cleared.json, { cleared: 4 });
    assert.deepEqual(await journal(), []);
  });
});

describe('access log', () => {
  test('stdout has one JSON line per request', async () => {
    const client = srv.client();
    await putFaults([{ operation: GET_WABA, nextCalls: 1, error: 'ThrottledRequestException' }]);
    const ids = [];
    const throttled = await expectError(client.send(new GetWaba({ id: FIXTURE_WABA_ID })), 'ThrottledRequestException', 429);
    ids.push(throttled.$metadata.requestId);
    ids.push((await client.send(new GetWaba({ id: FIXTURE_WABA_ID }))).$metadata.requestId);
    ids.push((await client.send(new ListTags({ resourceArn: FIXTURE_WABA_ARN }))).$metadata.requestId);
    const admin = await srv.raw('GET', '/_socialite/requests');
    ids.push(admin.headers.get('x-amzn-requestid'));

    const lines = await waitForLines(ids);
    for (const id of ids) assert.equal(lines.get(id)?.length, 1, `one line for ${id}`);
    const [first, second, third, fourth] = ids.map((id) => lines.get(id)[0]);
    assert.deepEqual(Object.keys(first), [
      'time',
      'level',
      'requestId',
      'method',
      'path',
      'operation',
      'status',
      'error',
      'latencyMs',
      'account',
      'region',
    ]);
    assert.match(first.time, RFC3339_MS);
    assert.deepEqual(
      { ...first, time: undefined, latencyMs: undefined },
      {
        time: undefined,
        level: 'info',
        requestId: ids[0],
        method: 'GET',
        path: '/v1/whatsapp/waba/details',
        operation: GET_WABA,
        status: 429,
        error: 'ThrottledRequestException',
        latencyMs: undefined,
        account: '000000000000',
        region: 'us-east-1',
      },
    );
    assert.equal(typeof first.latencyMs, 'number');
    assert.equal(second.status, 200);
    assert.equal(second.error, undefined);
    assert.equal(third.operation, 'ListTagsForResource');
    assert.equal(fourth.operation, 'admin');
    assert.equal(fourth.path, '/_socialite/requests');
  });

  test('--log-level warn keeps only server errors', async () => {
    const quiet = await startServer({ args: ['--log-level', 'warn'] });
    try {
      const res = await quiet.raw('PUT', '/_socialite/faults', {
        body: [{ operation: GET_WABA, nextCalls: 1, error: 'InternalServiceException' }],
      });
      assert.equal(res.status, 200, res.text);
      const client = quiet.client();
      const failed = await expectError(client.send(new GetWaba({ id: FIXTURE_WABA_ID })), 'InternalServiceException', 500);
      const ok = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
      const deadline = Date.now() + 3000;
      while (!quiet.stdout.includes(failed.$metadata.requestId) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      // Admin requests are left out: a health check answered 503 before the server was ready
      // would be a (warn) line too.
      const lines = quiet.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
        .filter((l) => l.operation !== 'admin');
      assert.deepEqual(
        lines.map((l) => [l.requestId, l.level, l.status]),
        [[failed.$metadata.requestId, 'warn', 500]],
      );
      assert.ok(!quiet.stdout.includes(ok.$metadata.requestId));
    } finally {
      await quiet.dispose();
    }
  });
});

// TagResource, UntagResource, ListTagsForResource on WABA and phone number ARNs.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  ListTagsForResourceCommand as ListTags,
  TagResourceCommand as Tag,
  UntagResourceCommand as Untag,
} from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { FIXTURE_PHONE_ARN, FIXTURE_WABA_ARN, ZERO_WABA_ARN, expectError, sortBy } from './helpers/common.mjs';

let srv;
let client;
before(async () => {
  srv = await startServer();
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
});
beforeEach(async () => {
  await srv.reset();
});

async function tagsOf(resourceArn) {
  const out = await client.send(new ListTags({ resourceArn }));
  assert.equal(out.statusCode, 200);
  return sortBy(out.tags ?? [], 'key');
}

const manyTags = (n, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));

describe('ListTagsForResource', () => {
  test('the fixture WABA has env=local', async () => {
    const out = await client.send(new ListTags({ resourceArn: FIXTURE_WABA_ARN }));
    assert.equal(out.statusCode, 200);
    assert.deepEqual(out.tags, [{ key: 'env', value: 'local' }]);
  });

  test('the fixture phone number has no tags', async () => {
    assert.deepEqual(await tagsOf(FIXTURE_PHONE_ARN), []);
  });

  test('an ARN that names nothing is InvalidParametersException', async () => {
    await expectError(client.send(new ListTags({ resourceArn: ZERO_WABA_ARN })), 'InvalidParametersException', 400);
  });

  test('a value that is not an ARN is ValidationException', async () => {
    const err = await expectError(client.send(new ListTags({ resourceArn: 'not-an-arn' })), 'ValidationException', 400);
    assert.ok(err.message.includes("Value 'not-an-arn' at 'resourceArn'"), err.message);
  });
});

describe('TagResource', () => {
  test('adds tags to a WABA', async () => {
    const out = await client.send(
      new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'team', value: 'x' }, { key: 'cost', value: 'y' }] }),
    );
    assert.equal(out.statusCode, 200);
    assert.deepEqual(await tagsOf(FIXTURE_WABA_ARN), [
      { key: 'cost', value: 'y' },
      { key: 'env', value: 'local' },
      { key: 'team', value: 'x' },
    ]);
  });

  test('adds tags to a phone number, separately from its WABA', async () => {
    const out = await client.send(new Tag({ resourceArn: FIXTURE_PHONE_ARN, tags: [{ key: 'line', value: 'sales' }] }));
    assert.equal(out.statusCode, 200);
    assert.deepEqual(await tagsOf(FIXTURE_PHONE_ARN), [{ key: 'line', value: 'sales' }]);
    assert.deepEqual(await tagsOf(FIXTURE_WABA_ARN), [{ key: 'env', value: 'local' }]);
  });

  test('overwrites the value of an existing key', async () => {
    await client.send(new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'env', value: 'prod' }] }));
    assert.deepEqual(await tagsOf(FIXTURE_WABA_ARN), [{ key: 'env', value: 'prod' }]);
  });

  test('an empty value is allowed', async () => {
    await client.send(new Tag({ resourceArn: FIXTURE_PHONE_ARN, tags: [{ key: 'flag', value: '' }] }));
    assert.deepEqual(await tagsOf(FIXTURE_PHONE_ARN), [{ key: 'flag', value: '' }]);
  });

  test('50 tags in total are allowed', async () => {
    const out = await client.send(new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: manyTags(49) }));
    assert.equal(out.statusCode, 200);
    assert.equal((await tagsOf(FIXTURE_WABA_ARN)).length, 50);
  });

  test('51 tags in total is InvalidParametersException and applies nothing', async () => {
    await expectError(
      client.send(new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'env', value: 'changed' }, ...manyTags(50)] })),
      'InvalidParametersException',
      400,
    );
    assert.deepEqual(await tagsOf(FIXTURE_WABA_ARN), [{ key: 'env', value: 'local' }]);
  });

  test('51 new tags in one call on an untagged resource is InvalidParametersException', async () => {
    await expectError(
      client.send(new Tag({ resourceArn: FIXTURE_PHONE_ARN, tags: manyTags(51) })),
      'InvalidParametersException',
      400,
    );
    assert.deepEqual(await tagsOf(FIXTURE_PHONE_ARN), []);
  });

  test('going over 50 across calls is InvalidParametersException', async () => {
    await client.send(new Tag({ resourceArn: FIXTURE_PHONE_ARN, tags: manyTags(30, 'a') }));
    await expectError(
      client.send(new Tag({ resourceArn: FIXTURE_PHONE_ARN, tags: manyTags(21, 'b') })),
      'InvalidParametersException',
      400,
    );
    assert.equal((await tagsOf(FIXTURE_PHONE_ARN)).length, 30);
  });

  test('an ARN that names nothing is InvalidParametersException', async () => {
    await expectError(
      client.send(new Tag({ resourceArn: ZERO_WABA_ARN, tags: [{ key: 'a', value: 'b' }] })),
      'InvalidParametersException',
      400,
    );
  });

  test('a key longer than 128 characters is ValidationException', async () => {
    const err = await expectError(
      client.send(new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'k'.repeat(129), value: 'v' }] })),
      'ValidationException',
      400,
    );
    assert.ok(err.message.includes("at 'tags.1.member.key'"), err.message);
    assert.ok(err.message.includes('Member must have length less than or equal to 128'), err.message);
  });

  test('a value longer than 256 characters is ValidationException', async () => {
    const err = await expectError(
      client.send(
        new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'ok', value: 'v' }, { key: 'k', value: 'v'.repeat(257) }] }),
      ),
      'ValidationException',
      400,
    );
    assert.ok(err.message.includes("at 'tags.2.member.value'"), err.message);
  });
});

describe('UntagResource', () => {
  test('removes a key', async () => {
    await client.send(new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'team', value: 'x' }] }));
    const out = await client.send(new Untag({ resourceArn: FIXTURE_WABA_ARN, tagKeys: ['env'] }));
    assert.equal(out.statusCode, 200);
    assert.deepEqual(await tagsOf(FIXTURE_WABA_ARN), [{ key: 'team', value: 'x' }]);
  });

  test('an absent key succeeds and changes nothing', async () => {
    const out = await client.send(new Untag({ resourceArn: FIXTURE_WABA_ARN, tagKeys: ['absent'] }));
    assert.equal(out.statusCode, 200);
    assert.deepEqual(await tagsOf(FIXTURE_WABA_ARN), [{ key: 'env', value: 'local' }]);
  });

  test('on a phone number', async () => {
    await client.send(new Tag({ resourceArn: FIXTURE_PHONE_ARN, tags: manyTags(3) }));
    await client.send(new Untag({ resourceArn: FIXTURE_PHONE_ARN, tagKeys: ['k0', 'k2'] }));
    assert.deepEqual(await tagsOf(FIXTURE_PHONE_ARN), [{ key: 'k1', value: 'v1' }]);
  });

  test('an ARN that names nothing is InvalidParametersException', async () => {
    await expectError(
      client.send(new Untag({ resourceArn: ZERO_WABA_ARN, tagKeys: ['env'] })),
      'InvalidParametersException',
      400,
    );
  });

  test('missing tagKeys is ValidationException', async () => {
    const err = await expectError(client.send(new Untag({ resourceArn: FIXTURE_WABA_ARN })), 'ValidationException', 400);
    assert.ok(err.message.includes("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"), err.message);
  });
});

// Linked accounts: get, list (pagination), phone number details, event destinations,
// disassociation, and partitioning of state by (account, region).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  DisassociateWhatsAppBusinessAccountCommand as Disassociate,
  GetLinkedWhatsAppBusinessAccountCommand as GetWaba,
  GetLinkedWhatsAppBusinessAccountPhoneNumberCommand as GetPhone,
  ListLinkedWhatsAppBusinessAccountsCommand as ListWabas,
  ListTagsForResourceCommand as ListTags,
  PutWhatsAppBusinessAccountEventDestinationsCommand as PutDestinations,
  paginateListLinkedWhatsAppBusinessAccounts,
} from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import {
  FIXTURE_PHONE2_ID,
  FIXTURE_PHONES,
  FIXTURE_PHONE_ARN,
  FIXTURE_PHONE_ID,
  FIXTURE_WABA_ARN,
  FIXTURE_WABA_ID,
  TOKENS,
  ZERO_PHONE_ID,
  ZERO_WABA_ID,
  expectError,
  link,
  sortBy,
  wabaArn,
} from './helpers/common.mjs';

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

function assertFixtureWaba(account) {
  assert.equal(account.arn, FIXTURE_WABA_ARN);
  assert.equal(account.id, FIXTURE_WABA_ID);
  assert.equal(account.wabaId, '104729384756102');
  assert.equal(account.registrationStatus, 'COMPLETE');
  assert.ok(account.linkDate instanceof Date && !Number.isNaN(account.linkDate.getTime()), `linkDate ${account.linkDate}`);
  assert.equal(account.wabaName, 'Socialite Demo Store');
  assert.deepEqual(account.eventDestinations, []);
}

describe('GetLinkedWhatsAppBusinessAccount', () => {
  test('the fixture WABA by id', async () => {
    const out = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assertFixtureWaba(out.account);
    assert.deepEqual(sortBy(out.account.phoneNumbers, 'phoneNumberId'), FIXTURE_PHONES);
  });

  test('the fixture WABA by ARN', async () => {
    const out = await client.send(new GetWaba({ id: FIXTURE_WABA_ARN }));
    assertFixtureWaba(out.account);
    assert.equal(out.account.phoneNumbers.length, 2);
  });

  test('an unknown id is ResourceNotFoundException', async () => {
    await expectError(client.send(new GetWaba({ id: ZERO_WABA_ID })), 'ResourceNotFoundException', 404);
    await expectError(client.send(new GetWaba({ id: wabaArn(ZERO_WABA_ID) })), 'ResourceNotFoundException', 404);
  });

  test('an id that fails the pattern is ValidationException', async () => {
    const err = await expectError(client.send(new GetWaba({ id: 'nope' })), 'ValidationException', 400);
    assert.match(err.message, /Member must satisfy regular expression pattern/);
  });

  test('a missing id is ValidationException', async () => {
    const err = await expectError(client.send(new GetWaba({})), 'ValidationException', 400);
    assert.match(err.message, /Value null at 'id' failed to satisfy constraint: Member must not be null/);
  });
});

describe('ListLinkedWhatsAppBusinessAccounts', () => {
  test('returns the fixture WABA', async () => {
    const out = await client.send(new ListWabas({}));
    assert.equal(out.linkedAccounts.length, 1);
    assertFixtureWaba(out.linkedAccounts[0]);
    assert.equal(out.nextToken, undefined);
  });

  test('pages through all accounts one at a time', async () => {
    const bakery = await link(client, TOKENS.bakery);
    const travel = await link(client, TOKENS.travel);
    const expected = [FIXTURE_WABA_ID, bakery.wabaId, travel.wabaId].sort();

    const pageThrough = async () => {
      const ids = [];
      let nextToken;
      let pages = 0;
      do {
        const out = await client.send(new ListWabas({ maxResults: 1, ...(nextToken ? { nextToken } : {}) }));
        pages += 1;
        assert.equal(out.linkedAccounts.length, 1, `page ${pages}: ${JSON.stringify(out.linkedAccounts)}`);
        ids.push(out.linkedAccounts[0].id);
        nextToken = out.nextToken;
        if (nextToken !== undefined) {
          assert.equal(typeof nextToken, 'string');
          assert.ok(nextToken.length >= 1 && nextToken.length <= 600, `nextToken length ${nextToken.length}`);
        }
        assert.ok(pages <= 3, 'more pages than accounts');
      } while (nextToken);
      return ids;
    };

    const first = await pageThrough();
    assert.deepEqual([...first].sort(), expected, 'every account exactly once');
    const second = await pageThrough();
    assert.deepEqual(second, first, 'order is stable');

    const all = await client.send(new ListWabas({}));
    assert.deepEqual(all.linkedAccounts.map((a) => a.id), first, 'paged order equals unpaged order');
  });

  test('the SDK paginator sees every account', async () => {
    await link(client, TOKENS.bakery);
    const ids = [];
    for await (const page of paginateListLinkedWhatsAppBusinessAccounts({ client, pageSize: 1 }, {})) {
      ids.push(...page.linkedAccounts.map((a) => a.wabaId));
    }
    assert.deepEqual(ids.sort(), ['104729384756102', '104729384756207']);
  });

  test('a forged nextToken is InvalidParametersException', async () => {
    await expectError(client.send(new ListWabas({ nextToken: 'forged' })), 'InvalidParametersException', 400);
  });

  for (const maxResults of [0, 101]) {
    test(`maxResults ${maxResults} is ValidationException`, async () => {
      const err = await expectError(client.send(new ListWabas({ maxResults })), 'ValidationException', 400);
      assert.ok(err.message.includes(`Value '${maxResults}' at 'maxResults'`), err.message);
    });
  }
});

describe('GetLinkedWhatsAppBusinessAccountPhoneNumber', () => {
  test('by id', async () => {
    const out = await client.send(new GetPhone({ id: FIXTURE_PHONE_ID }));
    assert.deepEqual(out.phoneNumber, FIXTURE_PHONES[0]);
    assert.equal(out.linkedWhatsAppBusinessAccountId, FIXTURE_WABA_ID);
  });

  test('by ARN', async () => {
    const out = await client.send(new GetPhone({ id: FIXTURE_PHONE_ARN }));
    assert.deepEqual(out.phoneNumber, FIXTURE_PHONES[0]);
    assert.equal(out.linkedWhatsAppBusinessAccountId, FIXTURE_WABA_ID);
    const second = await client.send(new GetPhone({ id: FIXTURE_PHONE2_ID }));
    assert.deepEqual(second.phoneNumber, FIXTURE_PHONES[1]);
  });

  test('an unknown id is ResourceNotFoundException', async () => {
    await expectError(client.send(new GetPhone({ id: ZERO_PHONE_ID })), 'ResourceNotFoundException', 404);
  });

  test('an id that fails the pattern is ValidationException', async () => {
    await expectError(client.send(new GetPhone({ id: 'nope' })), 'ValidationException', 400);
  });
});

describe('PutWhatsAppBusinessAccountEventDestinations', () => {
  const SNS = 'arn:aws:sns:us-east-1:000000000000:whatsapp-events';
  const ROLE = 'arn:aws:iam::000000000000:role/SocialiteEvents';

  test('replaces the list, visible in Get and List; [] clears it', async () => {
    const put = await client.send(
      new PutDestinations({ id: FIXTURE_WABA_ID, eventDestinations: [{ eventDestinationArn: SNS }] }),
    );
    assert.equal(put.$metadata.httpStatusCode, 200);
    let got = (await client.send(new GetWaba({ id: FIXTURE_WABA_ID }))).account;
    assert.deepEqual(got.eventDestinations, [{ eventDestinationArn: SNS }]);
    const listed = (await client.send(new ListWabas({}))).linkedAccounts[0];
    assert.deepEqual(listed.eventDestinations, [{ eventDestinationArn: SNS }]);

    const other = 'arn:aws:social-messaging:us-east-1:000000000000:event-destination/other';
    await client.send(
      new PutDestinations({
        id: FIXTURE_WABA_ARN,
        eventDestinations: [{ eventDestinationArn: other, roleArn: ROLE }],
      }),
    );
    got = (await client.send(new GetWaba({ id: FIXTURE_WABA_ID }))).account;
    assert.deepEqual(got.eventDestinations, [{ eventDestinationArn: other, roleArn: ROLE }]);

    await client.send(new PutDestinations({ id: FIXTURE_WABA_ID, eventDestinations: [] }));
    got = (await client.send(new GetWaba({ id: FIXTURE_WABA_ID }))).account;
    assert.deepEqual(got.eventDestinations, []);
  });

  test('an unknown WABA is InvalidParametersException', async () => {
    await expectError(
      client.send(new PutDestinations({ id: ZERO_WABA_ID, eventDestinations: [{ eventDestinationArn: SNS }] })),
      'InvalidParametersException',
      400,
    );
  });

  test('two destinations is ValidationException', async () => {
    const err = await expectError(
      client.send(
        new PutDestinations({
          id: FIXTURE_WABA_ID,
          eventDestinations: [{ eventDestinationArn: SNS }, { eventDestinationArn: `${SNS}-2` }],
        }),
      ),
      'ValidationException',
      400,
    );
    assert.ok(err.message.includes("at 'eventDestinations'"), err.message);
    const got = (await client.send(new GetWaba({ id: FIXTURE_WABA_ID }))).account;
    assert.deepEqual(got.eventDestinations, []);
  });

  test('a destination that is not an ARN is ValidationException', async () => {
    const err = await expectError(
      client.send(new PutDestinations({ id: FIXTURE_WABA_ID, eventDestinations: [{ eventDestinationArn: 'not-an-arn' }] })),
      'ValidationException',
      400,
    );
    assert.ok(
      err.message.includes("Value 'not-an-arn' at 'eventDestinations.1.member.eventDestinationArn'"),
      err.message,
    );
  });

  test('a missing eventDestinations is ValidationException', async () => {
    await expectError(client.send(new PutDestinations({ id: FIXTURE_WABA_ID })), 'ValidationException', 400);
  });
});

describe('DisassociateWhatsAppBusinessAccount', () => {
  test('removes the WABA and its numbers; the Meta account can be linked again', async () => {
    const out = await client.send(new Disassociate({ id: FIXTURE_WABA_ID }));
    assert.equal(out.$metadata.httpStatusCode, 200);

    await expectError(client.send(new GetWaba({ id: FIXTURE_WABA_ID })), 'ResourceNotFoundException', 404);
    await expectError(client.send(new Disassociate({ id: FIXTURE_WABA_ID })), 'ResourceNotFoundException', 404);
    await expectError(client.send(new GetPhone({ id: FIXTURE_PHONE_ID })), 'ResourceNotFoundException', 404);
    await expectError(client.send(new GetPhone({ id: FIXTURE_PHONE2_ID })), 'ResourceNotFoundException', 404);
    const list = await client.send(new ListWabas({}));
    assert.deepEqual(list.linkedAccounts ?? [], []);
    // Its ARN names nothing any more.
    await expectError(client.send(new ListTags({ resourceArn: FIXTURE_WABA_ARN })), 'InvalidParametersException', 400);

    const relinked = await link(client, TOKENS.demoStore);
    assert.equal(relinked.metaWabaId, '104729384756102');
    assert.equal(relinked.phones.length, 2);
    const got = (await client.send(new GetWaba({ id: relinked.wabaId }))).account;
    assert.equal(got.registrationStatus, 'COMPLETE');
    assert.equal(got.wabaId, '104729384756102');
    assert.deepEqual(
      got.phoneNumbers.map((p) => p.metaPhoneNumberId).sort(),
      ['110382746591034', '110382746591035'],
    );
  });

  test('by ARN', async () => {
    await client.send(new Disassociate({ id: FIXTURE_WABA_ARN }));
    await expectError(client.send(new GetWaba({ id: FIXTURE_WABA_ID })), 'ResourceNotFoundException', 404);
  });

  test('an unknown id is ResourceNotFoundException', async () => {
    await expectError(client.send(new Disassociate({ id: ZERO_WABA_ID })), 'ResourceNotFoundException', 404);
  });

  test('reset brings the fixture back', async () => {
    await client.send(new Disassociate({ id: FIXTURE_WABA_ID }));
    await srv.reset();
    const out = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
    assertFixtureWaba(out.account);
  });
});

describe('state is partitioned by account and region', () => {
  const otherAccount = () =>
    srv.client({ credentials: { accessKeyId: '111122223333', secretAccessKey: 'test' } });
  const otherRegion = () => srv.client({ region: 'eu-west-1' });

  test('another account sees nothing of the default account', async () => {
    const c = otherAccount();
    const list = await c.send(new ListWabas({}));
    assert.deepEqual(list.linkedAccounts ?? [], []);
    await expectError(c.send(new GetWaba({ id: FIXTURE_WABA_ID })), 'ResourceNotFoundException', 404);
    await expectError(c.send(new GetPhone({ id: FIXTURE_PHONE_ID })), 'ResourceNotFoundException', 404);
  });

  test('another region sees nothing of us-east-1', async () => {
    const c = otherRegion();
    const list = await c.send(new ListWabas({}));
    assert.deepEqual(list.linkedAccounts ?? [], []);
    await expectError(c.send(new GetWaba({ id: FIXTURE_WABA_ID })), 'ResourceNotFoundException', 404);
  });

  test('a WABA linked in another account carries that account in its ARN and stays there', async () => {
    const c = otherAccount();
    const { wabaId } = await link(c, TOKENS.bakery);
    const got = (await c.send(new GetWaba({ id: wabaId }))).account;
    assert.equal(got.arn, wabaArn(wabaId, { account: '111122223333' }));
    assert.equal((await c.send(new ListWabas({}))).linkedAccounts.length, 1);

    await expectError(client.send(new GetWaba({ id: wabaId })), 'ResourceNotFoundException', 404);
    const defaults = await client.send(new ListWabas({}));
    assert.deepEqual(defaults.linkedAccounts.map((a) => a.id), [FIXTURE_WABA_ID]);
  });

  test('a WABA linked in another region carries that region in its ARN and stays there', async () => {
    const c = otherRegion();
    const { wabaId } = await link(c, TOKENS.travel);
    const got = (await c.send(new GetWaba({ id: wabaId }))).account;
    assert.equal(got.arn, wabaArn(wabaId, { region: 'eu-west-1' }));
    await expectError(client.send(new GetWaba({ id: wabaId })), 'ResourceNotFoundException', 404);
  });
});

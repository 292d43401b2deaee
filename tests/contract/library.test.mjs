// Meta's template library: ListWhatsAppTemplateLibrary (filters, paging) against
// fixtures/template_library.json, and CreateWhatsAppMessageTemplateFromLibrary.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateWhatsAppMessageTemplateFromLibraryCommand as CreateFromLibrary,
  ListWhatsAppMessageTemplatesCommand as ListTemplates,
  ListWhatsAppTemplateLibraryCommand as ListLibrary,
  paginateListWhatsAppTemplateLibrary,
} from '@aws-sdk/client-socialmessaging';
import { REPO_ROOT, startServer } from './helpers/server.mjs';
import { FIXTURE_WABA_ARN, FIXTURE_WABA_ID, META_ID_RE, ZERO_WABA_ID, expectError } from './helpers/common.mjs';
import { getTemplate } from './helpers/messaging.mjs';
import { S3Dir } from './helpers/s3.mjs';

// The library the server embeds, read from the same file, in file order.
const LIBRARY = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'fixtures', 'template_library.json'), 'utf8'),
).libraryTemplates;
const keyOf = (t) => `${t.templateName}/${t.templateLanguage}`;

const s3 = new S3Dir();
let srv;
let client;
before(async () => {
  srv = await startServer({ args: s3.args });
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
  s3.remove();
});
beforeEach(async () => {
  await srv.reset();
});

/** Every library entry the filters select, following nextToken. */
async function listLibrary(filters, { maxResults, id = FIXTURE_WABA_ID } = {}) {
  const all = [];
  let nextToken;
  let pages = 0;
  do {
    const out = await client.send(
      new ListLibrary({
        id,
        ...(filters ? { filters } : {}),
        ...(maxResults ? { maxResults } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    all.push(...(out.metaLibraryTemplates ?? []));
    nextToken = out.nextToken;
    pages += 1;
    assert.ok(pages <= LIBRARY.length + 1, 'paging does not end');
  } while (nextToken);
  return all;
}

const keysOf = (entries) => entries.map(keyOf);

describe('ListWhatsAppTemplateLibrary', () => {
  test('the fixture holds the library the issue describes', () => {
    assert.equal(LIBRARY.length, 63);
    assert.deepEqual([...new Set(LIBRARY.map((t) => t.templateTopic))].sort(), [
      'ACCOUNT_UPDATES',
      'CUSTOMER_FEEDBACK',
      'ORDER_MANAGEMENT',
      'PAYMENTS',
    ]);
  });

  test('without filters: every entry, in library order, with all its members', async () => {
    const out = await client.send(new ListLibrary({ id: FIXTURE_WABA_ID, maxResults: 100 }));
    assert.equal(out.nextToken, undefined);
    assert.deepEqual(out.metaLibraryTemplates, LIBRARY);
  });

  test('the WABA may be given by ARN', async () => {
    const all = await listLibrary(undefined, { id: FIXTURE_WABA_ARN, maxResults: 100 });
    assert.equal(all.length, LIBRARY.length);
  });

  test('pages with maxResults and nextToken: every entry once, in the same order', async () => {
    const out = await client.send(new ListLibrary({ id: FIXTURE_WABA_ID, maxResults: 10 }));
    assert.equal(out.metaLibraryTemplates.length, 10);
    assert.equal(typeof out.nextToken, 'string');
    const paged = await listLibrary(undefined, { maxResults: 10 });
    assert.deepEqual(keysOf(paged), keysOf(LIBRARY));
    const defaultPages = await listLibrary();
    assert.deepEqual(keysOf(defaultPages), keysOf(LIBRARY));
  });

  test('the SDK paginator sees every entry', async () => {
    const keys = [];
    for await (const page of paginateListWhatsAppTemplateLibrary({ client, pageSize: 25 }, { id: FIXTURE_WABA_ID })) {
      assert.ok(page.metaLibraryTemplates.length <= 25);
      keys.push(...keysOf(page.metaLibraryTemplates));
    }
    assert.deepEqual(keys, keysOf(LIBRARY));
  });

  describe('filters', () => {
    const expectFilter = async (filters, predicate, minimum = 1) => {
      const expected = keysOf(LIBRARY.filter(predicate));
      assert.ok(
        expected.length >= minimum,
        `the fixture has ${expected.length} entries for ${JSON.stringify(filters)}`,
      );
      const got = await listLibrary(filters, { maxResults: 100 });
      assert.deepEqual(keysOf(got), expected, JSON.stringify(filters));
      return got;
    };

    for (const topic of ['ACCOUNT_UPDATES', 'CUSTOMER_FEEDBACK', 'ORDER_MANAGEMENT', 'PAYMENTS']) {
      test(`topic ${topic}`, async () => {
        await expectFilter({ topic }, (t) => t.templateTopic === topic);
      });
    }

    test('usecase', async () => {
      const got = await expectFilter({ usecase: 'FEEDBACK_SURVEY' }, (t) => t.templateUseCase === 'FEEDBACK_SURVEY', 4);
      assert.ok(got.every((t) => t.templateTopic === 'CUSTOMER_FEEDBACK'));
    });

    for (const industry of ['E_COMMERCE', 'FINANCIAL_SERVICES']) {
      test(`industry ${industry} (one of an entry's industries)`, async () => {
        const got = await expectFilter({ industry }, (t) => t.templateIndustry.includes(industry));
        assert.ok(
          got.some((t) => t.templateIndustry.length > 1),
          'entries with several industries match too',
        );
      });
    }

    for (const language of ['en_US', 'es', 'pt_BR', 'fr', 'de', 'id']) {
      test(`language ${language}`, async () => {
        await expectFilter({ language }, (t) => t.templateLanguage === language);
      });
    }

    test('searchKey: a case-insensitive substring of the name', async () => {
      const got = await expectFilter(
        { searchKey: 'VERIFICATION_code' },
        (t) => t.templateName === 'account_verification_code',
        4,
      );
      assert.deepEqual(got.map((t) => t.templateLanguage).sort(), ['de', 'en_US', 'es', 'pt_BR']);
    });

    test('searchKey: a case-insensitive substring of the body', async () => {
      const got = await expectFilter({ searchKey: 'TUNJUKKAN pesan' }, (t) =>
        t.templateBody.includes('Tunjukkan pesan'),
      );
      assert.deepEqual(keysOf(got), ['order_pickup_ready_1/id']);
      const warehouse = await expectFilter({ searchKey: 'Warehouse' }, (t) => /warehouse/i.test(t.templateBody));
      assert.ok(
        warehouse.every((t) => !t.templateName.includes('warehouse')),
        'found through the body alone',
      );
    });

    test('filters combine with AND', async () => {
      const got = await expectFilter(
        { topic: 'PAYMENTS', language: 'es' },
        (t) => t.templateTopic === 'PAYMENTS' && t.templateLanguage === 'es',
      );
      assert.deepEqual(keysOf(got), ['payment_due_reminder_1/es']);
      await expectFilter(
        { industry: 'FINANCIAL_SERVICES', usecase: 'FRAUD_ALERT', searchKey: 'code' },
        (t) =>
          t.templateIndustry.includes('FINANCIAL_SERVICES') &&
          t.templateUseCase === 'FRAUD_ALERT' &&
          (t.templateName.toLowerCase().includes('code') || t.templateBody.toLowerCase().includes('code')),
      );
    });

    test('a filter that matches nothing lists nothing', async () => {
      const out = await client.send(
        new ListLibrary({ id: FIXTURE_WABA_ID, filters: { searchKey: 'no such words anywhere' } }),
      );
      assert.deepEqual(out.metaLibraryTemplates ?? [], []);
      assert.equal(out.nextToken, undefined);
    });

    test('filtered results page too', async () => {
      const expected = keysOf(LIBRARY.filter((t) => t.templateTopic === 'ORDER_MANAGEMENT'));
      assert.ok(expected.length > 3);
      const paged = await listLibrary({ topic: 'ORDER_MANAGEMENT' }, { maxResults: 3 });
      assert.deepEqual(keysOf(paged), expected);
    });
  });

  test('an unknown filter key is InvalidParametersException', async () => {
    await expectError(
      client.send(new ListLibrary({ id: FIXTURE_WABA_ID, filters: { colour: 'blue' } })),
      'InvalidParametersException',
      400,
    );
  });

  test('a forged nextToken is InvalidParametersException', async () => {
    await expectError(
      client.send(new ListLibrary({ id: FIXTURE_WABA_ID, nextToken: 'forged' })),
      'InvalidParametersException',
      400,
    );
  });

  test('an unknown WABA is ResourceNotFoundException', async () => {
    await expectError(client.send(new ListLibrary({ id: ZERO_WABA_ID })), 'ResourceNotFoundException', 404);
  });

  test('maxResults 101 is ValidationException', async () => {
    await expectError(
      client.send(new ListLibrary({ id: FIXTURE_WABA_ID, maxResults: 101 })),
      'ValidationException',
      400,
    );
  });
});

describe('CreateWhatsAppMessageTemplateFromLibrary', () => {
  const fromLibrary = (metaLibraryTemplate, id = FIXTURE_WABA_ID) =>
    client.send(new CreateFromLibrary({ id, metaLibraryTemplate }));
  const entry = (name, language = 'en_US') =>
    LIBRARY.find((t) => t.templateName === name && t.templateLanguage === language);

  test("in the library entry's category: APPROVED at once, built from the entry", async () => {
    const lib = entry('order_confirmation_1');
    const out = await fromLibrary({
      templateName: 'my_order_confirmation',
      libraryTemplateName: 'order_confirmation_1',
      templateCategory: 'UTILITY',
      templateLanguage: 'en_US',
    });
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.match(out.metaTemplateId ?? '', META_ID_RE);
    assert.equal(out.templateStatus, 'APPROVED');
    assert.equal(out.category, 'UTILITY');

    const t = await getTemplate(client, { metaTemplateId: out.metaTemplateId });
    assert.equal(t.name, 'my_order_confirmation');
    assert.equal(t.language, 'en_US');
    assert.equal(t.category, 'UTILITY');
    assert.equal(t.status, 'APPROVED');
    const byType = Object.fromEntries(t.components.map((c) => [c.type, c]));
    assert.equal(byType.HEADER?.text, lib.templateHeader);
    assert.equal(byType.BODY?.text, lib.templateBody);
    assert.deepEqual(
      byType.BUTTONS?.buttons.map((b) => [b.type, b.text]),
      lib.templateButtons.map((b) => [b.type, b.text]),
    );

    const { templates } = await client.send(new ListTemplates({ id: FIXTURE_WABA_ID }));
    assert.deepEqual(templates, [
      {
        templateName: 'my_order_confirmation',
        metaTemplateId: out.metaTemplateId,
        templateStatus: 'APPROVED',
        templateQualityScore: 'UNKNOWN',
        templateLanguage: 'en_US',
        templateCategory: 'UTILITY',
      },
    ]);
  });

  test('the library name itself may be used as the template name', async () => {
    const out = await fromLibrary({
      templateName: 'delivery_failed_1',
      libraryTemplateName: 'delivery_failed_1',
      templateCategory: 'UTILITY',
      templateLanguage: 'de',
    });
    assert.equal(out.templateStatus, 'APPROVED');
    const t = await getTemplate(client, { templateName: 'delivery_failed_1', templateLanguageCode: 'de' });
    assert.equal(t.status, 'APPROVED');
    assert.equal(t.components.find((c) => c.type === 'BODY').text, entry('delivery_failed_1', 'de').templateBody);
  });

  test('a button input replaces the library phone number', async () => {
    const out = await fromLibrary({
      templateName: 'cancel_with_our_number',
      libraryTemplateName: 'order_cancel_1',
      templateCategory: 'UTILITY',
      templateLanguage: 'en_US',
      libraryTemplateButtonInputs: [{ type: 'PHONE_NUMBER', phoneNumber: '+14255550100' }],
    });
    const t = await getTemplate(client, { metaTemplateId: out.metaTemplateId });
    const buttons = t.components.find((c) => c.type === 'BUTTONS').buttons;
    assert.equal(buttons.length, 1);
    assert.equal(buttons[0].type, 'PHONE_NUMBER');
    assert.equal(buttons[0].phone_number, '+14255550100');
  });

  test('another category answers PENDING; the review then judges it', async () => {
    const out = await fromLibrary({
      templateName: 'confirmation_as_marketing',
      libraryTemplateName: 'order_confirmation_1',
      templateCategory: 'MARKETING',
      templateLanguage: 'en_US',
    });
    assert.equal(out.templateStatus, 'PENDING');
    assert.equal(out.category, 'MARKETING');
    const t = await getTemplate(client, { metaTemplateId: out.metaTemplateId });
    assert.equal(t.category, 'MARKETING');
    assert.equal(t.status, 'REJECTED', 'a marketing template without opt-out wording');
    assert.equal(t.rejected_reason, 'PROMOTIONAL');
  });

  describe('AUTHENTICATION entries', () => {
    test('codeExpirationMinutes and addSecurityRecommendation shape the template', async () => {
      const out = await fromLibrary({
        templateName: 'login_code',
        libraryTemplateName: 'account_verification_code',
        templateCategory: 'AUTHENTICATION',
        templateLanguage: 'en_US',
        libraryTemplateBodyInputs: { codeExpirationMinutes: 10, addSecurityRecommendation: true },
      });
      assert.equal(out.templateStatus, 'APPROVED');
      assert.equal(out.category, 'AUTHENTICATION');
      const t = await getTemplate(client, { metaTemplateId: out.metaTemplateId });
      assert.equal(t.category, 'AUTHENTICATION');
      const byType = Object.fromEntries(t.components.map((c) => [c.type, c]));
      assert.equal(byType.BODY.add_security_recommendation, true);
      assert.equal(byType.FOOTER.code_expiration_minutes, 10);
      assert.deepEqual(
        byType.BUTTONS.buttons.map((b) => [b.type, b.otp_type]),
        [['OTP', 'COPY_CODE']],
      );
    });

    for (const minutes of [1, 90]) {
      test(`codeExpirationMinutes ${minutes} is accepted`, async () => {
        const out = await fromLibrary({
          templateName: `code_${minutes}`,
          libraryTemplateName: 'account_verification_code',
          templateCategory: 'AUTHENTICATION',
          templateLanguage: 'es',
          libraryTemplateBodyInputs: { codeExpirationMinutes: minutes },
        });
        assert.equal(out.templateStatus, 'APPROVED');
      });
    }

    for (const minutes of [0, 91]) {
      test(`codeExpirationMinutes ${minutes} is InvalidParametersException`, async () => {
        await expectError(
          fromLibrary({
            templateName: `code_${minutes}`,
            libraryTemplateName: 'account_verification_code',
            templateCategory: 'AUTHENTICATION',
            templateLanguage: 'en_US',
            libraryTemplateBodyInputs: { codeExpirationMinutes: minutes },
          }),
          'InvalidParametersException',
          400,
        );
        const { templates } = await client.send(new ListTemplates({ id: FIXTURE_WABA_ID }));
        assert.deepEqual(templates ?? [], []);
      });
    }
  });

  test('an unknown library name is ResourceNotFoundException', async () => {
    await expectError(
      fromLibrary({
        templateName: 'mine',
        libraryTemplateName: 'no_such_library_template',
        templateCategory: 'UTILITY',
        templateLanguage: 'en_US',
      }),
      'ResourceNotFoundException',
      404,
    );
  });

  test('a library name in a language the library lacks is ResourceNotFoundException', async () => {
    assert.equal(entry('order_confirmation_2', 'es'), undefined);
    await expectError(
      fromLibrary({
        templateName: 'mine',
        libraryTemplateName: 'order_confirmation_2',
        templateCategory: 'UTILITY',
        templateLanguage: 'es',
      }),
      'ResourceNotFoundException',
      404,
    );
  });

  test('a template name and language that exist already is InvalidParametersException', async () => {
    const request = {
      templateName: 'twice',
      libraryTemplateName: 'order_delay_1',
      templateCategory: 'UTILITY',
      templateLanguage: 'en_US',
    };
    await fromLibrary(request);
    await expectError(fromLibrary(request), 'InvalidParametersException', 400);
  });

  test('an unknown WABA is ResourceNotFoundException', async () => {
    await expectError(
      fromLibrary(
        {
          templateName: 'mine',
          libraryTemplateName: 'order_delay_1',
          templateCategory: 'UTILITY',
          templateLanguage: 'en_US',
        },
        ZERO_WABA_ID,
      ),
      'ResourceNotFoundException',
      404,
    );
  });

  test('a missing metaLibraryTemplate, or a member of it, is ValidationException', async () => {
    await expectError(client.send(new CreateFromLibrary({ id: FIXTURE_WABA_ID })), 'ValidationException', 400);
    const err = await expectError(
      fromLibrary({ templateName: 'mine', libraryTemplateName: 'order_delay_1', templateCategory: 'UTILITY' }),
      'ValidationException',
      400,
    );
    assert.ok(err.message.includes("at 'metaLibraryTemplate.templateLanguage'"), err.message);
  });
});

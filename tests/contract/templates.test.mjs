// Message templates: create (Meta's rules), get, list (paging), update (review again, the
// once-in-24-hours edit limit), delete (one or all languages), the simulated review and the
// admin review endpoint.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateWhatsAppMessageTemplateCommand as CreateTemplate,
  DeleteWhatsAppMessageTemplateCommand as DeleteTemplate,
  GetWhatsAppMessageTemplateCommand as GetTemplate,
  ListWhatsAppMessageTemplatesCommand as ListTemplates,
  UpdateWhatsAppMessageTemplateCommand as UpdateTemplate,
  paginateListWhatsAppMessageTemplates,
} from '@aws-sdk/client-socialmessaging';
import { ownServerOnly, startServer } from './helpers/server.mjs';
import {
  FIXTURE_WABA_ARN,
  FIXTURE_WABA_ID,
  META_ID_RE,
  TOKENS,
  ZERO_WABA_ID,
  expectError,
  link,
  sortBy,
} from './helpers/common.mjs';
import { createTemplate, enc, getTemplate, marketingTemplate, review, utilityTemplate } from './helpers/messaging.mjs';
import { S3Dir } from './helpers/s3.mjs';

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

/** Creates `definition` and asserts the PENDING answer; returns the metaTemplateId. */
async function created(definition) {
  const out = await createTemplate(client, definition);
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.match(out.metaTemplateId ?? '', META_ID_RE);
  assert.equal(out.templateStatus, 'PENDING');
  assert.equal(out.category, definition.category);
  return out.metaTemplateId;
}

async function listAll(c = client, id = FIXTURE_WABA_ID) {
  const out = await c.send(new ListTemplates({ id }));
  return out.templates ?? [];
}

const body = (text, example) => ({ type: 'BODY', text, ...(example ? { example: { body_text: [example] } } : {}) });

describe('CreateWhatsAppMessageTemplate', () => {
  test("answers PENDING; the automatic review approves it; Get returns Meta's template JSON", async () => {
    const definition = utilityTemplate('order_shipped');
    const metaTemplateId = await created(definition);

    const t = await getTemplate(client, { metaTemplateId });
    assert.equal(t.id, metaTemplateId);
    assert.equal(t.name, 'order_shipped');
    assert.equal(t.language, 'en_US');
    assert.equal(t.category, 'UTILITY');
    assert.equal(t.status, 'APPROVED');
    assert.equal(t.parameter_format, 'POSITIONAL');
    assert.deepEqual(t.components, definition.components);
    assert.deepEqual(t.quality_score, { score: 'UNKNOWN' });
    assert.equal(t.rejected_reason, undefined);
  });

  test('the WABA may be given by ARN', async () => {
    const out = await createTemplate(client, utilityTemplate('by_arn'), FIXTURE_WABA_ARN);
    assert.match(out.metaTemplateId, META_ID_RE);
    assert.equal((await getTemplate(client, { metaTemplateId: out.metaTemplateId })).name, 'by_arn');
  });

  test('a NAMED template with a text header and buttons', async () => {
    const definition = {
      name: 'named_reminder',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'NAMED',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Your appointment' },
        {
          type: 'BODY',
          text: 'Hello {{first_name}}, your appointment is on {{day}} at our store.',
          example: {
            body_text_named_params: [
              { param_name: 'first_name', example: 'Ana' },
              { param_name: 'day', example: 'Monday' },
            ],
          },
        },
        {
          type: 'BUTTONS',
          buttons: [
            {
              type: 'URL',
              text: 'Manage booking',
              url: 'https://www.example.com/bookings/{{1}}',
              example: ['https://www.example.com/bookings/42'],
            },
            { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+14255550199' },
          ],
        },
      ],
    };
    const metaTemplateId = await created(definition);
    const t = await getTemplate(client, { metaTemplateId });
    assert.equal(t.parameter_format, 'NAMED');
    assert.equal(t.status, 'APPROVED');
    assert.deepEqual(t.components, definition.components);
  });

  test('the same name in another language is another template', async () => {
    const en = await created(utilityTemplate('two_languages'));
    const es = await created(
      utilityTemplate('two_languages', {
        language: 'es',
        components: [body('Hola {{1}}, tu pedido {{2}} ya fue enviado y va en camino.', ['Ana', '#48213'])],
      }),
    );
    assert.notEqual(en, es);
    const templates = sortBy(await listAll(), 'templateLanguage');
    assert.deepEqual(
      templates.map((t) => [t.templateName, t.templateLanguage, t.metaTemplateId]),
      [
        ['two_languages', 'en_US', en],
        ['two_languages', 'es', es],
      ],
    );
  });

  describe('the simulated review', () => {
    test('a MARKETING template with opt-out wording in its footer is APPROVED', async () => {
      const metaTemplateId = await created(marketingTemplate('spring_sale'));
      const t = await getTemplate(client, { metaTemplateId });
      assert.equal(t.status, 'APPROVED');
      assert.equal(t.category, 'MARKETING');
    });

    test('a MARKETING template with opt-out wording in a QUICK_REPLY button is APPROVED', async () => {
      const definition = marketingTemplate('spring_sale_button', { optOut: false });
      definition.components.push({
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Shop now' },
          { type: 'QUICK_REPLY', text: 'Unsubscribe' },
        ],
      });
      const metaTemplateId = await created(definition);
      assert.equal((await getTemplate(client, { metaTemplateId })).status, 'APPROVED');
    });

    test('a MARKETING template without opt-out wording is REJECTED as PROMOTIONAL', async () => {
      const metaTemplateId = await created(marketingTemplate('pushy_sale', { optOut: false }));
      const t = await getTemplate(client, { metaTemplateId });
      assert.equal(t.status, 'REJECTED');
      assert.equal(t.rejected_reason, 'PROMOTIONAL');
      const [summary] = await listAll();
      assert.equal(summary.templateStatus, 'REJECTED');
    });

    test('a template named like a library template is REJECTED as INVALID_FORMAT', async () => {
      const metaTemplateId = await created(utilityTemplate('order_confirmation_1'));
      const t = await getTemplate(client, { metaTemplateId });
      assert.equal(t.status, 'REJECTED');
      assert.equal(t.rejected_reason, 'INVALID_FORMAT');
    });

    for (const host of ['bit.ly', 'tinyurl.com', 'goo.gl']) {
      test(`a body linking through ${host} is REJECTED as ABUSIVE_CONTENT`, async () => {
        const definition = utilityTemplate(`short_link_${host.replace(/\W/g, '_')}`, {
          components: [body(`Track your parcel at https://${host}/x7Yz and thank you for shopping with us.`)],
        });
        const metaTemplateId = await created(definition);
        const t = await getTemplate(client, { metaTemplateId });
        assert.equal(t.status, 'REJECTED');
        assert.equal(t.rejected_reason, 'ABUSIVE_CONTENT');
      });
    }
  });

  describe("Meta's rules are InvalidParametersException with Meta's code", () => {
    const cases = [
      {
        title: 'a BODY over 1024 characters (#2388040)',
        definition: utilityTemplate('too_long', { components: [body(`Hello there. ${'a'.repeat(1020)}`)] }),
        code: 2388040,
      },
      {
        title: 'a variable at the start of the BODY (#2388299)',
        definition: utilityTemplate('starts_with_var', {
          components: [body('{{1}} is the code for your order, thank you.', ['4821'])],
        }),
        code: 2388299,
      },
      {
        title: 'a variable at the end of the BODY (#2388299)',
        definition: utilityTemplate('ends_with_var', {
          components: [body('Thank you for your order, your code is {{1}}', ['4821'])],
        }),
        code: 2388299,
      },
      { title: 'a name with capitals and dashes (#100)', definition: utilityTemplate('Bad-Name'), code: 100 },
      {
        title: 'an unknown category (#100)',
        definition: utilityTemplate('bad_category', { category: 'PROMO' }),
        code: 100,
      },
      {
        title: 'two BODY components (#100)',
        definition: utilityTemplate('two_bodies', {
          components: [body('First body text for the order.'), body('Second body text for the order.')],
        }),
        code: 100,
      },
      {
        title: 'body variables without examples (#100)',
        definition: utilityTemplate('no_examples', {
          components: [body('Hi {{1}}, your order {{2}} has shipped and is on its way.')],
        }),
        code: 100,
      },
      {
        title: 'no BODY component (#100)',
        definition: utilityTemplate('no_body', { components: [{ type: 'FOOTER', text: 'x' }] }),
        code: 100,
      },
      { title: 'a definition that is not a JSON object (#100)', definition: ['not', 'an', 'object'], code: 100 },
    ];
    for (const { title, definition, code } of cases) {
      test(title, async () => {
        const err = await expectError(createTemplate(client, definition), 'InvalidParametersException', 400);
        assert.ok(err.message.startsWith(`(#${code})`), err.message);
        assert.deepEqual(await listAll(), [], 'nothing was created');
      });
    }

    test('a definition that is not JSON (#100)', async () => {
      const err = await expectError(
        client.send(new CreateTemplate({ id: FIXTURE_WABA_ID, templateDefinition: enc('{"name": ') })),
        'InvalidParametersException',
        400,
      );
      assert.ok(err.message.startsWith('(#100)'), err.message);
    });
  });

  test('a duplicate name and language is InvalidParametersException', async () => {
    const first = await created(utilityTemplate('dup_name'));
    const err = await expectError(
      createTemplate(client, utilityTemplate('dup_name')),
      'InvalidParametersException',
      400,
    );
    assert.ok(err.message.includes('dup_name'), err.message);
    const templates = await listAll();
    assert.deepEqual(
      templates.map((t) => t.metaTemplateId),
      [first],
    );
  });

  test('an unknown WABA is ResourceNotFoundException', async () => {
    await expectError(
      createTemplate(client, utilityTemplate('nowhere'), ZERO_WABA_ID),
      'ResourceNotFoundException',
      404,
    );
  });

  test('a WABA id that fails the pattern is ValidationException', async () => {
    await expectError(createTemplate(client, utilityTemplate('nowhere'), 'nope'), 'ValidationException', 400);
  });

  test('a templateDefinition over 6000 bytes is ValidationException', async () => {
    const definition = utilityTemplate('huge', {
      components: [body('Hello there.'), { type: 'FOOTER', text: 'x'.repeat(6000) }],
    });
    const err = await expectError(createTemplate(client, definition), 'ValidationException', 400);
    assert.ok(err.message.includes("at 'templateDefinition'"), err.message);
    assert.ok(err.message.includes('less than or equal to 6000'), err.message);
  });

  test('a missing templateDefinition is ValidationException', async () => {
    const err = await expectError(client.send(new CreateTemplate({ id: FIXTURE_WABA_ID })), 'ValidationException', 400);
    assert.ok(err.message.includes("at 'templateDefinition'"), err.message);
  });
});

describe('GetWhatsAppMessageTemplate', () => {
  test('by templateName + templateLanguageCode', async () => {
    const metaTemplateId = await created(utilityTemplate('by_name'));
    const t = await getTemplate(client, { templateName: 'by_name', templateLanguageCode: 'en_US' });
    assert.equal(t.id, metaTemplateId);
    assert.equal(t.status, 'APPROVED');
  });

  test('an unknown metaTemplateId is ResourceNotFoundException', async () => {
    await expectError(
      client.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId: '1234567890123456' })),
      'ResourceNotFoundException',
      404,
    );
  });

  test('an unknown name, or a known name in another language, is ResourceNotFoundException', async () => {
    await created(utilityTemplate('by_name'));
    for (const [templateName, templateLanguageCode] of [
      ['nothing_here', 'en_US'],
      ['by_name', 'fr'],
    ]) {
      await expectError(
        client.send(new GetTemplate({ id: FIXTURE_WABA_ID, templateName, templateLanguageCode })),
        'ResourceNotFoundException',
        404,
      );
    }
  });

  test('neither metaTemplateId nor templateName + templateLanguageCode is InvalidParametersException', async () => {
    await created(utilityTemplate('by_name'));
    await expectError(client.send(new GetTemplate({ id: FIXTURE_WABA_ID })), 'InvalidParametersException', 400);
    await expectError(
      client.send(new GetTemplate({ id: FIXTURE_WABA_ID, templateName: 'by_name' })),
      'InvalidParametersException',
      400,
    );
  });

  test("another WABA's template is ResourceNotFoundException", async () => {
    const bakery = await link(client, TOKENS.bakery);
    const out = await createTemplate(client, utilityTemplate('bakery_only'), bakery.wabaId);
    await expectError(
      client.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId: out.metaTemplateId })),
      'ResourceNotFoundException',
      404,
    );
    const t = JSON.parse(
      (await client.send(new GetTemplate({ id: bakery.wabaId, metaTemplateId: out.metaTemplateId }))).template,
    );
    assert.equal(t.name, 'bakery_only');
  });

  test('an unknown WABA is ResourceNotFoundException', async () => {
    await expectError(
      client.send(new GetTemplate({ id: ZERO_WABA_ID, metaTemplateId: '1234567890123456' })),
      'ResourceNotFoundException',
      404,
    );
  });

  test('a metaTemplateId that is not digits is ValidationException', async () => {
    await expectError(
      client.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId: '12ab' })),
      'ValidationException',
      400,
    );
  });
});

describe('ListWhatsAppMessageTemplates', () => {
  test('a WABA without templates lists none', async () => {
    const out = await client.send(new ListTemplates({ id: FIXTURE_WABA_ID }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(out.templates ?? [], []);
    assert.equal(out.nextToken, undefined);
  });

  test('summaries carry name, id, status, quality score, language and category', async () => {
    const utility = await created(utilityTemplate('list_utility'));
    const marketing = await created(marketingTemplate('list_marketing'));
    const templates = sortBy(await listAll(), 'templateName');
    assert.deepEqual(templates, [
      {
        templateName: 'list_marketing',
        metaTemplateId: marketing,
        templateStatus: 'APPROVED',
        templateQualityScore: 'UNKNOWN',
        templateLanguage: 'en_US',
        templateCategory: 'MARKETING',
      },
      {
        templateName: 'list_utility',
        metaTemplateId: utility,
        templateStatus: 'APPROVED',
        templateQualityScore: 'UNKNOWN',
        templateLanguage: 'en_US',
        templateCategory: 'UTILITY',
      },
    ]);
  });

  test('pages with maxResults and nextToken; every template once, in a stable order', async () => {
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await created(utilityTemplate(`paged_${i}`)));

    const pageThrough = async () => {
      const seen = [];
      let nextToken;
      let pages = 0;
      do {
        const out = await client.send(
          new ListTemplates({ id: FIXTURE_WABA_ID, maxResults: 2, ...(nextToken ? { nextToken } : {}) }),
        );
        pages += 1;
        assert.ok(out.templates.length >= 1 && out.templates.length <= 2, `page ${pages}: ${out.templates.length}`);
        seen.push(...out.templates.map((t) => t.metaTemplateId));
        nextToken = out.nextToken;
        assert.ok(pages <= 3, 'more pages than needed');
      } while (nextToken);
      assert.equal(pages, 3);
      return seen;
    };
    const first = await pageThrough();
    assert.deepEqual([...first].sort(), [...ids].sort());
    assert.deepEqual(await pageThrough(), first);
    assert.deepEqual(
      (await listAll()).map((t) => t.metaTemplateId),
      first,
      'paged order equals unpaged order',
    );
  });

  test('the SDK paginator sees every template', async () => {
    for (let i = 0; i < 3; i += 1) await created(utilityTemplate(`paginated_${i}`));
    const names = [];
    for await (const page of paginateListWhatsAppMessageTemplates({ client, pageSize: 1 }, { id: FIXTURE_WABA_ID })) {
      names.push(...page.templates.map((t) => t.templateName));
    }
    assert.deepEqual(names.sort(), ['paginated_0', 'paginated_1', 'paginated_2']);
  });

  test("templates are per WABA: another WABA's list is separate", async () => {
    await created(utilityTemplate('demo_store_only'));
    const bakery = await link(client, TOKENS.bakery);
    assert.deepEqual(await listAll(client, bakery.wabaId), []);
    assert.equal((await listAll()).length, 1);
  });

  test('a forged nextToken is InvalidParametersException', async () => {
    await expectError(
      client.send(new ListTemplates({ id: FIXTURE_WABA_ID, nextToken: 'forged' })),
      'InvalidParametersException',
      400,
    );
  });

  test('an unknown WABA is ResourceNotFoundException', async () => {
    await expectError(client.send(new ListTemplates({ id: ZERO_WABA_ID })), 'ResourceNotFoundException', 404);
  });

  for (const maxResults of [0, 101]) {
    test(`maxResults ${maxResults} is ValidationException`, async () => {
      const err = await expectError(
        client.send(new ListTemplates({ id: FIXTURE_WABA_ID, maxResults })),
        'ValidationException',
        400,
      );
      assert.ok(err.message.includes(`Value '${maxResults}' at 'maxResults'`), err.message);
    });
  }
});

describe('UpdateWhatsAppMessageTemplate', () => {
  const newComponents = [
    {
      type: 'BODY',
      text: 'Hello {{1}}, order {{2}} left our warehouse today and will arrive soon.',
      example: { body_text: [['Ana', '#48213']] },
    },
  ];

  test('new components send it back to review; the automatic review approves it again', async () => {
    const metaTemplateId = await created(utilityTemplate('edited'));
    const out = await client.send(
      new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, templateComponents: enc(newComponents) }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    const t = await getTemplate(client, { metaTemplateId });
    assert.deepEqual(t.components, newComponents);
    assert.equal(t.status, 'APPROVED');
    assert.equal(t.id, metaTemplateId, 'the id does not change');
  });

  test('by templateName + templateLanguageCode', async () => {
    const metaTemplateId = await created(utilityTemplate('edited_by_name'));
    await client.send(
      new UpdateTemplate({
        id: FIXTURE_WABA_ID,
        templateName: 'edited_by_name',
        templateLanguageCode: 'en_US',
        templateComponents: enc(newComponents),
      }),
    );
    assert.deepEqual((await getTemplate(client, { metaTemplateId })).components, newComponents);
  });

  test('an edit the review rejects leaves the template REJECTED with the reason', async () => {
    const metaTemplateId = await created(utilityTemplate('edited_to_short_link'));
    await client.send(
      new UpdateTemplate({
        id: FIXTURE_WABA_ID,
        metaTemplateId,
        templateComponents: enc([body('Track your parcel at https://bit.ly/x7Yz and thank you for shopping.')]),
      }),
    );
    const t = await getTemplate(client, { metaTemplateId });
    assert.equal(t.status, 'REJECTED');
    assert.equal(t.rejected_reason, 'ABUSIVE_CONTENT');
  });

  test('templateCategory changes the category (and the review judges the new one)', async () => {
    const metaTemplateId = await created(utilityTemplate('becomes_marketing'));
    await client.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, templateCategory: 'MARKETING' }));
    const t = await getTemplate(client, { metaTemplateId });
    assert.equal(t.category, 'MARKETING');
    assert.equal(t.status, 'REJECTED', 'a marketing template without opt-out wording');
    assert.equal(t.rejected_reason, 'PROMOTIONAL');
    const [summary] = await listAll();
    assert.equal(summary.templateCategory, 'MARKETING');
  });

  test('parameterFormat NAMED with named components', async () => {
    const metaTemplateId = await created(utilityTemplate('becomes_named'));
    const named = [
      {
        type: 'BODY',
        text: 'Hi {{customer}}, your order {{order}} has shipped and is on its way.',
        example: {
          body_text_named_params: [
            { param_name: 'customer', example: 'Ana' },
            { param_name: 'order', example: '#48213' },
          ],
        },
      },
    ];
    await client.send(
      new UpdateTemplate({
        id: FIXTURE_WABA_ID,
        metaTemplateId,
        parameterFormat: 'NAMED',
        templateComponents: enc(named),
      }),
    );
    const t = await getTemplate(client, { metaTemplateId });
    assert.equal(t.parameter_format, 'NAMED');
    assert.deepEqual(t.components, named);
    assert.equal(t.status, 'APPROVED');
  });

  test('parameterFormat NAMED over positional components is InvalidParametersException', async () => {
    const metaTemplateId = await created(utilityTemplate('stays_positional'));
    await expectError(
      client.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, parameterFormat: 'NAMED' })),
      'InvalidParametersException',
      400,
    );
    assert.equal((await getTemplate(client, { metaTemplateId })).parameter_format, 'POSITIONAL');
  });

  test('ctaUrlLinkTrackingOptedOut alone is no content change', async () => {
    const metaTemplateId = await created(utilityTemplate('tracking'));
    await client.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, ctaUrlLinkTrackingOptedOut: true }));
    const t = await getTemplate(client, { metaTemplateId });
    assert.equal(t.status, 'APPROVED');
    assert.equal(t.cta_url_link_tracking_opted_out, true);
    assert.deepEqual(t.components, utilityTemplate('tracking').components);
  });

  test('templateComponents that are not a JSON array is InvalidParametersException (#100)', async () => {
    const metaTemplateId = await created(utilityTemplate('bad_edit'));
    for (const bytes of [enc({ type: 'BODY', text: 'not a list' }), enc('[{"type":')]) {
      const err = await expectError(
        client.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, templateComponents: bytes })),
        'InvalidParametersException',
        400,
      );
      assert.ok(err.message.startsWith('(#100)'), err.message);
    }
  });

  test("components that break Meta's rules are InvalidParametersException and change nothing", async () => {
    const metaTemplateId = await created(utilityTemplate('rule_breaking_edit'));
    const err = await expectError(
      client.send(
        new UpdateTemplate({
          id: FIXTURE_WABA_ID,
          metaTemplateId,
          templateComponents: enc([body(`Hello there. ${'a'.repeat(1020)}`)]),
        }),
      ),
      'InvalidParametersException',
      400,
    );
    assert.ok(err.message.startsWith('(#2388040)'), err.message);
    const t = await getTemplate(client, { metaTemplateId });
    assert.deepEqual(t.components, utilityTemplate('rule_breaking_edit').components);
    assert.equal(t.status, 'APPROVED');
  });

  test('an unknown template is ResourceNotFoundException', async () => {
    await expectError(
      client.send(
        new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId: '1234567890123456', templateCategory: 'UTILITY' }),
      ),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      client.send(
        new UpdateTemplate({
          id: FIXTURE_WABA_ID,
          templateName: 'absent',
          templateLanguageCode: 'en_US',
          templateCategory: 'UTILITY',
        }),
      ),
      'ResourceNotFoundException',
      404,
    );
  });

  test('neither metaTemplateId nor templateName + templateLanguageCode is InvalidParametersException', async () => {
    await expectError(
      client.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, templateCategory: 'UTILITY' })),
      'InvalidParametersException',
      400,
    );
  });

  test('an unknown WABA is ResourceNotFoundException', async () => {
    await expectError(
      client.send(
        new UpdateTemplate({ id: ZERO_WABA_ID, metaTemplateId: '1234567890123456', templateCategory: 'UTILITY' }),
      ),
      'ResourceNotFoundException',
      404,
    );
  });
});

describe('DeleteWhatsAppMessageTemplate', () => {
  async function twoLanguages(name) {
    const en = await created(utilityTemplate(name));
    const es = await created(
      utilityTemplate(name, {
        language: 'es',
        components: [body('Hola {{1}}, tu pedido {{2}} ya fue enviado y va en camino.', ['Ana', '#48213'])],
      }),
    );
    return { en, es };
  }

  test('with metaTemplateId deletes that language only', async () => {
    const { en, es } = await twoLanguages('bilingual');
    const out = await client.send(
      new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'bilingual', metaTemplateId: en }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    await expectError(
      client.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId: en })),
      'ResourceNotFoundException',
      404,
    );
    assert.equal((await getTemplate(client, { metaTemplateId: es })).language, 'es');
    assert.deepEqual(
      (await listAll()).map((t) => t.metaTemplateId),
      [es],
    );
  });

  test('without metaTemplateId deletes every language of the name', async () => {
    await twoLanguages('bilingual');
    const other = await created(utilityTemplate('stays'));
    await client.send(new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'bilingual' }));
    assert.deepEqual(
      (await listAll()).map((t) => t.metaTemplateId),
      [other],
    );
  });

  test('deleteAllLanguages deletes every language even with a metaTemplateId', async () => {
    const { en } = await twoLanguages('bilingual');
    await client.send(
      new DeleteTemplate({
        id: FIXTURE_WABA_ID,
        templateName: 'bilingual',
        metaTemplateId: en,
        deleteAllLanguages: true,
      }),
    );
    assert.deepEqual(await listAll(), []);
  });

  test('a deleted name can be created again, with a new id', async () => {
    const first = await created(utilityTemplate('reborn'));
    await client.send(new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'reborn' }));
    const second = await created(utilityTemplate('reborn'));
    assert.notEqual(second, first);
    assert.equal((await getTemplate(client, { templateName: 'reborn', templateLanguageCode: 'en_US' })).id, second);
  });

  test('an unknown name, or deleting twice, is ResourceNotFoundException', async () => {
    await expectError(
      client.send(new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'absent' })),
      'ResourceNotFoundException',
      404,
    );
    await created(utilityTemplate('once'));
    await client.send(new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'once' }));
    await expectError(
      client.send(new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'once' })),
      'ResourceNotFoundException',
      404,
    );
  });

  test('a metaTemplateId that is not a template of that name is ResourceNotFoundException and deletes nothing', async () => {
    const a = await created(utilityTemplate('name_a'));
    const b = await created(utilityTemplate('name_b'));
    await expectError(
      client.send(new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'name_a', metaTemplateId: b })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      client.send(
        new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'name_a', metaTemplateId: '1234567890123456' }),
      ),
      'ResourceNotFoundException',
      404,
    );
    assert.deepEqual((await listAll()).map((t) => t.metaTemplateId).sort(), [a, b].sort());
  });

  test('an unknown WABA is ResourceNotFoundException', async () => {
    await expectError(
      client.send(new DeleteTemplate({ id: ZERO_WABA_ID, templateName: 'anything' })),
      'ResourceNotFoundException',
      404,
    );
  });

  test('a missing templateName is ValidationException', async () => {
    const err = await expectError(client.send(new DeleteTemplate({ id: FIXTURE_WABA_ID })), 'ValidationException', 400);
    assert.ok(err.message.includes("at 'templateName'"), err.message);
  });
});

test('lifecycle: create → get → list → update → delete', async () => {
  const metaTemplateId = await created(utilityTemplate('lifecycle'));
  assert.equal((await getTemplate(client, { metaTemplateId })).status, 'APPROVED');
  assert.deepEqual(
    (await listAll()).map((t) => [t.templateName, t.templateStatus]),
    [['lifecycle', 'APPROVED']],
  );
  const components = [body('Hi {{1}}, order {{2}} is packed and leaves our store today.', ['Ana', '#1'])];
  await client.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, templateComponents: enc(components) }));
  assert.deepEqual((await getTemplate(client, { metaTemplateId })).components, components);
  await client.send(new DeleteTemplate({ id: FIXTURE_WABA_ID, templateName: 'lifecycle', metaTemplateId }));
  assert.deepEqual(await listAll(), []);
  await expectError(
    client.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId })),
    'ResourceNotFoundException',
    404,
  );
});

describe('manual review (--template-review manual) and the admin review endpoint', { skip: ownServerOnly('--template-review manual') }, () => {
  const dir = new S3Dir();
  let manual;
  let mc;
  before(async () => {
    manual = await startServer({ args: [...dir.args, '--template-review', 'manual'] });
    mc = manual.client();
  });
  after(async () => {
    await manual?.dispose();
    dir.remove();
  });
  beforeEach(async () => {
    await manual.reset();
  });

  const get = async (metaTemplateId) =>
    JSON.parse((await mc.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId }))).template);
  const create = async (definition) => (await createTemplate(mc, definition)).metaTemplateId;

  test('a new template stays PENDING until reviewed', async () => {
    const metaTemplateId = await create(utilityTemplate('waiting'));
    assert.equal((await get(metaTemplateId)).status, 'PENDING');
    const [summary] = (await mc.send(new ListTemplates({ id: FIXTURE_WABA_ID }))).templates;
    assert.equal(summary.templateStatus, 'PENDING');
  });

  test('the admin endpoint sets APPROVED, REJECTED (with reason), PAUSED and DISABLED', async () => {
    const metaTemplateId = await create(utilityTemplate('steered'));
    const pick = ({ metaTemplateId: id, status, reason }) => ({ metaTemplateId: id, status, reason });
    assert.deepEqual(pick(await review(manual, metaTemplateId, 'APPROVED')), {
      metaTemplateId,
      status: 'APPROVED',
      reason: undefined,
    });
    assert.equal((await get(metaTemplateId)).status, 'APPROVED');

    assert.deepEqual(pick(await review(manual, metaTemplateId, 'REJECTED', 'SCAM')), {
      metaTemplateId,
      status: 'REJECTED',
      reason: 'SCAM',
    });
    const rejected = await get(metaTemplateId);
    assert.equal(rejected.status, 'REJECTED');
    assert.equal(rejected.rejected_reason, 'SCAM');

    for (const status of ['PAUSED', 'DISABLED']) {
      assert.equal((await review(manual, metaTemplateId, status)).status, status);
      const t = await get(metaTemplateId);
      assert.equal(t.status, status);
      assert.equal(t.rejected_reason, undefined);
    }
  });

  test('the admin endpoint answers 404 for an unknown template and 400 for a bad status', async () => {
    const missing = await manual.raw('POST', '/_socialite/templates/1234567890123456/review', {
      body: { status: 'APPROVED' },
    });
    assert.equal(missing.status, 404, missing.text);
    const metaTemplateId = await create(utilityTemplate('bad_status'));
    const bad = await manual.raw('POST', `/_socialite/templates/${metaTemplateId}/review`, {
      body: { status: 'GREAT' },
    });
    assert.equal(bad.status, 400, bad.text);
    assert.equal((await get(metaTemplateId)).status, 'PENDING');
  });

  test('an APPROVED template can be edited once in 24 hours', async () => {
    const metaTemplateId = await create(utilityTemplate('edit_limit'));
    await review(manual, metaTemplateId, 'APPROVED');
    const edit = (text) =>
      mc.send(
        new UpdateTemplate({
          id: FIXTURE_WABA_ID,
          metaTemplateId,
          templateComponents: enc([body(text, ['Ana', '#1'])]),
        }),
      );

    await edit('Hi {{1}}, order {{2}} is packed and leaves our store today.');
    assert.equal((await get(metaTemplateId)).status, 'PENDING', 'the edit went back to review');
    await review(manual, metaTemplateId, 'APPROVED');

    const err = await expectError(
      edit('Hi {{1}}, order {{2}} is packed and will leave tomorrow morning.'),
      'InvalidParametersException',
      400,
    );
    assert.match(err.message, /once in 24 hours/);
    const t = await get(metaTemplateId);
    assert.equal(t.status, 'APPROVED');
    assert.equal(t.components[0].text, 'Hi {{1}}, order {{2}} is packed and leaves our store today.');

    // A category change is a content change too; the tracking flag is not.
    await expectError(
      mc.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, templateCategory: 'MARKETING' })),
      'InvalidParametersException',
      400,
    );
    await mc.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, ctaUrlLinkTrackingOptedOut: true }));
    assert.equal((await get(metaTemplateId)).cta_url_link_tracking_opted_out, true);
  });

  test('a template that is not APPROVED can be edited again at once', async () => {
    const metaTemplateId = await create(utilityTemplate('pending_edits'));
    for (const word of ['today', 'tomorrow', 'soon']) {
      await mc.send(
        new UpdateTemplate({
          id: FIXTURE_WABA_ID,
          metaTemplateId,
          templateComponents: enc([body(`Hi {{1}}, order {{2}} leaves our store ${word}.`, ['Ana', '#1'])]),
        }),
      );
    }
    const t = await get(metaTemplateId);
    assert.equal(t.status, 'PENDING');
    assert.equal(t.components[0].text, 'Hi {{1}}, order {{2}} leaves our store soon.');
  });
});

describe('--template-review-delay', { skip: ownServerOnly('--template-review-delay 1') }, () => {
  const dir = new S3Dir();
  let delayed;
  before(async () => {
    delayed = await startServer({ args: [...dir.args, '--template-review-delay', '1'] });
  });
  after(async () => {
    await delayed?.dispose();
    dir.remove();
  });

  test('the automatic review happens after the delay', async () => {
    const c = delayed.client();
    const { metaTemplateId } = await createTemplate(c, utilityTemplate('slow_review'));
    const get = async () =>
      JSON.parse((await c.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId }))).template);
    assert.equal((await get()).status, 'PENDING');
    await sleep(1300);
    assert.equal((await get()).status, 'APPROVED');
  });
});

describe('templates survive a restart', { skip: ownServerOnly('a restart on its database file') }, () => {
  const dir = new S3Dir();
  let persistent;
  before(async () => {
    persistent = await startServer({ dbFile: true, args: dir.args });
  });
  after(async () => {
    await persistent?.dispose();
    dir.remove();
  });

  test('created and edited templates are read back after a restart', async () => {
    let c = persistent.client();
    const { metaTemplateId } = await createTemplate(c, utilityTemplate('durable'));
    await c.send(new UpdateTemplate({ id: FIXTURE_WABA_ID, metaTemplateId, ctaUrlLinkTrackingOptedOut: true }));
    const beforeRestart = JSON.parse((await c.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId }))).template);

    const { code } = await persistent.stop();
    assert.equal(code, 0, persistent.stderr);
    await persistent.start();
    c = persistent.client();
    const afterRestart = JSON.parse((await c.send(new GetTemplate({ id: FIXTURE_WABA_ID, metaTemplateId }))).template);
    assert.deepEqual(afterRestart, beforeRestart);
    assert.deepEqual(
      ((await c.send(new ListTemplates({ id: FIXTURE_WABA_ID }))).templates ?? []).map((t) => t.metaTemplateId),
      [metaTemplateId],
    );
  });
});

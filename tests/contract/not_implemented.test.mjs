// Operations that are routed and validated but not implemented yet: a valid input
// answers InternalServiceException (500, "not implemented"), an invalid one
// ValidationException. When an operation gets implemented, delete its entry here
// and give it real tests in its own file.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import * as sdk from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { FIXTURE_PHONE_ID, FIXTURE_WABA_ARN, FIXTURE_WABA_ID, expectError } from './helpers/common.mjs';

const bytes = (s) => new TextEncoder().encode(s);

// operation: { valid: [inputs...], invalid: [{ input, path }] } where path is the
// member the ValidationException message must name ("at '<path>'").
const OPERATIONS = {
  CreateWhatsAppMessageTemplate: {
    valid: [
      {
        id: FIXTURE_WABA_ID,
        templateDefinition: bytes(JSON.stringify({ name: 'order_update', language: 'en_US', category: 'UTILITY' })),
      },
    ],
    invalid: [{ input: { id: FIXTURE_WABA_ID }, path: 'templateDefinition' }],
  },
  CreateWhatsAppMessageTemplateFromLibrary: {
    valid: [
      {
        id: FIXTURE_WABA_ID,
        metaLibraryTemplate: {
          templateName: 'order_update',
          libraryTemplateName: 'delivery_update_1',
          templateCategory: 'UTILITY',
          templateLanguage: 'en_US',
        },
      },
    ],
    invalid: [
      {
        input: {
          id: FIXTURE_WABA_ID,
          metaLibraryTemplate: {
            templateName: 'order_update',
            libraryTemplateName: 'delivery_update_1',
            templateCategory: 'UTILITY',
            templateLanguage: 'english',
          },
        },
        path: 'metaLibraryTemplate.templateLanguage',
      },
    ],
  },
  CreateWhatsAppMessageTemplateMedia: {
    valid: [{ id: FIXTURE_WABA_ARN, sourceS3File: { bucketName: 'my-bucket', key: 'header.png' } }],
    invalid: [{ input: { sourceS3File: { bucketName: 'my-bucket', key: 'header.png' } }, path: 'id' }],
  },
  DeleteWhatsAppMessageMedia: {
    valid: [{ mediaId: '1234567890', originationPhoneNumberId: FIXTURE_PHONE_ID }],
    invalid: [{ input: { mediaId: 'bad-id!', originationPhoneNumberId: FIXTURE_PHONE_ID }, path: 'mediaId' }],
  },
  DeleteWhatsAppMessageTemplate: {
    valid: [
      { id: FIXTURE_WABA_ID, templateName: 'order_update', metaTemplateId: '123456789012345' },
      { id: FIXTURE_WABA_ID, templateName: 'order_update', deleteAllLanguages: true },
    ],
    invalid: [{ input: { id: FIXTURE_WABA_ID }, path: 'templateName' }],
  },
  GetWhatsAppMessageMedia: {
    valid: [{ mediaId: '1234567890', originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true }],
    invalid: [{ input: { mediaId: '1234567890', originationPhoneNumberId: 'nope' }, path: 'originationPhoneNumberId' }],
  },
  GetWhatsAppMessageTemplate: {
    valid: [
      { id: FIXTURE_WABA_ID, metaTemplateId: '123456789012345' },
      // The model's alternative lookup (SEED-VS-MODEL.md): by name and language, no metaTemplateId.
      { id: FIXTURE_WABA_ID, templateName: 'order_update', templateLanguageCode: 'en_US' },
    ],
    invalid: [{ input: { id: FIXTURE_WABA_ID, metaTemplateId: '12a' }, path: 'metaTemplateId' }],
  },
  ListWhatsAppMessageTemplates: {
    valid: [{ id: FIXTURE_WABA_ID, maxResults: 10 }],
    invalid: [{ input: { id: FIXTURE_WABA_ID, maxResults: 0 }, path: 'maxResults' }],
  },
  ListWhatsAppTemplateLibrary: {
    valid: [{ id: FIXTURE_WABA_ID, maxResults: 10, filters: { searchKey: 'order' } }],
    invalid: [{ input: { maxResults: 10 }, path: 'id' }],
  },
  PostWhatsAppMessageMedia: {
    valid: [{ originationPhoneNumberId: FIXTURE_PHONE_ID, sourceS3File: { bucketName: 'my-bucket', key: 'photo.jpg' } }],
    invalid: [{ input: { sourceS3File: { bucketName: 'my-bucket', key: 'photo.jpg' } }, path: 'originationPhoneNumberId' }],
  },
  SendWhatsAppMessage: {
    valid: [
      {
        originationPhoneNumberId: FIXTURE_PHONE_ID,
        metaApiVersion: 'v20.0',
        message: bytes(
          JSON.stringify({ messaging_product: 'whatsapp', to: '+14255550100', type: 'text', text: { body: 'hi' } }),
        ),
      },
    ],
    invalid: [
      { input: { originationPhoneNumberId: FIXTURE_PHONE_ID, metaApiVersion: 'v20.0' }, path: 'message' },
      {
        // An empty blob is below the minimum length; the sensitive value is not echoed.
        input: { originationPhoneNumberId: FIXTURE_PHONE_ID, metaApiVersion: 'v20.0', message: new Uint8Array(0) },
        path: 'message',
        sensitive: true,
      },
    ],
  },
  UpdateWhatsAppMessageTemplate: {
    valid: [
      { id: FIXTURE_WABA_ID, metaTemplateId: '123456789012345', templateCategory: 'UTILITY' },
      { id: FIXTURE_WABA_ID, templateName: 'order_update', templateLanguageCode: 'en_US', templateCategory: 'UTILITY' },
    ],
    invalid: [{ input: { id: FIXTURE_WABA_ID, parameterFormat: 'p'.repeat(16) }, path: 'parameterFormat' }],
  },
};

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

for (const [name, { valid, invalid }] of Object.entries(OPERATIONS)) {
  const Command = sdk[`${name}Command`];
  describe(name, () => {
    test('the SDK has this command', () => {
      assert.equal(typeof Command, 'function');
    });

    valid.forEach((input, i) => {
      test(`valid input ${i + 1} is routed and answers InternalServiceException "not implemented"`, async () => {
        await expectError(client.send(new Command(input)), 'InternalServiceException', 500, /not implemented/i);
      });
    });

    invalid.forEach(({ input, path, sensitive }, i) => {
      test(`invalid input ${i + 1} is ValidationException at '${path}'`, async () => {
        const err = await expectError(client.send(new Command(input)), 'ValidationException', 400);
        assert.ok(err.message.includes(`at '${path}'`), err.message);
        if (sensitive) assert.ok(err.message.includes(`Value at '${path}'`), err.message);
      });
    });
  });
}

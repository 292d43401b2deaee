// SendWhatsAppMessage: every message type Meta accepts, and the failures Meta reports
// synchronously (InvalidParametersException with Meta's code in the message). What Meta
// decides only after accepting a message (window closed, template not approved, parameter
// counts) is reported by events, so those sends succeed here.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateWhatsAppMessageTemplateMediaCommand as CreateTemplateMedia,
  PostWhatsAppMessageMediaCommand as PostMedia,
  SendWhatsAppMessageCommand as Send,
} from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import {
  FIXTURE_PHONE2_ID,
  FIXTURE_PHONE_ARN,
  FIXTURE_PHONE_ID,
  FIXTURE_WABA_ID,
  ZERO_PHONE_ID,
  expectError,
} from './helpers/common.mjs';
import {
  CUSTOMER,
  META_API_VERSION,
  WAMID_RE,
  createTemplate,
  enc,
  getTemplate,
  jpeg,
  marketingTemplate,
  png,
  sendInput,
  textMessage,
  utilityTemplate,
} from './helpers/messaging.mjs';
import { S3Dir } from './helpers/s3.mjs';

const dir = new S3Dir();
let srv;
let client;
before(async () => {
  srv = await startServer({ args: dir.args });
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
  dir.remove();
});
beforeEach(async () => {
  await srv.reset();
});

const base = (type, object, to = CUSTOMER) => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type,
  [type]: object,
});

/** Sends and asserts a wamid answer; returns the messageId. */
async function sent(message, opts) {
  const out = await client.send(new Send(sendInput(message, opts)));
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.match(out.messageId ?? '', WAMID_RE);
  return out.messageId;
}

/** Asserts InvalidParametersException whose message starts with "(#code)". */
async function rejected(message, code, opts) {
  const err = await expectError(client.send(new Send(sendInput(message, opts))), 'InvalidParametersException', 400);
  if (code !== undefined) assert.ok(err.message.startsWith(`(#${code})`), `expected (#${code}): ${err.message}`);
  return err;
}

/** Uploads an object from the s3 dir for a phone number; returns the mediaId. */
async function uploaded(key, bytes, phone = FIXTURE_PHONE_ID) {
  dir.put('media', key, bytes);
  const out = await client.send(
    new PostMedia({ originationPhoneNumberId: phone, sourceS3File: { bucketName: 'media', key } }),
  );
  return out.mediaId;
}

/** Creates (and, reviewed automatically, approves) a template with an IMAGE header. */
async function imageHeaderTemplate(name) {
  dir.put('media', 'headers/banner.png', png());
  const { metaHeaderHandle } = await client.send(
    new CreateTemplateMedia({ id: FIXTURE_WABA_ID, sourceS3File: { bucketName: 'media', key: 'headers/banner.png' } }),
  );
  const { metaTemplateId } = await createTemplate(client, {
    name,
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: [metaHeaderHandle] } },
      { type: 'BODY', text: 'Hi {{1}}, here is a photo of your order.', example: { body_text: [['Ana']] } },
    ],
  });
  assert.equal((await getTemplate(client, { metaTemplateId })).status, 'APPROVED');
}

const imageTemplateSend = (name, image) =>
  base('template', {
    name,
    language: { code: 'en_US' },
    components: [
      { type: 'header', parameters: [{ type: 'image', image }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
    ],
  });

describe('accepted messages answer a wamid', () => {
  test('text', async () => {
    const first = await sent(textMessage('Hello from the Demo Store'));
    const second = await sent(textMessage('Hello again'));
    assert.notEqual(first, second, 'every message has its own id');
  });

  test('text with preview_url, reply context and callback data', async () => {
    const earlier = await sent(textMessage('Your order shipped.'));
    await sent({
      ...textMessage('Track it at https://www.example.com/track/48213'),
      text: { body: 'Track it at https://www.example.com/track/48213', preview_url: true },
      context: { message_id: earlier },
      biz_opaque_callback_data: 'order-48213',
    });
  });

  test("without type, a message is text (as in Meta's own example)", async () => {
    await sent({ messaging_product: 'whatsapp', to: CUSTOMER, text: { body: 'no type member' } });
  });

  test('a text body of exactly 4096 characters', async () => {
    await sent(textMessage('x'.repeat(4096)));
  });

  test('the phone number may be given by ARN; the second number sends too', async () => {
    await sent(textMessage('by ARN'), { phone: FIXTURE_PHONE_ARN });
    await sent(textMessage('from the support line'), { phone: FIXTURE_PHONE2_ID });
  });

  test('a later metaApiVersion', async () => {
    await sent(textMessage('newer API'), { version: 'v23.0' });
  });

  test('to a number that never wrote (outside the 24-hour window) is accepted', async () => {
    await sent(textMessage('Are you still interested?', '+447700900123'));
  });

  test('image by uploaded media id', async () => {
    const mediaId = await uploaded('send/photo.png', png());
    await sent(base('image', { id: mediaId, caption: 'Your new sofa' }));
  });

  test('image, document, video and audio by https link', async () => {
    await sent(base('image', { link: 'https://www.example.com/images/sofa.jpg', caption: 'Your new sofa' }));
    await sent(
      base('document', {
        link: 'https://www.example.com/invoices/48213.pdf',
        filename: 'invoice-48213.pdf',
        caption: 'Invoice',
      }),
    );
    await sent(base('video', { link: 'https://www.example.com/videos/assembly.mp4' }));
    await sent(base('audio', { link: 'https://www.example.com/audio/welcome.mp3' }));
  });

  test('a document by uploaded media id', async () => {
    const mediaId = await uploaded('send/terms.pdf', Buffer.from('%PDF-1.4\n'));
    await sent(base('document', { id: mediaId, filename: 'terms.pdf' }));
  });

  test('a media id of another kind (a PDF sent as an image) is accepted (Meta reports it later)', async () => {
    const mediaId = await uploaded('send/terms.pdf', Buffer.from('%PDF-1.4\n'));
    await sent(base('image', { id: mediaId }));
  });

  test('template with body parameters, after it was approved', async () => {
    const { metaTemplateId } = await createTemplate(client, utilityTemplate('shipping_update'));
    assert.equal((await getTemplate(client, { metaTemplateId })).status, 'APPROVED');
    await sent(
      base('template', {
        name: 'shipping_update',
        language: { code: 'en_US', policy: 'deterministic' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ana' },
              { type: 'text', text: '#48213' },
            ],
          },
        ],
      }),
    );
  });

  test('template with the wrong parameter count is accepted (Meta reports it later)', async () => {
    await createTemplate(client, utilityTemplate('shipping_update'));
    await sent(
      base('template', {
        name: 'shipping_update',
        language: { code: 'en_US' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
      }),
    );
  });

  test('a template that is rejected, or does not exist, is accepted (Meta reports it later)', async () => {
    await createTemplate(client, marketingTemplate('pushy_sale', { optOut: false }));
    assert.equal(
      (await getTemplate(client, { templateName: 'pushy_sale', templateLanguageCode: 'en_US' })).status,
      'REJECTED',
    );
    await sent(base('template', { name: 'pushy_sale', language: { code: 'en_US' } }));
    await sent(base('template', { name: 'no_such_template', language: { code: 'en_US' } }));
  });

  test('template with an image header, by link and by uploaded media id', async () => {
    await imageHeaderTemplate('order_photo');
    await sent(imageTemplateSend('order_photo', { link: 'https://www.example.com/images/order-48213.jpg' }));
    const mediaId = await uploaded('send/order.jpg', jpeg());
    await sent(imageTemplateSend('order_photo', { id: mediaId }));
  });

  test('interactive reply buttons', async () => {
    await sent(
      base('interactive', {
        type: 'button',
        header: { type: 'text', text: 'Delivery' },
        body: { text: 'When should we deliver your order?' },
        footer: { text: 'Socialite Demo Store' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'morning', title: 'Morning' } },
            { type: 'reply', reply: { id: 'afternoon', title: 'Afternoon' } },
            { type: 'reply', reply: { id: 'evening', title: 'Evening' } },
          ],
        },
      }),
    );
  });

  test('interactive list', async () => {
    await sent(
      base('interactive', {
        type: 'list',
        header: { type: 'text', text: 'Our menu' },
        body: { text: 'Pick a category to browse.' },
        action: {
          button: 'Categories',
          sections: [
            {
              title: 'Furniture',
              rows: [
                { id: 'sofas', title: 'Sofas', description: 'Two and three seaters' },
                { id: 'tables', title: 'Tables' },
              ],
            },
            { title: 'Decor', rows: [{ id: 'lamps', title: 'Lamps' }] },
          ],
        },
      }),
    );
  });

  test('interactive call-to-action URL', async () => {
    await sent(
      base('interactive', {
        type: 'cta_url',
        body: { text: 'See the assembly guide for your sofa.' },
        action: { name: 'cta_url', parameters: { display_text: 'Open guide', url: 'https://www.example.com/guide' } },
      }),
    );
  });

  test('location', async () => {
    await sent(
      base('location', { latitude: 47.6062, longitude: -122.3321, name: 'Demo Store', address: '1 Pike St, Seattle' }),
    );
  });

  test('contacts (up to 5)', async () => {
    const contact = (n) => ({
      name: { formatted_name: `Support Agent ${n}`, first_name: 'Support' },
      phones: [{ phone: '+14255550199', type: 'WORK' }],
      emails: [{ email: `agent${n}@example.com`, type: 'WORK' }],
    });
    await sent({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'contacts', contacts: [contact(1)] });
    await sent({
      messaging_product: 'whatsapp',
      to: CUSTOMER,
      type: 'contacts',
      contacts: [1, 2, 3, 4, 5].map(contact),
    });
  });

  test('reaction to a message sent before, and its removal', async () => {
    const target = await sent(textMessage('Thanks for your order!'));
    await sent(base('reaction', { message_id: target, emoji: '👍' }));
    await sent(base('reaction', { message_id: target, emoji: '' }));
  });

  test('sticker by link', async () => {
    await sent(base('sticker', { link: 'https://www.example.com/stickers/hello.webp' }));
  });
});

describe("synchronous failures are InvalidParametersException with Meta's code", () => {
  for (const version of ['v19.0', 'latest', 'v2']) {
    test(`metaApiVersion ${version} (#100)`, async () => {
      await rejected(textMessage('hi'), 100, { version });
    });
  }

  test('a message that is not JSON (#100)', async () => {
    const err = await expectError(
      client.send(
        new Send({
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          message: enc('{"to": '),
          metaApiVersion: META_API_VERSION,
        }),
      ),
      'InvalidParametersException',
      400,
    );
    assert.ok(err.message.startsWith('(#100)'), err.message);
  });

  for (const [what, json] of [
    ['an array', '[1, 2]'],
    ['a string', '"hello"'],
    ['a number', '42'],
  ]) {
    test(`a message that is ${what}, not an object (#100)`, async () => {
      const err = await expectError(
        client.send(
          new Send({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            message: enc(json),
            metaApiVersion: META_API_VERSION,
          }),
        ),
        'InvalidParametersException',
        400,
      );
      assert.ok(err.message.startsWith('(#100)'), err.message);
    });
  }

  test('a missing to (#131008)', async () => {
    await rejected({ messaging_product: 'whatsapp', type: 'text', text: { body: 'hi' } }, 131008);
  });

  for (const to of ['not-a-number', '12', '+1 (425) 555-01234567890123']) {
    test(`to ${JSON.stringify(to)} (#131009)`, async () => {
      await rejected(textMessage('hi', to), 131009);
    });
  }

  test('an unknown type (#131051)', async () => {
    await rejected({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'hologram', hologram: {} }, 131051);
  });

  test('a missing text body (#131008)', async () => {
    await rejected({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: {} }, 131008);
  });

  test('a text body over 4096 characters (#131009)', async () => {
    await rejected(textMessage('x'.repeat(4097)), 131009);
  });

  test('a caption on audio (#100)', async () => {
    await rejected(base('audio', { link: 'https://www.example.com/audio/welcome.mp3', caption: 'listen' }), 100);
  });

  test('media with both id and link, or neither', async () => {
    await rejected(base('image', { id: '1234567890123456', link: 'https://www.example.com/a.jpg' }), 131009);
    await rejected(base('image', {}), 131008);
  });

  test('more than 3 reply buttons (#131009)', async () => {
    const button = (n) => ({ type: 'reply', reply: { id: `b${n}`, title: `Option ${n}` } });
    await rejected(
      base('interactive', {
        type: 'button',
        body: { text: 'Pick one' },
        action: { buttons: [1, 2, 3, 4].map(button) },
      }),
      131009,
    );
  });

  test('more than 5 contacts (#131009)', async () => {
    const contact = (n) => ({ name: { formatted_name: `Agent ${n}` } });
    await rejected(
      { messaging_product: 'whatsapp', to: CUSTOMER, type: 'contacts', contacts: [1, 2, 3, 4, 5, 6].map(contact) },
      131009,
    );
  });

  test('a reaction to an unknown wamid (#131009)', async () => {
    await rejected(
      base('reaction', { message_id: 'wamid.HBgLMTQyNTU1NTk4NzYVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA', emoji: '👍' }),
      131009,
    );
  });

  test("a reaction to another number's message (#131009)", async () => {
    const theirs = await sent(textMessage('from support'), { phone: FIXTURE_PHONE2_ID });
    await rejected(base('reaction', { message_id: theirs, emoji: '👍' }), 131009);
  });

  test('a media id that does not exist (#131009)', async () => {
    await rejected(base('image', { id: '1234567890123456' }), 131009);
  });

  test('a media id of another phone number (#131009)', async () => {
    const mediaId = await uploaded('send/theirs.jpg', jpeg(), FIXTURE_PHONE2_ID);
    await rejected(base('image', { id: mediaId }), 131009);
    await sent(base('image', { id: mediaId }), { phone: FIXTURE_PHONE2_ID });
  });

  test('a template header media id of another phone number (#131009)', async () => {
    await imageHeaderTemplate('order_photo');
    const mediaId = await uploaded('send/theirs.jpg', jpeg(), FIXTURE_PHONE2_ID);
    await rejected(imageTemplateSend('order_photo', { id: mediaId }), 131009);
  });

  test('a caption on a template header image (#100)', async () => {
    await imageHeaderTemplate('order_photo');
    await rejected(imageTemplateSend('order_photo', { link: 'https://www.example.com/a.jpg', caption: 'no' }), 100);
  });

  test('mark as read of a message that is not an inbound message', async () => {
    const outbound = await sent(textMessage('we wrote this'));
    for (const messageId of [outbound, 'wamid.HBgLMTQyNTU1NTk4NzYVAgASGBQzQUFCQkNDRERFRUZGMDAxMTIyMwA']) {
      await rejected({ messaging_product: 'whatsapp', status: 'read', message_id: messageId });
    }
  });

  test('to the sending business number itself (#131021)', async () => {
    await rejected(textMessage('talking to myself', '+14255550123'), 131021);
  });

  test('messaging_product other than whatsapp (#100)', async () => {
    await rejected({ ...textMessage('hi'), messaging_product: 'sms' }, 100);
  });
});

describe('other errors', () => {
  test('an unknown phone number is ResourceNotFoundException', async () => {
    await expectError(
      client.send(new Send(sendInput(textMessage('hi'), { phone: ZERO_PHONE_ID }))),
      'ResourceNotFoundException',
      404,
    );
  });

  test('a phone number id that fails the pattern is ValidationException', async () => {
    await expectError(
      client.send(new Send(sendInput(textMessage('hi'), { phone: 'nope' }))),
      'ValidationException',
      400,
    );
  });

  test('a message over 2048000 bytes is ValidationException; message is sensitive, so not echoed', async () => {
    const err = await expectError(
      client.send(new Send(sendInput(textMessage('y'.repeat(2048001))))),
      'ValidationException',
      400,
    );
    assert.ok(err.message.includes("Value at 'message' failed to satisfy constraint"), err.message);
    assert.ok(!err.message.includes('yyyy'), 'the message is not echoed');
  });

  test('a missing message or metaApiVersion is ValidationException', async () => {
    const noMessage = await expectError(
      client.send(new Send({ originationPhoneNumberId: FIXTURE_PHONE_ID, metaApiVersion: META_API_VERSION })),
      'ValidationException',
      400,
    );
    assert.ok(noMessage.message.includes("at 'message'"), noMessage.message);
    const noVersion = await expectError(
      client.send(new Send({ originationPhoneNumberId: FIXTURE_PHONE_ID, message: enc(textMessage('hi')) })),
      'ValidationException',
      400,
    );
    assert.ok(noVersion.message.includes("at 'metaApiVersion'"), noVersion.message);
  });
});

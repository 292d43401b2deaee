// Shared by the template, library, media and send contract tests: Meta JSON as the SDK's
// blobs, template definitions, the admin review endpoint, and small media files.
// The S3 backends the server can be given are in s3.mjs.
import assert from 'node:assert/strict';
import {
  CreateWhatsAppMessageTemplateCommand as CreateTemplate,
  GetWhatsAppMessageTemplateCommand as GetTemplate,
} from '@aws-sdk/client-socialmessaging';
import { FIXTURE_PHONE_ID, FIXTURE_WABA_ID } from './common.mjs';

export const META_API_VERSION = 'v20.0';
// A WhatsApp user who never wrote to the fixture numbers (so no service window is open).
export const CUSTOMER = '+14255559876';
export const MEDIA_ID_RE = /^[0-9]+$/;
export const WAMID_RE = /^wamid\.[A-Za-z0-9_-]+$/;
export const MB = 1024 * 1024;

/** A JSON value (or a string taken as is) as the bytes of an SDK blob member. */
export function enc(value) {
  return new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
}

/** SendWhatsAppMessage input for a Meta message object. */
export function sendInput(message, { phone = FIXTURE_PHONE_ID, version = META_API_VERSION } = {}) {
  return { originationPhoneNumberId: phone, message: enc(message), metaApiVersion: version };
}

/** A text message object to `to`. */
export function textMessage(body, to = CUSTOMER) {
  return { messaging_product: 'whatsapp', to, type: 'text', text: { body } };
}

/**
 * A valid UTILITY template definition (Meta's JSON) with two body variables; `overrides`
 * replace top-level members (name, language, category, components, ...).
 */
export function utilityTemplate(name, overrides = {}) {
  return {
    name,
    language: 'en_US',
    category: 'UTILITY',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{1}}, your order {{2}} has shipped and is on its way.',
        example: { body_text: [['Ana', '#48213']] },
      },
      { type: 'FOOTER', text: 'Socialite Demo Store' },
    ],
    ...overrides,
  };
}

/** A MARKETING template; `optOut` puts "Reply STOP to unsubscribe" in its footer. */
export function marketingTemplate(name, { optOut = true, body } = {}) {
  return {
    name,
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'BODY', text: body ?? 'Our spring sale starts today: everything is 20% off until Sunday.' },
      { type: 'FOOTER', text: optOut ? 'Reply STOP to unsubscribe' : 'Socialite Demo Store' },
    ],
  };
}

/** CreateWhatsAppMessageTemplate with a definition object; returns the output. */
export async function createTemplate(client, definition, id = FIXTURE_WABA_ID) {
  return client.send(new CreateTemplate({ id, templateDefinition: enc(definition) }));
}

/** GetWhatsAppMessageTemplate; returns the `template` member parsed from its JSON string. */
export async function getTemplate(client, input) {
  const out = await client.send(new GetTemplate({ id: FIXTURE_WABA_ID, ...input }));
  assert.equal(typeof out.template, 'string', `template is not a string: ${JSON.stringify(out)}`);
  return JSON.parse(out.template);
}

/** POST /_socialite/templates/{id}/review; asserts 200 and returns the JSON answer. */
export async function review(srv, metaTemplateId, status, reason) {
  const res = await srv.raw('POST', `/_socialite/templates/${metaTemplateId}/review`, {
    body: { status, ...(reason ? { reason } : {}) },
  });
  assert.equal(res.status, 200, `review ${metaTemplateId} ${status}: ${res.status} ${res.text}`);
  return res.json;
}

// ---------------------------------------------------------------------------------------
// Media bytes. The server goes by declared type and size, but the heads are real.

/** A 1x1 PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG_HEAD = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
const MP4_HEAD = Buffer.concat([Buffer.from('0000001866747970', 'hex'), Buffer.from('mp42isommp42')]);
const PDF_HEAD = Buffer.from('%PDF-1.4\n%socialite\n');
const MP3_HEAD = Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1');
// WebP: a simple lossy file, and an extended one (VP8X with the animation flag) with ANIM.
const WEBP_STATIC_HEAD = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1');
const WEBP_ANIMATED_HEAD = Buffer.concat([
  Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8X', 'latin1'),
  Buffer.from('0a00000002000000000000000000', 'hex'),
  Buffer.from('ANIM', 'latin1'),
  Buffer.from('06000000ffffffff0000', 'hex'),
]);

/** `head` followed by filler bytes up to exactly `size` bytes. */
export function sized(head, size) {
  const out = Buffer.alloc(size, 0x5a);
  head.copy(out, 0, 0, Math.min(head.length, size));
  return out;
}

export const jpeg = (size = 2048) => sized(JPEG_HEAD, size);
export const png = (size = PNG_1X1.length) => (size === PNG_1X1.length ? PNG_1X1 : sized(PNG_1X1, size));
export const mp4 = (size = 4096) => sized(MP4_HEAD, size);
export const pdf = (size = 1024) => sized(PDF_HEAD, size);
export const mp3 = (size = 2048) => sized(MP3_HEAD, size);
export const webpStatic = (size = 1024) => sized(WEBP_STATIC_HEAD, size);
export const webpAnimated = (size = 4096) => sized(WEBP_ANIMATED_HEAD, size);

/** A presigned S3 URL (virtual-hosted style) for bucket/key, as an AWS SDK would make it. */
export function presignedUrl(bucket, key) {
  const query =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=' +
    'ab'.repeat(32);
  return `https://${bucket}.s3.us-east-1.amazonaws.com/${key}?${query}`;
}

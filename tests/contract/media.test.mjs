// Media through S3: template header handles (CreateWhatsAppMessageTemplateMedia), WhatsApp
// media upload (PostWhatsAppMessageMedia), fetch back into S3 or metadata
// (GetWhatsAppMessageMedia) and delete — against the --s3-dir backend, against a real
// S3-compatible server (s3rver, SigV4-signed, path-style), and against S3 failures.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateWhatsAppMessageTemplateMediaCommand as CreateTemplateMedia,
  DeleteWhatsAppMessageMediaCommand as DeleteMedia,
  GetWhatsAppMessageMediaCommand as GetMedia,
  PostWhatsAppMessageMediaCommand as PostMedia,
} from '@aws-sdk/client-socialmessaging';
import { freePort, startServer } from './helpers/server.mjs';
import {
  FIXTURE_PHONE2_ID,
  FIXTURE_PHONE_ARN,
  FIXTURE_PHONE_ID,
  FIXTURE_WABA_ARN,
  FIXTURE_WABA_ID,
  ZERO_PHONE_ID,
  ZERO_WABA_ID,
  expectError,
} from './helpers/common.mjs';
import {
  MB,
  MEDIA_ID_RE,
  PNG_1X1,
  createTemplate,
  getTemplate,
  jpeg,
  mp3,
  mp4,
  pdf,
  png,
  presignedUrl,
  webpAnimated,
  webpStatic,
} from './helpers/messaging.mjs';
import { S3Dir, startS3rver } from './helpers/s3.mjs';

const HANDLE_RE = /^4::/;
const BUCKET = 'media';

// ---------------------------------------------------------------------------------------
// The directory backend (--s3-dir).

// fileSize is documented in KB (API reference and model): whole KiB, rounded up.
const kb = (bytes) => Math.ceil(bytes / 1024);

describe('with --s3-dir', () => {
  const dir = new S3Dir();
  let srv;
  let client;
  before(async () => {
    dir.createBucket(BUCKET);
    dir.createBucket('copies');
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

  /** Writes bytes at media/<key> and uploads them for the phone number; returns the mediaId. */
  async function upload(key, bytes, phone = FIXTURE_PHONE_ID) {
    dir.put(BUCKET, key, bytes);
    const out = await client.send(
      new PostMedia({ originationPhoneNumberId: phone, sourceS3File: { bucketName: BUCKET, key } }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.match(out.mediaId ?? '', MEDIA_ID_RE);
    return out.mediaId;
  }

  const metadata = async (mediaId, phone = FIXTURE_PHONE_ID) => {
    const out = await client.send(new GetMedia({ mediaId, originationPhoneNumberId: phone, metadataOnly: true }));
    return { mimeType: out.mimeType, fileSize: out.fileSize };
  };

  describe('CreateWhatsAppMessageTemplateMedia', () => {
    const headerMedia = (key, id = FIXTURE_WABA_ID) =>
      client.send(new CreateTemplateMedia({ id, sourceS3File: { bucketName: BUCKET, key } }));

    for (const [key, bytes] of [
      ['headers/banner.png', png()],
      ['headers/banner.jpg', jpeg()],
      ['headers/banner.jpeg', jpeg()],
      ['headers/clip.mp4', mp4()],
      ['headers/clip.3gp', mp4()],
      ['headers/terms.pdf', pdf()],
    ]) {
      test(`a ${key.split('.').pop()} object gives a header handle`, async () => {
        dir.put(BUCKET, key, bytes);
        const out = await headerMedia(key);
        assert.equal(out.$metadata.httpStatusCode, 200);
        assert.match(out.metaHeaderHandle ?? '', HANDLE_RE);
      });
    }

    test('the WABA may be given by ARN', async () => {
      dir.put(BUCKET, 'headers/banner.png', png());
      const out = await headerMedia('headers/banner.png', FIXTURE_WABA_ARN);
      assert.match(out.metaHeaderHandle, HANDLE_RE);
    });

    test('the handle serves as the example of an IMAGE header', async () => {
      dir.put(BUCKET, 'headers/banner.png', png());
      const { metaHeaderHandle } = await headerMedia('headers/banner.png');
      const definition = {
        name: 'with_image_header',
        language: 'en_US',
        category: 'UTILITY',
        components: [
          { type: 'HEADER', format: 'IMAGE', example: { header_handle: [metaHeaderHandle] } },
          { type: 'BODY', text: 'Your order is ready for pickup at our store.' },
        ],
      };
      const out = await createTemplate(client, definition);
      const t = await getTemplate(client, { metaTemplateId: out.metaTemplateId });
      assert.deepEqual(t.components[0], definition.components[0]);
      assert.equal(t.status, 'APPROVED');
    });

    test('images up to 5 MB and videos up to 16 MB are accepted', async () => {
      dir.put(BUCKET, 'big/image.jpg', jpeg(5 * MB));
      assert.match((await headerMedia('big/image.jpg')).metaHeaderHandle, HANDLE_RE);
      dir.put(BUCKET, 'big/video.mp4', mp4(16 * MB));
      assert.match((await headerMedia('big/video.mp4')).metaHeaderHandle, HANDLE_RE);
    });

    test('an image over 5 MB is InvalidParametersException', async () => {
      dir.put(BUCKET, 'big/image.png', png(5 * MB + 1));
      await expectError(headerMedia('big/image.png'), 'InvalidParametersException', 400);
    });

    test('a video over 16 MB is InvalidParametersException', async () => {
      dir.put(BUCKET, 'big/video.mp4', mp4(16 * MB + 1));
      await expectError(headerMedia('big/video.mp4'), 'InvalidParametersException', 400);
    });

    for (const [key, bytes] of [
      ['headers/song.mp3', mp3()],
      ['headers/sticker.webp', webpStatic()],
      ['headers/notes.txt', Buffer.from('plain text')],
      ['headers/unknown.bin', Buffer.from([1, 2, 3])],
    ]) {
      test(`a ${key.split('.').pop()} object is InvalidParametersException`, async () => {
        dir.put(BUCKET, key, bytes);
        await expectError(headerMedia(key), 'InvalidParametersException', 400);
      });
    }

    test('a missing object is InvalidParametersException', async () => {
      await expectError(headerMedia('headers/absent.png'), 'InvalidParametersException', 400);
    });

    test('no sourceS3File is InvalidParametersException', async () => {
      await expectError(
        client.send(new CreateTemplateMedia({ id: FIXTURE_WABA_ID })),
        'InvalidParametersException',
        400,
      );
    });

    test('an unknown WABA is ResourceNotFoundException', async () => {
      dir.put(BUCKET, 'headers/banner.png', png());
      await expectError(headerMedia('headers/banner.png', ZERO_WABA_ID), 'ResourceNotFoundException', 404);
    });

    test('a bucket name that fails the pattern is ValidationException; S3File is sensitive, so not echoed', async () => {
      const err = await expectError(
        client.send(
          new CreateTemplateMedia({ id: FIXTURE_WABA_ID, sourceS3File: { bucketName: 'Bad_Bucket', key: 'a.png' } }),
        ),
        'ValidationException',
        400,
      );
      assert.ok(err.message.includes("at 'sourceS3File.bucketName'"), err.message);
      assert.ok(!err.message.includes('Bad_Bucket'), err.message);
    });
  });

  describe('PostWhatsAppMessageMedia', () => {
    test('from sourceS3File: the type comes from the key extension', async () => {
      const cases = [
        ['up/photo.png', png(), 'image/png'],
        ['up/photo.jpg', jpeg(), 'image/jpeg'],
        ['up/clip.mp4', mp4(), 'video/mp4'],
        ['up/song.mp3', mp3(), 'audio/mpeg'],
        ['up/terms.pdf', pdf(), 'application/pdf'],
        ['up/notes.txt', Buffer.from('hello'), 'text/plain'],
        ['up/sticker.webp', webpStatic(), 'image/webp'],
      ];
      const ids = new Set();
      for (const [key, bytes, mimeType] of cases) {
        const mediaId = await upload(key, bytes);
        ids.add(mediaId);
        assert.deepEqual(await metadata(mediaId), { mimeType, fileSize: kb(bytes.length) }, key);
      }
      assert.equal(ids.size, cases.length, 'every upload has its own id');
    });

    test('the phone number may be given by ARN', async () => {
      dir.put(BUCKET, 'up/photo.png', png());
      const out = await client.send(
        new PostMedia({
          originationPhoneNumberId: FIXTURE_PHONE_ARN,
          sourceS3File: { bucketName: BUCKET, key: 'up/photo.png' },
        }),
      );
      assert.match(out.mediaId, MEDIA_ID_RE);
      assert.equal((await metadata(out.mediaId)).mimeType, 'image/png');
    });

    test('from a presigned URL: resolved to the backend, never fetched; the type from its Content-Type', async () => {
      dir.put(BUCKET, 'presigned/blob.bin', jpeg(3000));
      const out = await client.send(
        new PostMedia({
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          sourceS3PresignedUrl: {
            url: presignedUrl(BUCKET, 'presigned/blob.bin'),
            headers: { 'Content-Type': 'image/jpeg' },
          },
        }),
      );
      assert.match(out.mediaId ?? '', MEDIA_ID_RE);
      assert.deepEqual(await metadata(out.mediaId), { mimeType: 'image/jpeg', fileSize: kb(3000) });
    });

    test('a path-style presigned URL works too', async () => {
      dir.put(BUCKET, 'presigned/photo.png', png());
      const out = await client.send(
        new PostMedia({
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          sourceS3PresignedUrl: {
            url: `https://s3.us-east-1.amazonaws.com/${BUCKET}/presigned/photo.png?X-Amz-Signature=00`,
            headers: { 'Content-Type': 'image/png' },
          },
        }),
      );
      assert.deepEqual(await metadata(out.mediaId), { mimeType: 'image/png', fileSize: kb(PNG_1X1.length) });
    });

    describe('presigned URL forms: only the bucket and key count', () => {
      const forms = [
        ['virtual-hosted, regional', (key) => `https://${BUCKET}.s3.us-east-1.amazonaws.com/${key}?X-Amz-Signature=00`],
        ['virtual-hosted, legacy global endpoint', (key) => `https://${BUCKET}.s3.amazonaws.com/${key}`],
        ['virtual-hosted, s3-REGION endpoint', (key) => `https://${BUCKET}.s3-us-west-2.amazonaws.com/${key}`],
        ['path-style, regional', (key) => `https://s3.eu-west-1.amazonaws.com/${BUCKET}/${key}`],
      ];
      for (const [form, url] of forms) {
        test(form, async () => {
          dir.put(BUCKET, 'forms/my photo.png', png());
          const out = await client.send(
            new PostMedia({
              originationPhoneNumberId: FIXTURE_PHONE_ID,
              sourceS3PresignedUrl: { url: url('forms/my%20photo.png'), headers: { 'Content-Type': 'image/png' } },
            }),
          );
          assert.deepEqual(await metadata(out.mediaId), { mimeType: 'image/png', fileSize: kb(PNG_1X1.length) });
        });
      }

      test('a bucket name with dots', async () => {
        dir.put('media.example', 'x/photo.png', png());
        const out = await client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3PresignedUrl: {
              url: presignedUrl('media.example', 'x/photo.png'),
              headers: { 'Content-Type': 'image/png' },
            },
          }),
        );
        assert.match(out.mediaId, MEDIA_ID_RE);
      });

      test('the Content-Type header name is case-insensitive and its parameters are ignored', async () => {
        dir.put(BUCKET, 'forms/photo.bin', jpeg());
        const out = await client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3PresignedUrl: {
              url: presignedUrl(BUCKET, 'forms/photo.bin'),
              headers: { 'content-type': 'image/jpeg; charset=binary' },
            },
          }),
        );
        assert.equal((await metadata(out.mediaId)).mimeType, 'image/jpeg');
      });

      test('an amazonaws.com URL of another service is InvalidParametersException', async () => {
        await expectError(
          client.send(
            new PostMedia({
              originationPhoneNumberId: FIXTURE_PHONE_ID,
              sourceS3PresignedUrl: {
                url: 'https://s3tables.us-east-1.amazonaws.com/buckets/photo.png',
                headers: { 'Content-Type': 'image/png' },
              },
            }),
          ),
          'InvalidParametersException',
          400,
        );
      });
    });

    test('a presigned URL without a Content-Type header is InvalidParametersException', async () => {
      dir.put(BUCKET, 'presigned/photo.png', png());
      await expectError(
        client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3PresignedUrl: { url: presignedUrl(BUCKET, 'presigned/photo.png'), headers: {} },
          }),
        ),
        'InvalidParametersException',
        400,
      );
    });

    test('both sources, or neither, is InvalidParametersException', async () => {
      dir.put(BUCKET, 'up/photo.png', png());
      await expectError(
        client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3File: { bucketName: BUCKET, key: 'up/photo.png' },
            sourceS3PresignedUrl: {
              url: presignedUrl(BUCKET, 'up/photo.png'),
              headers: { 'Content-Type': 'image/png' },
            },
          }),
        ),
        'InvalidParametersException',
        400,
      );
      await expectError(
        client.send(new PostMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID })),
        'InvalidParametersException',
        400,
      );
    });

    test('a missing object is InvalidParametersException', async () => {
      await expectError(
        client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3File: { bucketName: BUCKET, key: 'absent.png' },
          }),
        ),
        'InvalidParametersException',
        400,
      );
      await expectError(
        client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3PresignedUrl: {
              url: presignedUrl('nobucket', 'absent.png'),
              headers: { 'Content-Type': 'image/png' },
            },
          }),
        ),
        'InvalidParametersException',
        400,
      );
    });

    test('an unsupported type is InvalidParametersException', async () => {
      dir.put(BUCKET, 'up/archive.zip', Buffer.from('PK\u0003\u0004'));
      await expectError(
        client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3File: { bucketName: BUCKET, key: 'up/archive.zip' },
          }),
        ),
        'InvalidParametersException',
        400,
      );
      dir.put(BUCKET, 'up/photo.png', png());
      await expectError(
        client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3PresignedUrl: {
              url: presignedUrl(BUCKET, 'up/photo.png'),
              headers: { 'Content-Type': 'application/zip' },
            },
          }),
        ),
        'InvalidParametersException',
        400,
      );
    });

    describe('size limits per type', () => {
      const cases = [
        { what: 'image', key: 'limits/image.png', make: png, limit: 5 * MB },
        { what: 'video', key: 'limits/video.mp4', make: mp4, limit: 16 * MB },
        { what: 'audio', key: 'limits/audio.mp3', make: mp3, limit: 16 * MB },
        { what: 'static sticker', key: 'limits/static.webp', make: webpStatic, limit: 100 * 1024 },
        { what: 'animated sticker', key: 'limits/animated.webp', make: webpAnimated, limit: 500 * 1024 },
      ];
      for (const { what, key, make, limit } of cases) {
        test(`${what}: ${limit} bytes are accepted, one more is InvalidParametersException`, async () => {
          const mediaId = await upload(key, make(limit));
          assert.equal((await metadata(mediaId)).fileSize, kb(limit));
          dir.put(BUCKET, key, make(limit + 1));
          await expectError(
            client.send(
              new PostMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID, sourceS3File: { bucketName: BUCKET, key } }),
            ),
            'InvalidParametersException',
            400,
          );
        });
      }

      test('a document over 100 MB is InvalidParametersException', async () => {
        dir.put(BUCKET, 'limits/huge.pdf', pdf(100 * MB + 1));
        try {
          await expectError(
            client.send(
              new PostMedia({
                originationPhoneNumberId: FIXTURE_PHONE_ID,
                sourceS3File: { bucketName: BUCKET, key: 'limits/huge.pdf' },
              }),
            ),
            'InvalidParametersException',
            400,
          );
        } finally {
          dir.put(BUCKET, 'limits/huge.pdf', Buffer.alloc(0)); // free the disk space at once
        }
      });
    });

    test('an unknown phone number is ResourceNotFoundException', async () => {
      dir.put(BUCKET, 'up/photo.png', png());
      await expectError(
        client.send(
          new PostMedia({
            originationPhoneNumberId: ZERO_PHONE_ID,
            sourceS3File: { bucketName: BUCKET, key: 'up/photo.png' },
          }),
        ),
        'ResourceNotFoundException',
        404,
      );
    });

    test('a phone number id that fails the pattern is ValidationException', async () => {
      await expectError(
        client.send(
          new PostMedia({ originationPhoneNumberId: 'nope', sourceS3File: { bucketName: BUCKET, key: 'a.png' } }),
        ),
        'ValidationException',
        400,
      );
    });

    test('a presigned URL that is not an S3 https URL is ValidationException', async () => {
      await expectError(
        client.send(
          new PostMedia({
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            sourceS3PresignedUrl: { url: 'http://example.com/photo.png', headers: { 'Content-Type': 'image/png' } },
          }),
        ),
        'ValidationException',
        400,
      );
    });
  });

  describe('GetWhatsAppMessageMedia', () => {
    test('metadataOnly answers the type and size', async () => {
      const bytes = jpeg(12345);
      const mediaId = await upload('get/photo.jpg', bytes);
      const out = await client.send(
        new GetMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true }),
      );
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.equal(out.mimeType, 'image/jpeg');
      assert.equal(out.fileSize, kb(12345));
    });

    test('destinationS3File writes the bytes at key + mediaId + extension', async () => {
      const bytes = png(777);
      const mediaId = await upload('get/source.png', bytes);
      const out = await client.send(
        new GetMedia({
          mediaId,
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          destinationS3File: { bucketName: 'copies', key: 'out/' },
        }),
      );
      assert.deepEqual({ mimeType: out.mimeType, fileSize: out.fileSize }, { mimeType: 'image/png', fileSize: kb(777) });
      const copy = dir.read('copies', `out/${mediaId}.png`);
      assert.ok(copy, `no file copies/out/${mediaId}.png`);
      assert.ok(copy.equals(bytes), 'the bytes are the uploaded ones');
    });

    test('the extension follows the media type', async () => {
      const mediaId = await upload('get/terms.pdf', pdf(2048));
      await client.send(
        new GetMedia({
          mediaId,
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          destinationS3File: { bucketName: 'copies', key: 'docs/' },
        }),
      );
      assert.ok(dir.read('copies', `docs/${mediaId}.pdf`)?.equals(pdf(2048)));
    });

    test('destinationS3PresignedUrl writes the bytes at that bucket and key', async () => {
      const bytes = mp4(5000);
      const mediaId = await upload('get/clip.mp4', bytes);
      const out = await client.send(
        new GetMedia({
          mediaId,
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          destinationS3PresignedUrl: {
            url: presignedUrl('copies', 'exact/clip-copy.mp4'),
            headers: { 'Content-Type': 'video/mp4' },
          },
        }),
      );
      assert.equal(out.mimeType, 'video/mp4');
      assert.equal(out.fileSize, kb(5000));
      assert.ok(dir.read('copies', 'exact/clip-copy.mp4')?.equals(bytes));
    });

    test('a destination bucket that does not exist is InvalidParametersException (NoSuchBucket), never created', async () => {
      const mediaId = await upload('get/photo.png', png());
      for (const destination of [
        { destinationS3File: { bucketName: 'no-such-bucket', key: 'out/' } },
        {
          destinationS3PresignedUrl: {
            url: presignedUrl('no-such-bucket', 'x.png'),
            headers: { 'Content-Type': 'image/png' },
          },
        },
      ]) {
        const err = await expectError(
          client.send(new GetMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID, ...destination })),
          'InvalidParametersException',
          400,
        );
        assert.match(err.message, /NoSuchBucket/);
      }
      assert.equal(existsSync(path.join(dir.root, 'no-such-bucket')), false);
    });

    test('both destinations, or none without metadataOnly, is InvalidParametersException', async () => {
      const mediaId = await upload('get/photo.png', png());
      await expectError(
        client.send(
          new GetMedia({
            mediaId,
            originationPhoneNumberId: FIXTURE_PHONE_ID,
            destinationS3File: { bucketName: 'copies', key: 'out/' },
            destinationS3PresignedUrl: {
              url: presignedUrl('copies', 'x.png'),
              headers: { 'Content-Type': 'image/png' },
            },
          }),
        ),
        'InvalidParametersException',
        400,
      );
      await expectError(
        client.send(new GetMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID })),
        'InvalidParametersException',
        400,
      );
    });

    test("another phone number's media is ResourceNotFoundException", async () => {
      const mediaId = await upload('get/photo.png', png());
      await expectError(
        client.send(new GetMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE2_ID, metadataOnly: true })),
        'ResourceNotFoundException',
        404,
      );
      const theirs = await upload('get/theirs.png', png(), FIXTURE_PHONE2_ID);
      assert.equal((await metadata(theirs, FIXTURE_PHONE2_ID)).mimeType, 'image/png');
      await expectError(
        client.send(new GetMedia({ mediaId: theirs, originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true })),
        'ResourceNotFoundException',
        404,
      );
    });

    test('an unknown media id is ResourceNotFoundException', async () => {
      await expectError(
        client.send(
          new GetMedia({ mediaId: '1234567890123456', originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true }),
        ),
        'ResourceNotFoundException',
        404,
      );
    });

    test('an unknown phone number is ResourceNotFoundException', async () => {
      const mediaId = await upload('get/photo.png', png());
      await expectError(
        client.send(new GetMedia({ mediaId, originationPhoneNumberId: ZERO_PHONE_ID, metadataOnly: true })),
        'ResourceNotFoundException',
        404,
      );
    });

    test('a missing mediaId is ValidationException', async () => {
      const err = await expectError(
        client.send(new GetMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true })),
        'ValidationException',
        400,
      );
      assert.ok(err.message.includes("at 'mediaId'"), err.message);
    });
  });

  describe('DeleteWhatsAppMessageMedia', () => {
    test('deletes the media; Get and a second Delete are ResourceNotFoundException', async () => {
      const mediaId = await upload('del/photo.png', png());
      const out = await client.send(new DeleteMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID }));
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.equal(out.success, true);
      await expectError(
        client.send(new GetMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true })),
        'ResourceNotFoundException',
        404,
      );
      await expectError(
        client.send(new DeleteMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID })),
        'ResourceNotFoundException',
        404,
      );
      assert.ok(dir.read(BUCKET, 'del/photo.png'), 'the S3 source object stays');
    });

    test("another phone number's media is ResourceNotFoundException and stays", async () => {
      const mediaId = await upload('del/photo.png', png());
      await expectError(
        client.send(new DeleteMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE2_ID })),
        'ResourceNotFoundException',
        404,
      );
      assert.equal((await metadata(mediaId)).mimeType, 'image/png');
    });

    test('an unknown media id or phone number is ResourceNotFoundException', async () => {
      const mediaId = await upload('del/photo.png', png());
      await expectError(
        client.send(new DeleteMedia({ mediaId: '1234567890123456', originationPhoneNumberId: FIXTURE_PHONE_ID })),
        'ResourceNotFoundException',
        404,
      );
      await expectError(
        client.send(new DeleteMedia({ mediaId, originationPhoneNumberId: ZERO_PHONE_ID })),
        'ResourceNotFoundException',
        404,
      );
    });

    test('a media id that fails the pattern is ValidationException', async () => {
      await expectError(
        client.send(new DeleteMedia({ mediaId: 'abc-def', originationPhoneNumberId: FIXTURE_PHONE_ID })),
        'ValidationException',
        400,
      );
    });
  });

  test('upload → metadata → copy into S3 → delete', async () => {
    const bytes = jpeg(4321);
    const mediaId = await upload('flow/photo.jpg', bytes);
    assert.deepEqual(await metadata(mediaId), { mimeType: 'image/jpeg', fileSize: kb(4321) });
    await client.send(
      new GetMedia({
        mediaId,
        originationPhoneNumberId: FIXTURE_PHONE_ID,
        destinationS3File: { bucketName: BUCKET, key: 'flow/copy-' },
      }),
    );
    assert.ok(dir.read(BUCKET, `flow/copy-${mediaId}.jpg`)?.equals(bytes));
    assert.equal(
      (await client.send(new DeleteMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID }))).success,
      true,
    );
  });
});

test('uploaded media survive a restart', async () => {
  const dir = new S3Dir();
  dir.createBucket('copies');
  const srv = await startServer({ dbFile: true, args: dir.args });
  try {
    const bytes = jpeg(2500);
    dir.put(BUCKET, 'durable/photo.jpg', bytes);
    const { mediaId } = await srv
      .client()
      .send(
        new PostMedia({
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          sourceS3File: { bucketName: BUCKET, key: 'durable/photo.jpg' },
        }),
      );
    dir.put(BUCKET, 'durable/photo.jpg', Buffer.alloc(0)); // the copy must come from the server's store

    const { code } = await srv.stop();
    assert.equal(code, 0, srv.stderr);
    await srv.start();
    const out = await srv
      .client()
      .send(
        new GetMedia({
          mediaId,
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          destinationS3File: { bucketName: 'copies', key: 'after-restart/' },
        }),
      );
    assert.deepEqual({ mimeType: out.mimeType, fileSize: out.fileSize }, { mimeType: 'image/jpeg', fileSize: kb(2500) });
    assert.ok(dir.read('copies', `after-restart/${mediaId}.jpg`)?.equals(bytes));
  } finally {
    await srv.dispose();
    dir.remove();
  }
});

// ---------------------------------------------------------------------------------------
// A real S3-compatible server: s3rver, in process, behind a SigV4 verifier (helpers/s3.mjs).
// Socialite signs its requests (SigV4, path-style) with s3rver's credentials.

describe('with an S3-compatible server (s3rver)', () => {
  let s3;
  let srv;
  let client;
  before(async () => {
    s3 = await startS3rver({ buckets: [BUCKET, 'copies'] });
    srv = await startServer({ args: s3.args });
    client = srv.client();
  });
  after(async () => {
    await srv?.dispose();
    await s3?.close();
  });
  beforeEach(async () => {
    await srv.reset();
  });

  /** The requests s3rver got while `fn` ran. */
  async function requestsDuring(fn) {
    const start = s3.log.length;
    const result = await fn();
    return { result, requests: s3.log.slice(start) };
  }

  test('upload from sourceS3File takes the stored Content-Type; Get copies the bytes back into S3', async () => {
    const bytes = png(2222);
    await s3.put(BUCKET, 'uploads/photo', bytes, 'image/png'); // no extension: the type comes from S3
    const upload = await requestsDuring(() =>
      client.send(
        new PostMedia({
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          sourceS3File: { bucketName: BUCKET, key: 'uploads/photo' },
        }),
      ),
    );
    const { mediaId } = upload.result;
    assert.match(mediaId ?? '', MEDIA_ID_RE);
    assert.deepEqual(
      upload.requests.map((r) => [r.method, r.path, r.accessKey, r.verified]),
      [['GET', `/${BUCKET}/uploads/photo`, 'S3RVER', true]],
      'one signed, path-style GET',
    );

    const meta = await client.send(
      new GetMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true }),
    );
    assert.deepEqual({ mimeType: meta.mimeType, fileSize: meta.fileSize }, { mimeType: 'image/png', fileSize: kb(2222) });

    const copy = await requestsDuring(() =>
      client.send(
        new GetMedia({
          mediaId,
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          destinationS3File: { bucketName: 'copies', key: 'out/' },
        }),
      ),
    );
    assert.equal(copy.result.mimeType, 'image/png');
    assert.deepEqual(
      copy.requests.map((r) => [r.method, r.path, r.verified]),
      [['PUT', `/copies/out/${mediaId}.png`, true]],
      'one signed, path-style PUT',
    );
    const stored = await s3.get('copies', `out/${mediaId}.png`);
    assert.ok(stored, `no object copies/out/${mediaId}.png in s3rver`);
    assert.ok(stored.bytes.equals(bytes), 'the bytes are the uploaded ones');
    assert.equal(stored.contentType, 'image/png');
  });

  test('upload and copy through presigned URLs', async () => {
    const bytes = mp4(9000);
    await s3.put(BUCKET, 'uploads/clip.mp4', bytes, 'video/mp4');
    const { mediaId } = await client.send(
      new PostMedia({
        originationPhoneNumberId: FIXTURE_PHONE_ID,
        sourceS3PresignedUrl: {
          url: presignedUrl(BUCKET, 'uploads/clip.mp4'),
          headers: { 'Content-Type': 'video/mp4' },
        },
      }),
    );
    assert.match(mediaId ?? '', MEDIA_ID_RE);
    await client.send(
      new GetMedia({
        mediaId,
        originationPhoneNumberId: FIXTURE_PHONE_ID,
        destinationS3PresignedUrl: {
          url: presignedUrl('copies', 'exact/clip.mp4'),
          headers: { 'Content-Type': 'video/mp4' },
        },
      }),
    );
    const copy = await s3.get('copies', 'exact/clip.mp4');
    assert.ok(copy?.bytes.equals(bytes));
    assert.equal(copy.contentType, 'video/mp4');
  });

  test('keys with spaces and other characters that need encoding', async () => {
    const key = 'uploads/My Photos/été+1 (copy).jpg';
    const bytes = jpeg(1500);
    await s3.put(BUCKET, key, bytes, 'image/jpeg');
    const { requests, result } = await requestsDuring(() =>
      client.send(
        new PostMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID, sourceS3File: { bucketName: BUCKET, key } }),
      ),
    );
    assert.ok(
      requests.every((r) => r.verified),
      JSON.stringify(requests),
    );
    await client.send(
      new GetMedia({
        mediaId: result.mediaId,
        originationPhoneNumberId: FIXTURE_PHONE_ID,
        destinationS3File: { bucketName: 'copies', key: 'odd keys/' },
      }),
    );
    assert.ok((await s3.get('copies', `odd keys/${result.mediaId}.jpg`))?.bytes.equals(bytes));
  });

  test("the stored Content-Type wins over the key's extension", async () => {
    await s3.put(BUCKET, 'uploads/really-a-png.jpg', png(), 'image/png');
    const { mediaId } = await client.send(
      new PostMedia({
        originationPhoneNumberId: FIXTURE_PHONE_ID,
        sourceS3File: { bucketName: BUCKET, key: 'uploads/really-a-png.jpg' },
      }),
    );
    const meta = await client.send(
      new GetMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true }),
    );
    assert.equal(meta.mimeType, 'image/png');
  });

  test(
    "an object stored without a Content-Type (S3's generic octet-stream default) is typed by its key's extension",
    async () => {
      await s3.put(BUCKET, 'uploads/untyped.png', png()); // S3 stores its default content type
      await s3.put(BUCKET, 'uploads/untyped-binary.jpg', jpeg(), 'binary/octet-stream');
      for (const [key, mimeType] of [
        ['uploads/untyped.png', 'image/png'],
        ['uploads/untyped-binary.jpg', 'image/jpeg'],
      ]) {
        const { mediaId } = await client.send(
          new PostMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID, sourceS3File: { bucketName: BUCKET, key } }),
        );
        const meta = await client.send(
          new GetMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true }),
        );
        assert.equal(meta.mimeType, mimeType, key);
        const header = await client.send(
          new CreateTemplateMedia({ id: FIXTURE_WABA_ID, sourceS3File: { bucketName: BUCKET, key } }),
        );
        assert.match(header.metaHeaderHandle ?? '', HANDLE_RE, key);
      }
    },
  );

  test('a template header handle from an S3 object', async () => {
    await s3.put(BUCKET, 'headers/banner.jpg', jpeg(3000), 'image/jpeg');
    const out = await client.send(
      new CreateTemplateMedia({ id: FIXTURE_WABA_ID, sourceS3File: { bucketName: BUCKET, key: 'headers/banner.jpg' } }),
    );
    assert.match(out.metaHeaderHandle ?? '', HANDLE_RE);
  });

  test('a stored Content-Type WhatsApp does not support is InvalidParametersException', async () => {
    await s3.put(BUCKET, 'uploads/archive.png', Buffer.from('PK'), 'application/zip');
    await expectError(
      client.send(
        new PostMedia({
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          sourceS3File: { bucketName: BUCKET, key: 'uploads/archive.png' },
        }),
      ),
      'InvalidParametersException',
      400,
    );
  });

  test('a missing object or bucket is InvalidParametersException', async () => {
    for (const [bucketName, key] of [
      [BUCKET, 'uploads/absent.png'],
      ['no-such-bucket', 'photo.png'],
    ]) {
      await expectError(
        client.send(new PostMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID, sourceS3File: { bucketName, key } })),
        'InvalidParametersException',
        400,
      );
      await expectError(
        client.send(new CreateTemplateMedia({ id: FIXTURE_WABA_ID, sourceS3File: { bucketName, key } })),
        'InvalidParametersException',
        400,
      );
    }
  });

  test('delete, then the media is gone', async () => {
    await s3.put(BUCKET, 'uploads/photo.png', png(), 'image/png');
    const { mediaId } = await client.send(
      new PostMedia({
        originationPhoneNumberId: FIXTURE_PHONE_ID,
        sourceS3File: { bucketName: BUCKET, key: 'uploads/photo.png' },
      }),
    );
    assert.equal(
      (await client.send(new DeleteMedia({ mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID }))).success,
      true,
    );
    await expectError(
      client.send(
        new GetMedia({
          mediaId,
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          destinationS3File: { bucketName: 'copies', key: 'gone/' },
        }),
      ),
      'ResourceNotFoundException',
      404,
    );
    assert.equal(await s3.get('copies', `gone/${mediaId}.png`), null);
  });

  describe('S3 failures are DependencyException', () => {
    const withServer = async (args, fn) => {
      const other = await startServer({ args });
      try {
        return await fn(other.client());
      } finally {
        await other.dispose();
      }
    };
    const upload = (c) =>
      c.send(
        new PostMedia({
          originationPhoneNumberId: FIXTURE_PHONE_ID,
          sourceS3File: { bucketName: BUCKET, key: 'uploads/photo.png' },
        }),
      );

    test('a signature S3 refuses (wrong secret key)', async () => {
      await s3.put(BUCKET, 'uploads/photo.png', png(), 'image/png');
      const args = ['--s3-endpoint', s3.endpoint, '--s3-access-key', 'S3RVER', '--s3-secret-key', 'not-the-secret'];
      const { requests } = await requestsDuring(() =>
        withServer(args, async (c) => {
          await expectError(upload(c), 'DependencyException', 502);
          await expectError(
            c.send(
              new CreateTemplateMedia({
                id: FIXTURE_WABA_ID,
                sourceS3File: { bucketName: BUCKET, key: 'uploads/photo.png' },
              }),
            ),
            'DependencyException',
            502,
          );
        }),
      );
      assert.deepEqual(
        requests.map((r) => r.failure?.code),
        ['SignatureDoesNotMatch', 'SignatureDoesNotMatch'],
      );
    });

    test('an access key S3 does not know', async () => {
      await s3.put(BUCKET, 'uploads/photo.png', png(), 'image/png');
      const args = ['--s3-endpoint', s3.endpoint, '--s3-access-key', 'NOBODY', '--s3-secret-key', 'S3RVER'];
      await withServer(args, (c) => expectError(upload(c), 'DependencyException', 502));
    });

    test('an S3 endpoint nobody listens on', async () => {
      const port = await freePort();
      const args = [
        '--s3-endpoint',
        `http://127.0.0.1:${port}`,
        '--s3-access-key',
        'S3RVER',
        '--s3-secret-key',
        'S3RVER',
      ];
      await withServer(args, (c) => expectError(upload(c), 'DependencyException', 502));
    });
  });
});

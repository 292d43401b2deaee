// The two S3 backends a test can give the server:
//
//   const dir = new S3Dir();             // a temp dir for --s3-dir; dir.args, dir.createBucket(),
//                                        // dir.put() (creates the bucket too), dir.read()
//   const s3 = await startS3rver();      // s3rver on a free port; s3.args, s3.put(), s3.get(), s3.close()
//
// s3rver 3.x checks that a request names a known access key but does not verify SigV4
// signatures ("Signature version 4 calculation is unimplemented"), so startS3rver puts a
// verifier in front of it: every request must carry a valid AWS4-HMAC-SHA256 Authorization
// header for S3RVER/S3RVER, or it is answered 403 SignatureDoesNotMatch as S3 would.
// s3.log records each request with the verdict.
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** A temp directory for --s3-dir: bucket = subdirectory, key = relative path. */
export class S3Dir {
  constructor() {
    // Against a server started elsewhere (helpers/server.mjs), the directory that server reads,
    // seen from here; it is that server's, so remove() leaves it.
    this.shared = Boolean(process.env.SOCIALITE_TEST_ENDPOINT && process.env.SOCIALITE_TEST_S3_DIR);
    this.root = this.shared
      ? process.env.SOCIALITE_TEST_S3_DIR
      : mkdtempSync(path.join(os.tmpdir(), 'socialite-s3-'));
  }

  get args() {
    return ['--s3-dir', this.root];
  }

  pathOf(bucket, key) {
    return path.join(this.root, bucket, ...key.split('/'));
  }

  /** Creates a bucket, as a user would before the server writes into it. */
  createBucket(bucket) {
    mkdirSync(path.join(this.root, bucket), { recursive: true });
  }

  /** Writes an object (no content type: the server goes by the key's extension). */
  put(bucket, key, bytes) {
    const file = this.pathOf(bucket, key);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }

  /** The object's bytes, or null when there is none. */
  read(bucket, key) {
    const file = this.pathOf(bucket, key);
    return existsSync(file) ? readFileSync(file) : null;
  }

  remove() {
    if (this.shared) return;
    rmSync(this.root, { recursive: true, force: true });
  }
}

// s3rver's built-in account: access key S3RVER, secret S3RVER.
export const S3RVER_KEY = 'S3RVER';
const SECRETS = new Map([[S3RVER_KEY, S3RVER_KEY]]);

const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
const rfc3986 = (s) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Checks the SigV4 Authorization header of a Node request (S3 flavour: the path is encoded
 * once; the payload hash is the x-amz-content-sha256 header). Returns null when valid, else
 * {code, message} for an S3 error answer.
 */
export function verifySigV4(req) {
  const auth = req.headers.authorization ?? '';
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return { code: 'AccessDenied', message: `not a SigV4 Authorization header: ${auth || '(none)'}` };
  const [, accessKey, date, region, service, signedHeaders, signature] = m;
  const secret = SECRETS.get(accessKey);
  if (secret === undefined) return { code: 'InvalidAccessKeyId', message: `unknown access key ${accessKey}` };
  const amzDate = req.headers['x-amz-date'];
  if (!amzDate?.startsWith(date))
    return { code: 'AccessDenied', message: `x-amz-date ${amzDate} does not match ${date}` };
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (!payloadHash) return { code: 'AccessDenied', message: 'x-amz-content-sha256 is missing' };
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return { code: 'AccessDenied', message: 'host is not signed' };

  const [rawPath, rawQuery = ''] = req.url.split(/\?(.*)/s);
  const canonicalUri = rawPath
    .split('/')
    .map((segment) => rfc3986(decodeURIComponent(segment)))
    .join('/');
  const canonicalQuery = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k, v = ''] = pair.split(/=(.*)/s);
      return [rfc3986(decodeURIComponent(k)), rfc3986(decodeURIComponent(v.replace(/\+/g, '%20')))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = names
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonicalRequest = [
    req.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  if (expected !== signature) {
    return { code: 'SignatureDoesNotMatch', message: `signature mismatch; canonical request:\n${canonicalRequest}` };
  }
  return null;
}

const xmlEscape = (s) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]);

/**
 * Starts s3rver on a free port of 127.0.0.1 with the given buckets, behind the SigV4
 * verifier. Returns {endpoint, args (socialite's --s3-* flags), s3 (an S3Client), log,
 * put, get, close}.
 */
export async function startS3rver({ buckets = ['media'] } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const log = [];
  // Koa composes its middleware list when the server starts listening, so this runs first.
  server.middleware.unshift(async (ctx, next) => {
    const failure = verifySigV4(ctx.req);
    const accessKey = /Credential=([^/]+)\//.exec(ctx.req.headers.authorization ?? '')?.[1];
    log.push({ method: ctx.method, path: ctx.path, accessKey, verified: !failure, failure });
    if (failure) {
      ctx.status = 403;
      ctx.type = 'application/xml';
      ctx.body =
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Error><Code>${failure.code}</Code><Message>${xmlEscape(failure.message)}</Message></Error>`;
      return;
    }
    await next();
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    maxAttempts: 1,
  });
  return {
    endpoint,
    s3,
    log,
    args: ['--s3-endpoint', endpoint, '--s3-access-key', S3RVER_KEY, '--s3-secret-key', S3RVER_KEY],
    async put(bucket, key, bytes, contentType) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ...(contentType ? { ContentType: contentType } : {}),
        }),
      );
    },
    /** {bytes, contentType} of an object, or null when there is none. */
    async get(bucket, key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { bytes: Buffer.from(await out.Body.transformToByteArray()), contentType: out.ContentType };
      } catch (err) {
        if (err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return null;
        throw err;
      }
    },
    async close() {
      s3.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// POST Object: browser form uploads (multipart/form-data) authorised by a signed policy.
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Error } from '../errors.ts';
import { checkAclHeaders } from '../acl-headers.ts';
import { SSE_S3 } from '../encryption.ts';
import type { Handler, RequestContext } from '../context.ts';
import { verifyPostPolicy, type PostPolicyResult } from '../auth/post-policy.ts';
import type { SecretLookup } from '../auth/verify-request.ts';
import type { BucketInfo, ObjectVersion, Segment } from '../storage/object-store.ts';
import { applyWrite } from '../versioning.ts';
import { quoteEtag } from '../xml/list-documents.ts';
import { postResponse } from '../xml/object-documents.ts';
import { emitCreated, MAX_KEY_BYTES, objectAttributesFromHeaders, requireBucket, versionHeader } from './common.ts';
import { parseTagging } from '../xml/request-documents.ts';
import { MAX_PUT_BYTES } from '../request-body.ts';

interface Upload {
  fields: Record<string, string>;
  policy: PostPolicyResult;
  segment: Segment;
  md5Hex: string;
}

class Md5Tap extends Transform {
  readonly md5 = createHash('md5');
  bytes = 0;
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > MAX_PUT_BYTES) {
      done(new S3Error('EntityTooLarge'));
      return;
    }
    this.md5.update(chunk);
    done(null, chunk);
  }
}

function receiveForm(ctx: RequestContext, lookup: SecretLookup): Promise<Upload> {
  return new Promise<Upload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: ctx.req.headers, limits: { fieldSize: 64 * 1024, fields: 100, files: 1, parts: 110 } });
    } catch {
      reject(new S3Error('MalformedPOSTRequest'));
      return;
    }
    const fields: Record<string, string> = {};
    let filePromise: Promise<Upload> | undefined;
    let failed: unknown;
    bb.on('field', (name, value) => {
      // Only fields before the file count, as in S3.
      if (!filePromise) fields[name.toLowerCase()] = value;
    });
    bb.on('file', (_name, stream: Readable, info) => {
      if (filePromise) {
        stream.resume();
        return;
      }
      filePromise = (async () => {
        try {
          if (fields.key === undefined) throw new S3Error('InvalidArgument', "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", { ArgumentName: 'key' });
          fields.key = fields.key.replace(/\$\{filename\}/g, info.filename ?? '');
          const policy = await verifyPostPolicy(fields, ctx.bucket, lookup);
          const sink = await ctx.store.createData();
          const tap = new Md5Tap();
          try {
            await pipeline(stream, tap, sink.stream);
            if (policy.lengthRange && (tap.bytes < policy.lengthRange[0] || tap.bytes > policy.lengthRange[1])) {
              throw new S3Error(tap.bytes < policy.lengthRange[0] ? 'EntityTooSmall' : 'EntityTooLarge');
            }
            const segment = await sink.commit();
            return { fields, policy, segment, md5Hex: tap.md5.digest('hex') };
          } catch (e) {
            await sink.discard();
            throw e;
          }
        } catch (e) {
          stream.resume();
          throw e;
        }
      })();
      filePromise.catch((e: unknown) => {
        failed = e;
      });
    });
    bb.on('error', () => reject(new S3Error('MalformedPOSTRequest')));
    bb.on('close', () => {
      if (!filePromise) {
        reject(failed ?? new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', { ArgumentName: 'file' }));
        return;
      }
      filePromise.then(resolve, reject);
    });
    ctx.req.on('close', () => {
      if (!ctx.req.complete) reject(new S3Error('IncompleteBody'));
    });
    ctx.req.pipe(bb);
  });
}

/** Factory: the handler needs the server's credentials to check the policy signature. */
export function postObject(lookup: SecretLookup): Handler {
  return async (ctx) => {
    requireBucket(ctx);
    const upload = await receiveForm(ctx, lookup);
    const key = upload.fields.key as string;
    ctx.key = key;
    ctx.auth = { ...ctx.auth, accessKeyId: upload.policy.accessKeyId };
    if (key === '' || Buffer.byteLength(key) > MAX_KEY_BYTES) {
      await ctx.store.discardData([upload.segment]);
      throw new S3Error(key === '' ? 'InvalidArgument' : 'KeyTooLongError');
    }
    // Form fields carry the same names as the PUT headers they stand for (the canned ACL is the field `acl`).
    let attrs: ReturnType<typeof objectAttributesFromHeaders>;
    try {
      if (upload.fields.acl !== undefined) checkAclHeaders({ 'x-amz-acl': upload.fields.acl });
      attrs = objectAttributesFromHeaders(upload.fields);
    } catch (e) {
      await ctx.store.discardData([upload.segment]);
      throw e;
    }
    const tags = upload.fields.tagging ? parseTagging(Buffer.from(upload.fields.tagging, 'utf8')) : [];
    let bucket!: BucketInfo;
    let written: ObjectVersion;
    try {
      written = await ctx.store.updateKey(ctx.bucket, key, (versions) => {
        bucket = requireBucket(ctx);
        const out = applyWrite(versions, bucket.versioning, {
          deleteMarker: false,
          lastModified: new Date().toISOString(),
          etag: upload.md5Hex,
          size: upload.segment.size,
          ...attrs,
          segments: [upload.segment],
          tags,
        });
        return { versions: out.versions, result: out.written };
      });
    } catch (e) {
      await ctx.store.discardData([upload.segment]);
      throw e;
    }
    emitCreated(ctx, 'ObjectCreated:Post', bucket, key, written);
    const location = `${ctx.endpoint}/${ctx.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const headers = { etag: quoteEtag(written.etag), location, ...SSE_S3, ...versionHeader(bucket, written.versionId) };
    const redirect = upload.fields.success_action_redirect ?? upload.fields.redirect;
    if (redirect) {
      try {
        const url = new URL(redirect);
        url.searchParams.set('bucket', ctx.bucket);
        url.searchParams.set('key', key);
        url.searchParams.set('etag', quoteEtag(written.etag));
        return { status: 303, headers: { ...headers, location: url.toString() } };
      } catch {
        /* an invalid redirect URL falls back to success_action_status, as S3 does */
      }
    }
    const status = upload.fields.success_action_status;
    if (status === '201') {
      return { status: 201, headers: { ...headers, 'content-type': 'application/xml' }, body: postResponse(location, ctx.bucket, key, written.etag) };
    }
    return { status: status === '200' ? 200 : 204, headers };
  };
}

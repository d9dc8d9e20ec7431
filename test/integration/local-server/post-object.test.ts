// Browser-form uploads (POST Object) with @aws-sdk/s3-presigned-post: policy conditions, signature, expiry,
// success_action_status / success_action_redirect, and the ObjectCreated:Post event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { bodyBytes, bucketName, errorCode, expectS3Error, startHarness, type Harness } from './support.ts';

let h: Harness;
const b = bucketName('post');
beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
});
afterAll(async () => h.close());

async function post(url: string, fields: Record<string, string>, file: Blob | string, filename = 'upload.txt'): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', typeof file === 'string' ? new Blob([file], { type: 'text/plain' }) : file, filename);
  return fetch(url, { method: 'POST', body: form, redirect: 'manual' });
}

describe('POST Object', () => {
  it('uploads a form, substitutes ${filename}, and emits ObjectCreated:Post (204 by default)', async () => {
    const { url, fields } = await createPresignedPost(h.client, {
      Bucket: b,
      Key: 'uploads/${filename}',
      Conditions: [['starts-with', '$key', 'uploads/'], ['content-length-range', 1, 1024], ['starts-with', '$Content-Type', 'text/']],
      Fields: { 'Content-Type': 'text/plain' },
      Expires: 60,
    });
    const res = await post(url, fields, 'form body', 'cat.txt');
    expect(res.status).toBe(204);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'uploads/cat.txt' }));
    expect((await bodyBytes(got.Body)).toString()).toBe('form body');
    expect(got.ContentType).toBe('text/plain');
    expect(h.events.at(-1)).toMatchObject({ type: 'ObjectCreated:Post', bucket: b, key: 'uploads/cat.txt', size: 9 });
  });

  it('answers 201 with a PostResponse document, or redirects with 303', async () => {
    const created = await createPresignedPost(h.client, {
      Bucket: b,
      Key: 'status.txt',
      Conditions: [{ success_action_status: '201' }],
      Fields: { success_action_status: '201' },
    });
    const res = await post(created.url, created.fields, 'x');
    expect(res.status).toBe(201);
    const xml = await res.text();
    expect(xml).toContain('<PostResponse>');
    expect(xml).toContain('<Key>status.txt</Key>');
    const redirect = await createPresignedPost(h.client, {
      Bucket: b,
      Key: 'redirect.txt',
      Conditions: [{ success_action_redirect: 'http://example.test/done' }],
      Fields: { success_action_redirect: 'http://example.test/done' },
    });
    const r = await post(redirect.url, redirect.fields, 'y');
    expect(r.status).toBe(303);
    const location = new URL(r.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe('http://example.test/done');
    expect(location.searchParams.get('key')).toBe('redirect.txt');
    expect(location.searchParams.get('bucket')).toBe(b);
  });

  it('enforces the policy: conditions, extra fields, length range, expiry and signature', async () => {
    const { url, fields } = await createPresignedPost(h.client, {
      Bucket: b,
      Key: 'allowed/${filename}',
      Conditions: [['starts-with', '$key', 'allowed/'], ['content-length-range', 0, 10]],
    });
    const wrongKey = await post(url, { ...fields, key: 'elsewhere/x' }, 'x');
    expect(wrongKey.status).toBe(403);
    const wrongKeyBody = await wrongKey.text();
    expect(errorCode(wrongKeyBody)).toBe('AccessDenied');
    expect(wrongKeyBody).toContain('Policy Condition failed');
    const extra = await post(url, { ...fields, 'x-amz-meta-sneaky': '1' }, 'x');
    expect(extra.status).toBe(403);
    expect(await extra.text()).toContain('Extra input fields');
    const tooBig = await post(url, fields, 'this is more than ten bytes');
    expect([tooBig.status, errorCode(await tooBig.text())]).toEqual([400, 'EntityTooLarge']);
    const badSig = await post(url, { ...fields, 'X-Amz-Signature': '0'.repeat(64) }, 'x');
    expect([badSig.status, errorCode(await badSig.text())]).toEqual([403, 'SignatureDoesNotMatch']);
    const expired = await createPresignedPost(h.client, { Bucket: b, Key: 'late.txt', Expires: -10 });
    const late = await post(expired.url, expired.fields, 'x');
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Policy expired');
    const anonymous = await post(url, { key: 'allowed/anon' }, 'x');
    expect([anonymous.status, errorCode(await anonymous.text())]).toEqual([403, 'AccessDenied']);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'elsewhere/x' })), 'NotFound', 404);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'allowed/upload.txt' })), 'NotFound', 404);
  });
});

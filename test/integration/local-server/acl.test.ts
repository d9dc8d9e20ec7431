// ACLs through the real AWS SDK, answered as S3 answers a bucket with Object Ownership "bucket owner enforced"
// (ACLs disabled, the default for new buckets): reads show the owner's FULL_CONTROL, writes granting anyone else
// fail with AccessControlListNotSupported. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketAclCommand,
  GetObjectAclCommand,
  HeadBucketCommand,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { bucketName, errorCode, expectS3Error, rawRequest, startHarness, type Harness } from './support.ts';

let h: Harness;
let b: string;
let owner: { ID?: string; DisplayName?: string };
beforeAll(async () => {
  h = await startHarness();
  b = bucketName('acl');
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
  await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
  owner = (await h.client.send(new GetBucketAclCommand({ Bucket: b }))).Owner ?? {};
});
afterAll(async () => h.close());

describe('ACLs (disabled, as bucket owner enforced)', () => {
  it('reads: the owner has FULL_CONTROL of bucket and object; a missing object is NoSuchKey', async () => {
    expect(owner.ID).toMatch(/^[0-9a-f]+$/);
    for (const acl of [await h.client.send(new GetBucketAclCommand({ Bucket: b })), await h.client.send(new GetObjectAclCommand({ Bucket: b, Key: 'k' }))]) {
      expect(acl.Owner).toEqual(owner);
      expect(acl.Grants).toEqual([{ Grantee: { ...owner, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }]);
    }
    await expectS3Error(h.client.send(new GetObjectAclCommand({ Bucket: b, Key: 'missing' })), 'NoSuchKey', 404);
  });

  it('writes: owner-only ACLs (canned, grant header or XML) are accepted, anything wider is refused', async () => {
    await h.client.send(new PutObjectAclCommand({ Bucket: b, Key: 'k', ACL: 'private' }));
    await h.client.send(new PutObjectAclCommand({ Bucket: b, Key: 'k', ACL: 'bucket-owner-full-control' }));
    await h.client.send(new PutObjectAclCommand({ Bucket: b, Key: 'k', GrantFullControl: `id="${owner.ID}"` }));
    const ownerGrant = { Grantee: { ID: owner.ID, Type: 'CanonicalUser' as const }, Permission: 'FULL_CONTROL' as const };
    await h.client.send(new PutObjectAclCommand({ Bucket: b, Key: 'k', AccessControlPolicy: { Owner: owner, Grants: [ownerGrant] } }));
    await h.client.send(new PutBucketAclCommand({ Bucket: b, ACL: 'private' }));
    const allUsers = { Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers', Type: 'Group' as const }, Permission: 'READ' as const };
    const refused = [
      () => h.client.send(new PutObjectAclCommand({ Bucket: b, Key: 'k', ACL: 'public-read' })),
      () => h.client.send(new PutObjectAclCommand({ Bucket: b, Key: 'k', GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' })),
      () => h.client.send(new PutObjectAclCommand({ Bucket: b, Key: 'k', AccessControlPolicy: { Owner: owner, Grants: [ownerGrant, allUsers] } })),
      () => h.client.send(new PutBucketAclCommand({ Bucket: b, ACL: 'public-read-write' })),
      () => h.client.send(new PutObjectCommand({ Bucket: b, Key: 'public', Body: 'x', ACL: 'public-read' })),
      () => h.client.send(new PutObjectCommand({ Bucket: b, Key: 'public', Body: 'x', GrantRead: 'id="someone-else"' })),
      () => h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'public', CopySource: `${b}/k`, ACL: 'authenticated-read' })),
      () => h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'public', ACL: 'public-read' })),
    ];
    for (const send of refused) await expectS3Error(send(), 'AccessControlListNotSupported', 400);
    await expectS3Error(h.client.send(new PutObjectAclCommand({ Bucket: b, Key: 'missing', ACL: 'private' })), 'NoSuchKey', 404);
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'owned', Body: 'x', ACL: 'bucket-owner-full-control' }));
    expect(h.events.filter((e) => e.key === 'public')).toEqual([]);
  });

  it('CreateBucket with a public ACL is InvalidBucketAclWithObjectOwnership; DELETE ?acl does not delete the bucket', async () => {
    const pub = bucketName('acl-pub');
    await expectS3Error(h.client.send(new CreateBucketCommand({ Bucket: pub, ACL: 'public-read' })), 'InvalidBucketAclWithObjectOwnership', 400);
    await expectS3Error(h.client.send(new HeadBucketCommand({ Bucket: pub })), undefined, 404);
    const del = await rawRequest(h.server.endpoint, { method: 'DELETE', path: `/${b}`, query: { acl: '' } });
    expect([del.status, errorCode(del.body)]).toEqual([501, 'NotImplemented']);
    await h.client.send(new HeadBucketCommand({ Bucket: b }));
  });

  it('a POST form with acl=public-read is refused and stores nothing; acl=private is accepted', async () => {
    for (const [acl, status] of [['public-read', 400], ['private', 204]] as const) {
      const { url, fields } = await createPresignedPost(h.client, { Bucket: b, Key: `form-${acl}`, Fields: { acl }, Conditions: [{ acl }] });
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob(['x']), 'f.txt');
      const res = await fetch(url, { method: 'POST', body: form });
      expect(res.status).toBe(status);
      if (status === 400) expect(errorCode(await res.text())).toBe('AccessControlListNotSupported');
    }
    expect(h.events.filter((e) => e.type === 'ObjectCreated:Post').map((e) => e.key)).toEqual(['form-private']);
  });
});

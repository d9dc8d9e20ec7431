// Storage classes through the real AWS SDK: the class a write names is kept and reported (HEAD, GET, listings,
// multipart uploads), a copy is STANDARD unless it names one, unknown classes are InvalidStorageClass, and
// archived objects (GLACIER, DEEP_ARCHIVE) answer InvalidObjectState to reads and copies until RestoreObject
// (instant here) makes a copy readable, as in S3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { bodyBytes, expectS3Error, startHarnessWithBucket, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => ({ h, bucket: b } = await startHarnessWithBucket('class')));
afterAll(async () => h.close());

const classes = async (): Promise<Record<string, string | undefined>> =>
  Object.fromEntries((await h.client.send(new ListObjectsV2Command({ Bucket: b }))).Contents?.map((c) => [c.Key, c.StorageClass]) ?? []);

describe('storage classes', () => {
  it('keeps the class of a PUT for HEAD, GET and listings; STANDARD is reported without a header', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'ia', Body: 'x', StorageClass: 'STANDARD_IA' }));
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'std', Body: 'x', StorageClass: 'STANDARD' }));
    expect((await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'ia' }))).StorageClass).toBe('STANDARD_IA');
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'ia' }));
    expect([got.StorageClass, (await bodyBytes(got.Body)).toString()]).toEqual(['STANDARD_IA', 'x']);
    expect((await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'std' }))).StorageClass).toBeUndefined();
    expect(await classes()).toMatchObject({ ia: 'STANDARD_IA', std: 'STANDARD' });
    const versions = await h.client.send(new ListObjectVersionsCommand({ Bucket: b, Prefix: 'ia' }));
    expect(versions.Versions?.map((v) => v.StorageClass)).toEqual(['STANDARD_IA']);
  });

  it('a copy is STANDARD unless it names a class; a copy onto itself changes the class (rclone settier)', async () => {
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'ia-copy', CopySource: `${b}/ia` }));
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'std', CopySource: `${b}/std`, StorageClass: 'ONEZONE_IA' }));
    expect(await classes()).toMatchObject({ ia: 'STANDARD_IA', 'ia-copy': 'STANDARD', std: 'ONEZONE_IA' });
  });

  it('a multipart upload keeps the class from CreateMultipartUpload', async () => {
    const { UploadId } = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'mp', StorageClass: 'INTELLIGENT_TIERING' }));
    const uploads = await h.client.send(new ListMultipartUploadsCommand({ Bucket: b }));
    expect(uploads.Uploads?.map((u) => u.StorageClass)).toEqual(['INTELLIGENT_TIERING']);
    const part = await h.client.send(new UploadPartCommand({ Bucket: b, Key: 'mp', UploadId, PartNumber: 1, Body: 'part' }));
    expect((await h.client.send(new ListPartsCommand({ Bucket: b, Key: 'mp', UploadId }))).StorageClass).toBe('INTELLIGENT_TIERING');
    await h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect((await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'mp' }))).StorageClass).toBe('INTELLIGENT_TIERING');
  });

  it('refuses unknown classes; archived objects can be listed and headed but not read or copied', async () => {
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'bad', Body: 'x', StorageClass: 'OUTPOSTS' })), 'InvalidStorageClass', 400);
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'cold', Body: 'x', StorageClass: 'GLACIER' }));
    expect((await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'cold' }))).StorageClass).toBe('GLACIER');
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'cold' })), 'InvalidObjectState', 403);
    await expectS3Error(h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'warm', CopySource: `${b}/cold` })), 'InvalidObjectState', 403);
    expect(await classes()).toMatchObject({ cold: 'GLACIER' });
    expect(Object.keys(await classes())).not.toContain('bad');
  });

  it('RestoreObject makes an archived object readable (202, then 200 while restored) and says until when', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'deep', Body: 'frozen', StorageClass: 'DEEP_ARCHIVE' }));
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'deep' })), 'InvalidObjectState', 403);
    expect((await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'deep' }))).Restore).toBeUndefined();
    const first = await h.client.send(new RestoreObjectCommand({ Bucket: b, Key: 'deep', RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Bulk' } } }));
    expect(first.$metadata.httpStatusCode).toBe(202);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'deep' }));
    expect(head.StorageClass).toBe('DEEP_ARCHIVE');
    const expiry = /^ongoing-request="false", expiry-date="(.+)"$/.exec(head.Restore ?? '')?.[1];
    const days = (Date.parse(expiry ?? '') - Date.now()) / 86_400_000;
    expect(days > 2 && days <= 3, `expiry ${expiry}`).toBe(true);
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'deep' }));
    expect((await bodyBytes(got.Body)).toString()).toBe('frozen');
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'thawed', CopySource: `${b}/deep` }));
    expect(await classes()).toMatchObject({ deep: 'DEEP_ARCHIVE', thawed: 'STANDARD' });
    const again = await h.client.send(new RestoreObjectCommand({ Bucket: b, Key: 'deep', RestoreRequest: { Days: 5 } }));
    expect(again.$metadata.httpStatusCode).toBe(200);
    await expectS3Error(h.client.send(new RestoreObjectCommand({ Bucket: b, Key: 'ia', RestoreRequest: { Days: 1 } })), 'InvalidObjectState', 403);
    await expectS3Error(h.client.send(new RestoreObjectCommand({ Bucket: b, Key: 'missing', RestoreRequest: { Days: 1 } })), 'NoSuchKey', 404);
  });
});

// aws-cli (Debian's, /usr/bin/aws): s3 and s3api, including a multipart upload.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startHarness, type Harness, CREDENTIALS } from '../local-server/support.ts';
import { findTool, itWithTool, makeFiles, run, sha256File } from './support.ts';

const aws = findTool(['/usr/bin/aws'], 'apt-get install -y awscli');
let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'bs-awscli-'));
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe('aws-cli', () => {
  itWithTool(aws, 'creates a bucket, puts, lists, gets, uploads multipart, deletes and removes the bucket', async (bin) => {
    const { small, big } = await makeFiles(dir);
    const config = join(dir, 'config');
    await writeFile(config, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n');
    const env = {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      AWS_PAGER: '',
      HOME: dir,
    };
    const cli = (...args: string[]) => run(bin, ['--endpoint-url', h.server.endpoint, ...args], env);
    await cli('s3', 'mb', 's3://cli-bucket');
    await cli('s3', 'cp', small, 's3://cli-bucket/docs/small.txt');
    await cli('s3', 'cp', big, 's3://cli-bucket/big.bin');
    const ls = await cli('s3', 'ls', 's3://cli-bucket', '--recursive');
    expect(ls.stdout).toContain('docs/small.txt');
    expect(ls.stdout).toContain('big.bin');
    const head = JSON.parse((await cli('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big.bin')).stdout) as { ETag: string; ContentLength: number };
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(head.ContentLength).toBe(12 * 1024 * 1024);
    await cli('s3', 'cp', 's3://cli-bucket/docs/small.txt', join(dir, 'small.out'));
    await cli('s3', 'cp', 's3://cli-bucket/big.bin', join(dir, 'big.out'));
    expect(await sha256File(join(dir, 'small.out'))).toBe(await sha256File(small));
    expect(await sha256File(join(dir, 'big.out'))).toBe(await sha256File(big));
    const listed = JSON.parse((await cli('s3api', 'list-objects-v2', '--bucket', 'cli-bucket', '--prefix', 'docs/')).stdout) as { Contents: { Key: string }[] };
    expect(listed.Contents.map((c) => c.Key)).toEqual(['docs/small.txt']);
    await cli('s3', 'rm', 's3://cli-bucket/docs/small.txt');
    await cli('s3api', 'delete-object', '--bucket', 'cli-bucket', '--key', 'big.bin');
    await cli('s3', 'rb', 's3://cli-bucket');
    const buckets = JSON.parse((await cli('s3api', 'list-buckets')).stdout) as { Buckets: unknown[] };
    expect(buckets.Buckets).toEqual([]);
    expect(h.events.map((e) => e.type)).toEqual([
      'ObjectCreated:Put',
      'ObjectCreated:CompleteMultipartUpload',
      'ObjectRemoved:Delete',
      'ObjectRemoved:Delete',
    ]);
  });
});

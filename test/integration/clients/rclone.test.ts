// rclone (Debian's) with an S3 remote defined through environment variables.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startHarness, type Harness, CREDENTIALS } from '../local-server/support.ts';
import { findTool, itWithTool, makeFiles, run, sha256File } from './support.ts';

const rclone = findTool(['/usr/bin/rclone'], 'apt-get install -y rclone');
let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'bs-rclone-'));
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs rclone with the remote `local:` pointing at the harness's server (settings from the environment). */
async function rcloneRunner(bin: string): Promise<(...args: string[]) => ReturnType<typeof run>> {
  const config = join(dir, 'rclone.conf');
  await writeFile(config, '');
  const env = {
    RCLONE_CONFIG: config,
    RCLONE_CONFIG_LOCAL_TYPE: 's3',
    RCLONE_CONFIG_LOCAL_PROVIDER: 'Other',
    RCLONE_CONFIG_LOCAL_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    RCLONE_CONFIG_LOCAL_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    RCLONE_CONFIG_LOCAL_ENDPOINT: h.server.endpoint,
    RCLONE_CONFIG_LOCAL_REGION: 'us-east-1',
    RCLONE_CONFIG_LOCAL_FORCE_PATH_STYLE: 'true',
    HOME: dir,
  };
  return (...args: string[]) => run(bin, ['--retries', '1', '--low-level-retries', '1', ...args], env);
}

describe('rclone', () => {
  itWithTool(rclone, 'creates a bucket, puts, lists, gets, uploads multipart, deletes and removes the bucket', async (bin) => {
    const { small, big } = await makeFiles(dir);
    const rc = await rcloneRunner(bin);
    await rc('mkdir', 'local:rclone-bucket');
    await rc('copyto', small, 'local:rclone-bucket/docs/small.txt');
    await rc('copyto', big, 'local:rclone-bucket/big.bin', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M');
    const lsf = await rc('lsf', '-R', 'local:rclone-bucket');
    expect(lsf.stdout.split('\n').filter(Boolean).sort()).toEqual(['big.bin', 'docs/', 'docs/small.txt']);
    const head = await h.client.send(new (await import('@aws-sdk/client-s3')).HeadObjectCommand({ Bucket: 'rclone-bucket', Key: 'big.bin' }));
    expect(head.ETag).toMatch(/-3"$/);
    await rc('copyto', 'local:rclone-bucket/docs/small.txt', join(dir, 'small.out'));
    await rc('copyto', 'local:rclone-bucket/big.bin', join(dir, 'big.out'));
    expect(await sha256File(join(dir, 'small.out'))).toBe(await sha256File(small));
    expect(await sha256File(join(dir, 'big.out'))).toBe(await sha256File(big));
    // rclone's own integrity check (it stores the MD5 of multipart uploads in metadata).
    await rc('check', dir, 'local:rclone-bucket', '--include', 'big.bin', '--one-way');
    await rc('deletefile', 'local:rclone-bucket/docs/small.txt');
    await rc('deletefile', 'local:rclone-bucket/big.bin');
    await rc('rmdir', 'local:rclone-bucket');
    expect((await rc('lsd', 'local:')).stdout.trim()).toBe('');
    expect(h.events.filter((e) => e.type.startsWith('ObjectCreated')).map((e) => [e.type, e.key])).toEqual([
      ['ObjectCreated:Put', 'docs/small.txt'],
      ['ObjectCreated:CompleteMultipartUpload', 'big.bin'],
    ]);
  });

  // `rclone settier` changes the class with a copy onto the object itself; the server accepted the copy but kept
  // no class, so every listing still said STANDARD (and `aws s3 cp --storage-class` was lost the same way).
  itWithTool(rclone, 'settier changes the storage class that lsjson, HEAD and the listing report', async (bin) => {
    const rc = await rcloneRunner(bin);
    const file = join(dir, 'tier.txt');
    await writeFile(file, 'tiered\n');
    await rc('mkdir', 'local:rclone-tier');
    await rc('copyto', file, 'local:rclone-tier/tier.txt');
    const tier = async (): Promise<string> => (JSON.parse((await rc('lsjson', 'local:rclone-tier/tier.txt')).stdout) as { Tier: string }[])[0]!.Tier;
    expect(await tier()).toBe('STANDARD');
    await rc('settier', 'STANDARD_IA', 'local:rclone-tier/tier.txt');
    expect(await tier()).toBe('STANDARD_IA');
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const head = await h.client.send(new HeadObjectCommand({ Bucket: 'rclone-tier', Key: 'tier.txt' }));
    expect([head.StorageClass, head.Metadata?.mtime !== undefined]).toEqual(['STANDARD_IA', true]);
    await rc('copyto', 'local:rclone-tier/tier.txt', join(dir, 'tier.out'));
    expect(await sha256File(join(dir, 'tier.out'))).toBe(await sha256File(file));
  });
});

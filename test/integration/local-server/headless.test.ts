// `npm run serve` (scripts/serve.mjs → electron/main/serve.ts) as a real process: one JSON line once listening,
// usable with the SDK, clean exit on SIGTERM and SIGINT, usage errors exit 2.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { makeClient } from './support.ts';

const launcher = resolve(import.meta.dirname, '../../../scripts/serve.mjs');
const root = await mkdtemp(join(tmpdir(), 'bs-serve-'));
afterAll(async () => rm(root, { recursive: true, force: true }));

function serve(args: string[], cwd = root) {
  const child = spawn(process.execPath, [launcher, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  const firstLine = new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      lines.push(l);
      if (lines.length === 1) resolveLine(l);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, firstLine, exit, lines, stderr: () => stderr };
}

describe('headless server', () => {
  it('prints one JSON line, serves S3, and stops cleanly on SIGTERM', async () => {
    const dataDir = join(root, 'explicit');
    const s = serve(['--port', '0', '--data', dataDir, '--access-key', 'HEADLESSKEY', '--secret-key', 'headless-secret']);
    const info = JSON.parse(await s.firstLine) as Record<string, string>;
    expect(Object.keys(info).sort()).toEqual(['accessKeyId', 'dataDir', 'endpoint', 'secretAccessKey']);
    expect(info).toMatchObject({ accessKeyId: 'HEADLESSKEY', secretAccessKey: 'headless-secret', dataDir });
    expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = makeClient(info.endpoint as string, { accessKeyId: 'HEADLESSKEY', secretAccessKey: 'headless-secret' });
    await client.send(new CreateBucketCommand({ Bucket: 'headless-bucket' }));
    expect((await client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['headless-bucket']);
    client.destroy();
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    expect(s.lines).toHaveLength(1);
  });

  it('defaults to ./.bucketscope-data, generates credentials, and stops on SIGINT', async () => {
    const s = serve([]);
    const info = JSON.parse(await s.firstLine) as Record<string, string>;
    expect(info.dataDir).toBe(join(root, '.bucketscope-data'));
    expect(info.accessKeyId).toMatch(/^\w{8,}$/);
    expect((info.secretAccessKey as string).length).toBeGreaterThanOrEqual(24);
    expect((await stat(join(root, '.bucketscope-data'))).isDirectory()).toBe(true);
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
  });

  it('prints its usage and exits 0 on --help', async () => {
    const s = serve(['--help']);
    expect(await s.firstLine).toContain('usage: npm run serve');
    expect(await s.exit).toBe(0);
  });

  // Node's recursive mkdir used to loop forever on these (mkdir answers ENOENT under /proc although /proc exists).
  // Linux only: /proc is the reliable "no folder can be made here" on that platform.
  it.runIf(process.platform === 'linux')('exits 1 at once, naming --data, when the data folder cannot be made or written', async () => {
    for (const dir of ['/proc/x', '/proc/x/y', '/proc']) {
      const s = serve(['--data', dir]);
      s.firstLine.catch(() => undefined);
      expect(await s.exit).toBe(1);
      expect(s.stderr()).toContain(`data folder ${dir} `);
      expect(s.stderr()).toContain('pick another --data');
      expect(s.lines).toEqual([]);
    }
  }, 60_000);

  it('exits 1 naming --data when a file is in the way', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    for (const dir of [file, join(file, 'sub')]) {
      const s = serve(['--data', dir]);
      s.firstLine.catch(() => undefined);
      expect(await s.exit).toBe(1);
      expect(s.stderr()).toContain(`--data ${dir} is not a folder`);
    }
  }, 60_000);

  it('exits 2 with usage on an unknown option', async () => {
    const s = serve(['--bogus']);
    s.firstLine.catch(() => undefined);
    expect(await s.exit).toBe(2);
    expect(s.stderr()).toContain('usage: npm run serve');
  });
});

// `npm run serve -- --config bucketscope.json` end to end: a real child process, real SDK requests, the
// NDJSON timeline read from its stdout.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  child = undefined;
});

function serve(configFile: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/main/serve.ts'), '--config', configFile], {
    cwd: root,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  child = proc;
  const lines: string[] = [];
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  createInterface({ input: proc.stdout }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, lines, stderr: () => stderr, exited };
}

function project(config: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bucketscope-headless-'));
  cpSync(path.join(root, 'examples/functions/log-event'), path.join(dir, 'functions/log-event'), { recursive: true });
  writeFileSync(path.join(dir, 'bucketscope.json'), JSON.stringify(config, null, 2));
  return path.join(dir, 'bucketscope.json');
}

const validConfig = {
  server: { port: 0, dataDir: './data', accessKeyId: 'local', secretAccessKey: 'local-secret' },
  buckets: [{ name: 'uploads', versioning: 'Enabled' }],
  functions: [{ name: 'log-event', runtime: 'nodejs', path: './functions/log-event', handler: 'index.main_handler', timeoutMs: 3000, memoryMb: 128, env: {} }],
  triggers: [{ bucket: 'uploads', events: ['cos:ObjectCreated:*'], prefix: '', suffix: '.txt', function: 'log-event', format: 'cos' }],
};

describe('serve --config', () => {
  it('prints the JSON line, then every timeline record as NDJSON while triggers run functions', async () => {
    const { lines } = serve(project(validConfig));
    await expect.poll(() => lines.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const info = JSON.parse(lines[0]!);
    expect(info).toMatchObject({ accessKeyId: 'local', secretAccessKey: 'local-secret' });
    expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.dataDir).toMatch(/bucketscope-headless-[^/]+\/data$/);

    const s3 = new S3Client({ endpoint: info.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local-secret' } });
    try {
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'uploads' }))).Status).toBe('Enabled');
      await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'skip.png', Body: 'png' }));
      const put = await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'notes/hello world.txt', Body: 'hello' }));
      const records = () => lines.slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
      await expect.poll(() => records().some((r) => r['type'] === 'execution'), { timeout: 30_000 }).toBe(true);
      const all = records();
      for (const r of all) {
        expect(typeof r['seq']).toBe('number');
        expect(['action', 'event', 'execution']).toContain(r['type']);
      }
      expect(all.map((r) => r['seq'])).toEqual([...all.map((r) => r['seq'] as number)].sort((a, b) => a - b));
      const events = all.filter((r) => r['type'] === 'event');
      expect(events).toEqual([
        expect.objectContaining({ eventName: 'cos:ObjectCreated:Put', bucket: 'uploads', key: 'skip.png', source: 'embedded' }),
        expect.objectContaining({ eventName: 'cos:ObjectCreated:Put', bucket: 'uploads', key: 'notes/hello world.txt', source: 'embedded', versionId: put.VersionId }),
      ]);
      expect(events[0]).not.toHaveProperty('triggerId');
      const [execution] = all.filter((r) => r['type'] === 'execution');
      expect(execution).toMatchObject({ function: 'log-event', status: 'success', attempt: 1, eventId: events[1]!['eventId'] });
      expect(typeof execution!['durationMs']).toBe('number');
      expect((execution!['logs'] as string[]).join('\n')).toContain(`cos:ObjectCreated:Put uploads /1250000000/uploads/notes/hello world.txt size=5 vid=${put.VersionId}`);
      expect(all.filter((r) => r['type'] === 'action').map((r) => [r['actor'], r['operation']])).toEqual([
        ['external', 'PutObject'],
        ['external', 'PutObject'],
      ]);
    } finally {
      s3.destroy();
    }
  });

  it('rejects unknown fields and bad values with a message naming the field', async () => {
    const bad = {
      ...validConfig,
      functions: [{ ...validConfig.functions[0], timeoutMs: 5, colour: 'blue' }],
      triggers: [{ ...validConfig.triggers[0], events: ['cos:ObjectRemoved:*'] }],
    };
    const run = serve(project(bad));
    expect(await run.exited).not.toBe(0);
    expect(run.lines).toEqual([]);
    expect(run.stderr()).toContain('functions[0].colour: unknown field');
    expect(run.stderr()).toContain('functions[0].timeoutMs: Too small');
    expect(run.stderr()).toContain('triggers[0].events[0]: Unknown event type "cos:ObjectRemoved:*"');

    const missing = serve(project({ ...validConfig, triggers: [{ ...validConfig.triggers[0], function: 'nope' }] }));
    expect(await missing.exited).not.toBe(0);
    expect(missing.stderr()).toContain('triggers[0].function: no function named "nope" in functions');
  });
});

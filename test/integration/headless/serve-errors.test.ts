// `npm run serve` started with flags that cannot work says which flag and what to do, and exits 1 (not a stack
// trace or a bare EADDRINUSE): a real process, a real busy port, a real file where the data folder should be.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const launcher = resolve(import.meta.dirname, '../../../scripts/serve.mjs');
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bs-serve-errors-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

function serve(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [launcher, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, stdout, stderr })));
}

it('a port in use names the port and the way out', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const out = await serve(['--port', String(port), '--data', join(root, 'busy')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim()).toBe(`Port ${port} on 127.0.0.1 is already in use: pick another --port, or --port 0 for any free one.`);
  } finally {
    await new Promise((r) => blocker.close(r));
  }
});

it('a file given as --data is called out as not a folder', async () => {
  const file = join(root, 'a-file');
  await writeFile(file, 'x');
  const out = await serve(['--port', '0', '--data', file]);
  expect(out.code).toBe(1);
  expect(out.stderr.trim()).toBe(`--data ${file} is not a folder (a file is in the way): pick another --data.`);
});

it('a port that is not a number is a usage error', async () => {
  const out = await serve(['--port', 'abc']);
  expect(out.code).toBe(2);
  expect(out.stderr).toContain('invalid --port abc');
});

// Two servers on one data folder each kept their own index over the same journals: the second hid the first's
// writes and could corrupt them. The second now names the folder and the first server's pid.
it('a data folder another server is using is refused, naming its pid; after that server stops it starts', async () => {
  const data = join(root, 'shared');
  const first = spawn(process.execPath, [launcher, '--port', '0', '--data', data], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((r) => first.stdout.once('data', () => r()));
    const out = await serve(['--port', '0', '--data', data]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim()).toMatch(new RegExp(`^--data ${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another Bucketscope server \\(pid \\d+\\): stop it, or pick another --data\\.$`));
  } finally {
    first.kill('SIGTERM');
    await new Promise((r) => first.once('exit', r));
  }
  const again = spawn(process.execPath, [launcher, '--port', '0', '--data', data], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise<string>((r) => again.stdout.once('data', (d: Buffer) => r(d.toString())));
  again.kill('SIGTERM');
  await new Promise((r) => again.once('exit', r));
  expect(JSON.parse(line)).toMatchObject({ dataDir: data });
}, 30_000);

it('an empty key (a CI variable that is not set) is a usage error, not a server no client can sign for', async () => {
  const out = await serve(['--port', '0', '--data', join(root, 'empty-key'), '--access-key', '', '--secret-key', 'secret']);
  expect(out.code).toBe(2);
  expect(out.stderr).toContain('--access-key is empty');
  expect(out.stdout).toBe('');
});

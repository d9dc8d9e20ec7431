// A CI script starts the server with `npm run serve … &` and stops it with `kill $!`: the SIGTERM reaches npm,
// which passes it to the `sh -c` it ran the script through, and the shell died without passing it on, so the
// server kept listening after the job's `kill` (and held its port). And Ctrl-C, which signals the whole process
// group: the launcher passed the SIGINT on too, and the second one killed the server mid-stop (exit 1).
// A real npm, real signals, a real socket.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../../..');
let root: string;
let npm: ChildProcess | undefined;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bs-npm-sigterm-'));
});
afterAll(async () => {
  // Only if the test failed: the process group this test started (npm, its shell, the launcher, the server).
  if (npm?.pid !== undefined) {
    try {
      process.kill(-npm.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await rm(root, { recursive: true, force: true });
});

const answers = (endpoint: string): Promise<boolean> =>
  fetch(endpoint, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );

it('kill <npm pid> stops the server npm started', async () => {
  // detached: its own process group, so a leftover can be cleaned up above; the signal itself goes to npm alone.
  npm = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'serve', '--', '--port', '0', '--data', join(root, 'data')], {
    cwd: repo,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((r) => npm!.once('exit', (code) => r(code)));
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: npm!.stdout! }).once('line', resolveLine);
    npm!.once('exit', () => reject(new Error('npm run serve exited before printing its JSON line')));
  });
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  expect(await answers(endpoint)).toBe(true);

  process.kill(npm.pid!, 'SIGTERM');
  await exited;
  let stillServing = true;
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    stillServing = await answers(endpoint);
    if (!stillServing) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(stillServing, `${endpoint} still answers after npm got SIGTERM`).toBe(false);
  npm = undefined;
}, 40_000);

it('Ctrl-C (SIGINT to the process group) stops the server cleanly: exit 0', async () => {
  const launcher = join(repo, 'scripts/serve.mjs');
  npm = spawn(process.execPath, [launcher, '--port', '0', '--data', join(root, 'data-int')], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((r) => npm!.once('exit', (code) => r(code)));
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: npm!.stdout! }).once('line', resolveLine);
    npm!.once('exit', () => reject(new Error('serve exited before printing its JSON line')));
  });
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  expect(await answers(endpoint)).toBe(true);
  process.kill(-npm.pid!, 'SIGINT');
  expect(await exited).toBe(0);
  expect(await answers(endpoint)).toBe(false);
  npm = undefined;
}, 40_000);

it('a launcher killed with SIGKILL takes the server with it', async () => {
  const launcher = join(repo, 'scripts/serve.mjs');
  npm = spawn(process.execPath, [launcher, '--port', '0', '--data', join(root, 'data-kill')], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: npm!.stdout! }).once('line', resolveLine);
    npm!.once('exit', () => reject(new Error('serve exited before printing its JSON line')));
  });
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  expect(await answers(endpoint)).toBe(true);
  process.kill(npm.pid!, 'SIGKILL');
  let stillServing = true;
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    stillServing = await answers(endpoint);
    if (!stillServing) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(stillServing, `${endpoint} still answers after its launcher was killed`).toBe(false);
  npm = undefined;
}, 40_000);

// npm runs scripts in the package folder: `--data ./s3-data` from a project folder (`npm --prefix <bucketscope> run
// serve`) made the data folder inside Bucketscope's checkout instead of the project.
it('relative --data under npm means the folder npm was run from', async () => {
  const project = join(root, 'project');
  await mkdir(project);
  npm = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['--prefix', repo, 'run', '--silent', 'serve', '--', '--port', '0', '--data', './s3-data'], {
    cwd: project,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((r) => npm!.once('exit', (code) => r(code)));
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: npm!.stdout! }).once('line', resolveLine);
    npm!.once('exit', () => reject(new Error('npm run serve exited before printing its JSON line')));
  });
  const { dataDir } = JSON.parse(line) as { dataDir: string };
  process.kill(npm.pid!, 'SIGTERM');
  await exited;
  expect(dataDir).toBe(join(await realpath(project), 's3-data'));
  expect((await stat(dataDir)).isDirectory()).toBe(true);
  npm = undefined;
}, 40_000);

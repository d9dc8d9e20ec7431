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


/**
 * Starts `command args` in its own process group (so a leftover can be cleaned up above; a signal sent to its pid
 * reaches it alone) and waits for the server's JSON line. `exited` resolves with the exit code.
 */
async function startServe(command: string, args: string[], cwd: string): Promise<{ exited: Promise<number | null>; info: { endpoint: string; dataDir: string } }> {
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  npm = child;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolveLine);
    child.once('exit', () => reject(new Error(`${args.join(' ')} exited before printing its JSON line`)));
  });
  return { exited, info: JSON.parse(line) as { endpoint: string; dataDir: string } };
}
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const LAUNCHER = join(repo, 'scripts/serve.mjs');

/** True once `endpoint` stops answering, within 15 s. */
async function stopsAnswering(endpoint: string): Promise<boolean> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    if (!(await answers(endpoint))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

it('kill <npm pid> stops the server npm started', async () => {
  // The signal goes to npm alone (its own process group: see startServe).
  const { exited, info } = await startServe(NPM, ['run', '--silent', 'serve', '--', '--port', '0', '--data', join(root, 'data')], repo);
  expect(await answers(info.endpoint)).toBe(true);
  process.kill(npm!.pid!, 'SIGTERM');
  await exited;
  expect(await stopsAnswering(info.endpoint), `${info.endpoint} still answers after npm got SIGTERM`).toBe(true);
  npm = undefined;
}, 40_000);

it('Ctrl-C (SIGINT to the process group) stops the server cleanly: exit 0', async () => {
  const { exited, info } = await startServe(process.execPath, [LAUNCHER, '--port', '0', '--data', join(root, 'data-int')], root);
  expect(await answers(info.endpoint)).toBe(true);
  process.kill(-npm!.pid!, 'SIGINT');
  expect(await exited).toBe(0);
  expect(await answers(info.endpoint)).toBe(false);
  npm = undefined;
}, 40_000);

it('a launcher killed with SIGKILL takes the server with it', async () => {
  const { info } = await startServe(process.execPath, [LAUNCHER, '--port', '0', '--data', join(root, 'data-kill')], root);
  expect(await answers(info.endpoint)).toBe(true);
  process.kill(npm!.pid!, 'SIGKILL');
  expect(await stopsAnswering(info.endpoint), `${info.endpoint} still answers after its launcher was killed`).toBe(true);
  npm = undefined;
}, 40_000);

// npm runs scripts in the package folder: `--data ./s3-data` from a project folder (`npm --prefix <bucketscope> run
// serve`) made the data folder inside Bucketscope's checkout instead of the project.
it('relative --data under npm means the folder npm was run from', async () => {
  const project = join(root, 'project');
  await mkdir(project);
  const { exited, info } = await startServe(NPM, ['--prefix', repo, 'run', '--silent', 'serve', '--', '--port', '0', '--data', './s3-data'], project);
  process.kill(npm!.pid!, 'SIGTERM');
  await exited;
  expect(info.dataDir).toBe(join(await realpath(project), 's3-data'));
  expect((await stat(info.dataDir)).isDirectory()).toBe(true);
  npm = undefined;
}, 40_000);

#!/usr/bin/env node
// `npm run serve -- [args]`: runs the headless embedded S3 server (electron/main/serve.ts) under tsx, passing
// the arguments and signals through.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Resolve tsx from this package, so the launcher works from any working directory.
const tsx = import.meta.resolve('tsx');
// npm runs a script in the package's folder; relative --data and --config paths mean the folder the user ran npm
// from (INIT_CWD), as with `npm --prefix path/to/bucketscope run serve -- --data ./s3-data` from a project.
const cwd = process.env.npm_lifecycle_event === 'serve' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
const child = spawn(process.execPath, ['--import', tsx, join(root, 'electron/main/serve.ts'), ...process.argv.slice(2)], {
  cwd,
  stdio: 'inherit',
  // The server stops when this launcher is gone (even by kill -9) instead of running on unseen (serve.ts).
  env: { ...process.env, NODE_NO_WARNINGS: '1', BUCKETSCOPE_SERVE_LAUNCHER_PID: String(process.pid) },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// Under `npm run serve`, npm starts this through `sh -c` and passes a SIGTERM to that shell only: the shell dies and
// this process ran on, so a CI's `npm run serve & … kill $!` left the server listening (and the port taken). Here
// the shell going away is the stop signal. Not for a direct `node scripts/serve.mjs &`, whose starting shell may
// end while the server is meant to keep serving later steps.
if (process.env.npm_lifecycle_event === 'serve') {
  const parent = process.ppid;
  const watch = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      clearInterval(watch);
      child.kill('SIGTERM');
    }
  }, 250);
  watch.unref();
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

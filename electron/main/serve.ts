// Headless embedded server: `npm run serve -- [--port N] [--data DIR] [--access-key K] [--secret-key S] [--config FILE]`.
// Prints one JSON line {endpoint, accessKeyId, secretAccessKey, dataDir} once listening; stops on SIGINT/SIGTERM.
// Extend by adding an option to `HeadlessOptions`/`parseArgs` and a step in `runHeadless` (e.g. the trigger engine
// will read --config).
import './threadpool.ts';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataDirInUseError, startLocalServer, type LocalServer } from './local-server/index.ts';
import { loadHeadlessConfig, runHeadlessConfig, type ConfiguredEngine } from './notifications/headless-config.ts';

export interface HeadlessOptions {
  port: number;
  dataDir: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucketscope.json: buckets, functions and triggers (see notifications/headless-config.ts). */
  configFile?: string;
}

export class UsageError extends Error {}

const USAGE = 'usage: npm run serve -- [--port N] [--data DIR] [--access-key K] [--secret-key S] [--config FILE]';

export function parseArgs(argv: string[], cwd = process.cwd()): HeadlessOptions {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!['--port', '--data', '--access-key', '--secret-key', '--config'].includes(flag as string)) throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value\n${USAGE}`);
    values[flag as string] = value;
  }
  // `--access-key "$KEY"` with KEY unset in CI: a server with an empty key, which no client can sign for.
  for (const flag of ['--access-key', '--secret-key', '--data', '--config']) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`${flag} is empty\n${USAGE}`);
  }
  const port = values['--port'] !== undefined ? Number(values['--port']) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid --port ${values['--port']}`);
  return {
    port,
    dataDir: resolve(cwd, values['--data'] ?? '.bucketscope-data'),
    accessKeyId: values['--access-key'] ?? `BSLOCAL${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: values['--secret-key'] ?? randomBytes(24).toString('base64url'),
    ...(values['--config'] !== undefined ? { configFile: resolve(cwd, values['--config']) } : {}),
  };
}

/** What a failed start means for the flags the user gave (Node's own messages name syscalls, not flags). */
export function explainStartError(err: unknown, options: Pick<HeadlessOptions, 'port' | 'dataDir'>): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof DataDirInUseError) return new Error(`--data ${options.dataDir} is in use by another Bucketscope server (pid ${err.pid}): stop it, or pick another --data.`);
  if (code === 'EADDRINUSE') return new Error(`Port ${options.port} on 127.0.0.1 is already in use: pick another --port, or --port 0 for any free one.`);
  if (code === 'EACCES' && /listen/.test(detail)) return new Error(`Not allowed to listen on port ${options.port}: ports below 1024 need privileges; pick another --port.`);
  if (code === 'EEXIST' || code === 'ENOTDIR') return new Error(`--data ${options.dataDir} is not a folder (a file is in the way): pick another --data.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new Error(`Cannot write the data folder ${options.dataDir} (${code}): pick another --data.`);
  // ENOENT from the data folder: a place where no folder can be made (e.g. under /proc).
  if (code === 'ENOENT') return new Error(`Cannot make the data folder ${options.dataDir} or write in it (${code}): pick another --data.`);
  return err instanceof Error ? err : new Error(detail);
}

export interface Headless {
  options: HeadlessOptions;
  server: LocalServer;
  stop(): Promise<void>;
}

/**
 * Started by scripts/serve.mjs: stops when the launcher is gone. A launcher killed with SIGKILL (a CI timeout, an
 * OOM kill) cannot pass a signal on, and the server ran on unseen, holding its port and data folder.
 */
function watchLauncher(stop: () => void): void {
  const pid = Number(process.env.BUCKETSCOPE_SERVE_LAUNCHER_PID);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch {
      clearInterval(timer);
      stop();
    }
  }, 250);
  timer.unref();
}

/** Starts the server, prints the JSON line, and installs the signal handlers. */
export async function runHeadless(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<Headless> {
  const options = parseArgs(argv);
  // --config FILE: buckets, functions and triggers too (notifications/headless-config.ts); its server block wins.
  const config = options.configFile !== undefined ? loadHeadlessConfig(options.configFile) : undefined;
  if (config?.server !== undefined) Object.assign(options, Object.fromEntries(Object.entries(config.server).filter(([, v]) => v !== undefined)));
  const server = await startLocalServer({
    port: options.port,
    dataDir: options.dataDir,
    credentials: [{ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }],
  }).catch((err: unknown) => {
    throw explainStartError(err, options);
  });
  let stopping: Promise<void> | undefined;
  let configured: ConfiguredEngine | undefined;
  const stop = (): Promise<void> => (stopping ??= (configured?.stop() ?? Promise.resolve()).then(() => server.close()));
  // Ctrl-C signals the whole process group, and the launcher (scripts/serve.mjs) passes it on as well, so the same
  // SIGINT arrives twice: with a one-shot handler the second one killed the server mid-stop (exit 1, uploads cut).
  // Repeats within a second are that echo; a later one is a user insisting, and ends it at once.
  let firstSignalAt: number | undefined;
  const onSignal = (): void => {
    if (firstSignalAt === undefined) firstSignalAt = Date.now();
    else if (Date.now() - firstSignalAt > 1_000) process.exit(1);
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  watchLauncher(onSignal);
  // With --config, buckets, functions and triggers are in place before the JSON line; after it, every
  // timeline record (action, event, execution) follows as one NDJSON line.
  const early: string[] = [];
  let printed = false;
  if (config !== undefined) {
    const credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    const timelineOut = (line: string): void => void (printed ? out(line) : early.push(line));
    configured = await runHeadlessConfig(config, server, credentials, timelineOut, options.configFile).catch(async (err: unknown) => {
      await server.close();
      throw err;
    });
  }
  out(JSON.stringify({ endpoint: server.endpoint, accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, dataDir: server.dataDir }));
  printed = true;
  for (const line of early.splice(0)) out(line);
  return { options, server, stop };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\nRuns the embedded S3 server without a window; see README.md, "Headless server for scripts and CI".\n`);
    process.exit(0);
  }
  runHeadless(argv).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}

// Browser mode: the real main-process services, the renderer served to any browser over an
// authenticated loopback socket. Used when Electron's binary is unavailable, by `npm run web`, and by e2e tests.
import './threadpool.ts';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost } from './host.ts';
import { defaultDataDir } from './data-dir.ts';
import { startBrowserServer } from './web/browser-server.ts';
import { readVersion } from './version.ts';

export interface WebOptions {
  dataDir?: string;
  port?: number;
  rendererDir?: string;
}

/** Finds the built renderer next to this file (packaged: out/main -> out/renderer) or in the repo. */
export function findRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '../renderer'), join(here, '../../out/renderer')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error('The renderer is not built: run `npm run build` first.');
  return found;
}

export async function runBrowserMode(options: WebOptions = {}) {
  const dataDir = options.dataDir ?? defaultDataDir();
  const host = await createHost({ dataDir, mode: 'browser', version: readVersion() });
  const server = await startBrowserServer({
    dispatch: host.dispatch,
    hub: host.hub,
    transfers: host.transfers,
    rendererDir: options.rendererDir ?? findRendererDir(),
    ...(options.port !== undefined ? { port: options.port } : { rememberPortIn: join(dataDir, 'browser-port') }),
  });
  return {
    host,
    server,
    close: async () => {
      await server.close();
      await host.close();
    },
  };
}

const USAGE = 'usage: npm run web -- [--port N] [--data DIR]';

function parseArgs(argv: string[]): WebOptions {
  const options: WebOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--port' && value) {
      options.port = Number(value);
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`Invalid --port ${value}: a number from 0 to 65535. ${USAGE}`);
    }
    else if (arg === '--data' && value) options.dataDir = value;
    else throw new Error(`Unknown argument: ${arg}. ${USAGE}`);
    i++;
  }
  return options;
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry && (process.argv.includes('--help') || process.argv.includes('-h'))) {
  process.stdout.write(
    `${USAGE}\nRuns Bucketscope in your browser against the real services on 127.0.0.1 (the window's token is in the printed URL).\n` +
      '--port N    listen on port N (default: a free port)\n--data DIR  settings, secrets and the embedded server\'s buckets (default: the app data directory)\n',
  );
  process.exit(0);
}
if (isEntry) {
  // parseArgs inside the chain: a bad flag is one line on stderr, not an uncaught stack trace.
  Promise.resolve()
    .then(() => runBrowserMode(parseArgs(process.argv.slice(2))))
    .then(({ server, host, close }) => {
      process.stdout.write(`Bucketscope is running in browser mode: ${server.url}\n`);
      void host;
      const stop = () => void close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      process.stderr.write(`Bucketscope could not start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}

// Starts the real app in browser mode (real host, embedded server, built renderer) with a fresh data
// directory, and a Chromium page attached to it.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { S3Client } from '@aws-sdk/client-s3';
import { runBrowserMode } from '../../../electron/main/web.ts';
import { launchChromium } from './chromium.ts';

const RENDERER = join(import.meta.dirname, '../../../out/renderer');
export const SCREENSHOTS = join(import.meta.dirname, '../../../test-results/screenshots');

export interface RunningApp {
  page: Page;
  browser: Browser;
  app: Awaited<ReturnType<typeof runBrowserMode>>;
  dataDir: string;
  /** Full-window screenshot kept under test-results/screenshots. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** An SDK client for the app's embedded server, as any other S3 tool would use it. The caller destroys it. */
export async function embeddedServerClient(app: RunningApp['app']): Promise<S3Client> {
  const status = await app.host.api.server.status();
  const { secretAccessKey } = await app.host.api.server.revealSecret();
  return new S3Client({ endpoint: status.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: status.accessKeyId, secretAccessKey } });
}

export interface StartOptions {
  colorScheme?: 'light' | 'dark';
  /** Runs once the app (host, embedded server) is up, before the browser opens it — e.g. to seed buckets. */
  beforeBrowser?: (app: Awaited<ReturnType<typeof runBrowserMode>>) => Promise<void>;
}

export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` (npm test does) first.');
  const dataDir = await mkdtemp(join(tmpdir(), 'bucketscope-e2e-'));
  const app = await runBrowserMode({ dataDir, rendererDir: RENDERER });
  if (options.beforeBrowser) {
    try {
      await options.beforeBrowser(app);
    } catch (err) {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
      throw err;
    }
  }
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: options.colorScheme ?? 'light', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(app.server.url);
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    page,
    browser,
    app,
    dataDir,
    shot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    },
    close: async () => {
      await browser.close();
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
      if (errors.length) throw new Error(`Uncaught errors in the page:\n${errors.join('\n')}`);
    },
  };
}

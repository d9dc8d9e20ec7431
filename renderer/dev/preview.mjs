// Dev-only: builds the renderer in `fake` mode (in-memory sample data at `?fake`), serves it on 127.0.0.1
// and optionally screenshots it with Debian's Chromium. Usage:
//   [VIEWPORT=900x600] [SCHEMES=light,dark] [SHOTS=01,02] node renderer/dev/preview.mjs [--shots DIR] [--serve]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = resolve(import.meta.dirname, '..', '..');
const outDir = join(root, 'out', 'renderer-preview');
const args = process.argv.slice(2);

await build({
  configFile: false,
  root: join(root, 'renderer'),
  mode: 'fake',
  base: './',
  logLevel: 'warn',
  plugins: [svelte()],
  build: { outDir, emptyOutDir: true, target: 'chrome120' },
});

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };
const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  try {
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir)) throw new Error('outside');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/?fake`;
console.log(url);

const shots = args.includes('--shots') ? args[args.indexOf('--shots') + 1] : undefined;
if (shots) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const mod = await import(resolve(import.meta.dirname, 'scenarios.mjs'));
  const only = process.env.SHOTS;
  // VIEWPORT=900x600 checks a narrow window; file names carry the size when it is not the default.
  const [width, height] = (process.env.VIEWPORT ?? '1440x900').split('x').map(Number);
  const viewport = { width, height };
  const suffix = process.env.VIEWPORT ? `-${process.env.VIEWPORT}` : '';
  const scenarios = Object.fromEntries(Object.entries({ ...mod.default, ...mod.more, ...mod.local, ...mod.versions, ...mod.errors, ...mod.menus, ...mod.dialogs, ...mod.details }).filter(([n]) => !only || only.split(',').some((o) => n.startsWith(o))));
  for (const scheme of (process.env.SCHEMES ?? 'light,dark').split(',')) {
    const page = await browser.newPage({ viewport, colorScheme: scheme });
    page.on('console', (m) => m.type() === 'error' && console.log(`[${scheme}] console:`, m.text()));
    page.on('pageerror', (e) => console.log(`[${scheme}] pageerror:`, e.message));
    await page.goto(url);
    await page.waitForSelector('[data-testid="connection-item"]');
    for (const [name, run] of Object.entries(scenarios)) {
      await run(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(shots, `${name}-${scheme}${suffix}.png`) });
    }
    await page.close();
  }
  await browser.close();
}
if (!args.includes('--serve')) server.close();

// One build config for the three Electron targets (https://electron-vite.org/config/): main (three
// entries), preload (sandboxed, so CommonJS) and renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * Production Content-Security-Policy, injected into index.html at build time only (the dev server needs
 * its HMR socket). No eval, no remote origins; `ws://127.0.0.1:*` is the browser-mode RPC socket.
 * `style-src 'unsafe-inline'` is needed for the style attributes Svelte and svelte-sonner set.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function injectCsp(): Plugin {
  return {
    name: 'bucketscope:inject-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP }, injectTo: 'head-prepend' },
      ],
    },
  };
}

/**
 * Main-process entries. `index` is Electron's; `web` (browser mode) and `serve` (headless) run under plain
 * Node and must never import 'electron' (test/integration/packaging checks the built files and starts web.js).
 */
const mainEntries = {
  index: resolve(root, 'electron/main/index.ts'),
  web: resolve(root, 'electron/main/web.ts'),
  serve: resolve(root, 'electron/main/serve.ts'),
};

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Production dependencies stay in node_modules (electron-builder packs them); the rest is bundled.
      externalizeDeps: true,
      sourcemap: false,
      rollupOptions: { input: mainEntries },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only 'electron' and a few polyfills: bundle everything else (zod, the
      // contract) into one CommonJS file. https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts
      externalizeDeps: false,
      sourcemap: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [svelte(), injectCsp()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});

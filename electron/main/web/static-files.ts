// Serves the built renderer to browser mode. Only files under `root`; everything else is a 404.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf, rendererFile } from './renderer-files.ts';


/** The page's CSP, the same policy the build writes into index.html's meta tag. */
export const BROWSER_MODE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'";

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = rendererFile(root, new URL(req.url ?? '/', 'http://x').pathname);
  if (!file) return notFound(res);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFound(res);
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': info.size,
    'Content-Security-Policy': BROWSER_MODE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
}

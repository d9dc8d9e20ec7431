// Serves the built renderer from `app://bucketscope/` instead of file://: the page gets a real origin
// (so the IPC sender check and CSP 'self' mean something) and can read nothing outside out/renderer.
// https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
import { pathToFileURL } from 'node:url';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './web-guards.ts';
import { contentTypeOf, rendererFile } from '../web/renderer-files.ts';

/** Must be registered before app 'ready' (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Maps an app:// request to a file under `rendererDir`, or undefined when the request is for another
 * host or would escape the directory (`..`, encoded separators, absolute paths).
 */
export function resolveAppRequest(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  return rendererFile(rendererDir, url.pathname);
}

/** The pieces of Electron's `protocol` and `net` the handler needs (passed in by index.ts). */
export interface ProtocolDeps {
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
  fetchFile(fileUrl: string): Promise<Response>;
}

export function registerAppProtocol(deps: ProtocolDeps, rendererDir: string): void {
  deps.handle(APP_SCHEME, async (request) => {
    const file = resolveAppRequest(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const response = await deps.fetchFile(pathToFileURL(file).toString());
      if (response.ok) {
        return new Response(response.body, {
          status: 200,
          headers: { 'content-type': contentTypeOf(file), 'x-content-type-options': 'nosniff' },
        });
      }
    } catch {
      // net.fetch rejects for a missing file; the page gets a plain 404 either way.
    }
    return new Response('Not found', { status: 404 });
  });
}

// Where the rest of the renderer gets its client. `connect()` picks the transport once at start-up;
// tests and the dev fake mode call `setApi()` instead.
import { createClient, type ApiClient } from './client.ts';
import { ElectronTransport } from './electron-transport.ts';
import { WsTransport } from './ws-transport.ts';
import { browserFiles } from './browser-files.ts';
import { takeToken } from './token.ts';

export type { ApiClient, FileAccess, UploadTarget } from './client.ts';
export { createClient, unwrap } from './client.ts';

let current: ApiClient | undefined;

export function setApi(api: ApiClient): void {
  current = api;
}

export function getApi(): ApiClient {
  if (!current) current = connect();
  return current;
}

/** Electron when preload exposed its bridge, otherwise the browser-mode WebSocket. */
export function connect(onSocket?: (transport: WsTransport) => void): ApiClient {
  const bridge = window.bucketscope;
  if (bridge) {
    return createClient(new ElectronTransport(bridge), 'electron', {
      pathForFile: (file) => bridge.getPathForFile?.(file) || undefined,
      downloadUrl: () => undefined,
    });
  }
  const token = takeToken() ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = new WsTransport(`${scheme}://${location.host}/rpc?token=${encodeURIComponent(token)}`);
  onSocket?.(transport);
  return createClient(transport, 'browser', browserFiles(token));
}

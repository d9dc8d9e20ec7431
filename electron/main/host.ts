// Composition root: builds every service with plain constructors. Runs under plain Node (browser mode,
// headless, tests) as well as inside Electron, which passes its platform adapters in `options`.
import { randomUUID } from 'node:crypto';
import type { AppApi } from '../shared/contract.ts';
import type { Dispatch } from './rpc/dispatcher.ts';
import { createDispatcher } from './rpc/dispatcher.ts';
import { EventHub } from './rpc/event-hub.ts';
import type { BrowserTransfers } from './web/transfer-endpoints.ts';

export interface HostOptions {
  /** Absolute directory for settings, secrets, embedded-server data and the timeline. */
  dataDir: string;
  mode: 'electron' | 'browser';
  version: string;
  /** Electron passes a safeStorage-backed store; plain Node uses the AES-GCM key file (weaker, documented). */
  secretStore?: unknown;
  /** Embedded server port; 0 = any free port. */
  localServerPort?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
}

export interface Host {
  api: AppApi;
  dispatch: Dispatch;
  hub: EventHub;
  /** Upload/download by stream, for browser mode's HTTP endpoints. */
  transfers: BrowserTransfers;
  close(): Promise<void>;
}

export const HOST_INSTANCE = randomUUID();
export { createDispatcher, EventHub };

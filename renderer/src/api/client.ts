// The typed client: one function per METHODS row, each unwrapping the RpcResponse envelope into its result
// or a thrown AppError. Push events are de-duplicated by sequence number, and after a reconnect the client
// asks main for the events it missed (DESIGN.md §3).
import { METHODS, type AppApi, type MethodId, type ObjectRef, type PushEvent } from '../../../electron/shared/contract.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';
import type { TransferDto } from '../../../electron/shared/dto.ts';
import { AppError } from '../../../electron/shared/errors.ts';
import type { Transport } from './transport.ts';

export type ApiMode = 'electron' | 'browser' | 'fake';

export interface UploadTarget {
  connectionId: string;
  bucket: string;
  key: string;
}

/** Object bodies never travel through RPC: these are the transport-specific ways to move files. */
export interface FileAccess {
  /** Browser mode: stream a File to the loopback upload endpoint. */
  /** Resolves with the server's TransferDto for the upload when it sends one. */
  upload?(target: UploadTarget, file: File, onProgress: (loaded: number, total: number) => void, signal: AbortSignal): Promise<TransferDto | undefined>;
  /** Electron: the local path of a dropped or picked file, so main can read it itself. */
  pathForFile?(file: File): string | undefined;
  /** A URL the window can navigate to for a download, or undefined when the transport has none. */
  downloadUrl(ref: ObjectRef): string | undefined;
  /**
   * Browser mode: downloads a folder or selection as one zip (keys ending in `/` are folders; `objects` omitted
   * means everything under `prefix`). Resolves once the browser has been handed the link.
   */
  downloadZip?(selection: ZipSelection): Promise<void>;
}

export interface ZipSelection {
  connectionId: string;
  bucket: string;
  prefix: string;
  objects?: { key: string; versionId?: string | undefined }[] | undefined;
}

export type ApiClient = AppApi & {
  readonly mode: ApiMode;
  /** Subscribe to push events; returns the unsubscribe function. */
  onEvent(listener: (event: PushEvent) => void): () => void;
  readonly files: FileAccess;
};

export function unwrap<T>(response: RpcResponse<T>): T {
  if (response.ok) return response.result;
  throw new AppError(response.error);
}

type Fn = (input?: unknown) => Promise<unknown>;

export function createClient(transport: Transport, mode: ApiMode, files: FileAccess): ApiClient {
  const namespaces: Record<string, Record<string, Fn>> = {};
  for (const method of Object.keys(METHODS) as MethodId[]) {
    const [ns, name] = method.split('.') as [string, string];
    (namespaces[ns] ??= {})[name] = async (input?: unknown) => {
      let response: RpcResponse;
      try {
        response = await transport.invoke(method, input);
      } catch (err) {
        // A transport failure (closed socket, missing bridge) becomes an AppError like any other.
        if (err instanceof AppError) throw err;
        throw new AppError({
          code: 'Unavailable',
          message: err instanceof Error ? err.message : String(err),
          hint: 'The connection to the Bucketscope process was lost; it reconnects automatically.',
        });
      }
      return unwrap(response);
    };
  }

  const listeners = new Set<(event: PushEvent) => void>();
  let lastSeq = 0;
  const deliver = (event: PushEvent) => {
    if (event.seq <= lastSeq) return;
    lastSeq = event.seq;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error('push event listener failed', err);
      }
    }
  };
  transport.subscribe(deliver);
  transport.onReconnect?.(() => {
    if (lastSeq === 0) return;
    const app = namespaces.app as unknown as AppApi['app'];
    app.missedEvents({ afterSeq: lastSeq }).then(
      (events) => events.sort((a, b) => a.seq - b.seq).forEach(deliver),
      (err) => console.warn('could not fetch missed events', err),
    );
  });

  return Object.assign(namespaces as unknown as AppApi, {
    mode,
    files,
    onEvent(listener: (event: PushEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  }) as ApiClient;
}

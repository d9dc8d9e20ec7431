// One cached S3Client per connection. A client is rebuilt when its connection is saved again (`invalidate`),
// so edits take effect on the next call, and destroyed (sockets closed) when dropped.
//
// Constructor: new S3ClientPool({ resolve, tuning? })
//   resolve  looks a connection up with its credentials (ConnectionStore.resolve)
//   tuning   retry / timeout settings for every client (tests shorten them)
import type { S3Client } from '@aws-sdk/client-s3';
import type { ResolvedConnection } from '../connections/connection-store.ts';
import { createS3Client, type ClientTuning } from './create-client.ts';

export interface ConnectedClient {
  client: S3Client;
  connection: ResolvedConnection;
}

/** What services need from the pool; tests may pass their own. */
export interface ClientProvider {
  get(connectionId: string): Promise<ConnectedClient>;
}

export interface S3ClientPoolOptions {
  resolve: (connectionId: string) => Promise<ResolvedConnection>;
  tuning?: ClientTuning;
}

export class S3ClientPool implements ClientProvider {
  readonly #resolve: S3ClientPoolOptions['resolve'];
  readonly #tuning: ClientTuning;
  readonly #clients = new Map<string, Promise<ConnectedClient>>();

  constructor(options: S3ClientPoolOptions) {
    this.#resolve = options.resolve;
    this.#tuning = options.tuning ?? {};
  }

  get(connectionId: string): Promise<ConnectedClient> {
    let entry = this.#clients.get(connectionId);
    if (!entry) {
      entry = this.#resolve(connectionId).then((connection) => ({ connection, client: createS3Client(connection, this.#tuning) }));
      // A failed lookup (unknown id, missing secret) is not cached: the next call tries again.
      const pending = entry;
      pending.catch(() => {
        if (this.#clients.get(connectionId) === pending) this.#clients.delete(connectionId);
      });
      this.#clients.set(connectionId, pending);
    }
    return entry;
  }

  /** Drops the cached client of a connection that was edited or removed. */
  invalidate(connectionId: string): void {
    const entry = this.#clients.get(connectionId);
    this.#clients.delete(connectionId);
    void entry?.then(({ client }) => client.destroy()).catch(() => undefined);
  }

  /** Closes every client (host shutdown). */
  destroy(): void {
    for (const id of [...this.#clients.keys()]) this.invalidate(id);
  }

  /** A client for a one-off call (testing unsaved input); the caller destroys it. */
  createDetached(connection: ResolvedConnection, tuning: ClientTuning = {}): S3Client {
    return createS3Client(connection, { ...this.#tuning, ...tuning });
  }
}

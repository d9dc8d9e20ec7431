// Real server notifications for remote connections, wired to what the user chose per connection
// (ConnectionDto.eventSource, DESIGN.md §4):
// - the loopback webhook receiver runs for the whole session on a port that stays the same across restarts
//   and with a bearer token kept in the secret store — a server is configured with that URL once;
// - 'webhook' connections are watched by the correlator: their app actions expect delivered events
//   (latency, or "missing" after a while) instead of producing observed ones;
// - 'minio-listen' connections follow MinIO's ListenNotification for each bucket that has triggers; only
//   those buckets are watched (actions elsewhere stay observed), and a stream that cannot start says why.
// `sync()` re-reads connections and triggers; the host calls it when either changes.
import { randomBytes } from 'node:crypto';
import type { ConnectionDto, ListenStatus, WebhookReceiverStatus } from '../../shared/dto.ts';
import type { ResolvedConnection } from '../connections/connection-store.ts';
import type { SecretStore } from '../connections/secret-store.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { TriggerEngine } from './engine.ts';
import type { MinioListener } from './sources/minio-listen.ts';

export const WEBHOOK_PORT_SETTING = 'webhookReceiver.port';
export const WEBHOOK_TOKEN_SECRET = 'webhook-receiver:token';

export interface RemoteEventSourcesOptions {
  engine: TriggerEngine;
  connections: { list(): Promise<ConnectionDto[]>; resolve(id: string): Promise<ResolvedConnection> };
  settings: SettingsStore;
  secrets: SecretStore;
  /** Something changed that the server status shows (receiver started, a stream started or failed). */
  onStatusChange?: () => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** A stream that could not start (server down, not MinIO) is tried again after this long (default 15 s). */
  listenRetryMs?: number;
}

interface Listening extends ListenStatus {
  /** Connection settings the stream was opened with: a change restarts it. */
  fingerprint: string;
  listener?: MinioListener;
  retry?: NodeJS.Timeout;
}

export class RemoteEventSources {
  readonly #o: RemoteEventSourcesOptions;
  #token = '';
  #receiverError: string | undefined;
  /** Event source of each remote connection as of the last sync (what the correlator watch follows). */
  #kinds = new Map<string, ConnectionDto['eventSource']>();
  #listening = new Map<string, Listening>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: RemoteEventSourcesOptions) {
    this.#o = options;
  }

  /**
   * Starts the receiver on the remembered port (the first start remembers whichever free port it got).
   * A taken port does not stop the app: the receiver runs on a free one for this session and the status
   * says that servers configured with the old URL cannot deliver.
   */
  async start(): Promise<void> {
    const { engine, settings, secrets } = this.#o;
    let token = await secrets.get(WEBHOOK_TOKEN_SECRET);
    if (token === undefined || token === '') {
      token = randomBytes(24).toString('base64url');
      await secrets.set(WEBHOOK_TOKEN_SECRET, token);
    }
    this.#token = token;
    await this.sync(); // who takes deliveries is known before the first one can arrive
    const remembered = settings.get<number>(WEBHOOK_PORT_SETTING);
    // Only connections that chose the webhook take deliveries (an observed one would get each event twice).
    const refuse = (connectionId: string): string | undefined => {
      const kind = this.#kinds.get(connectionId);
      if (kind === 'webhook') return undefined;
      return kind === undefined
        ? `No connection "${connectionId}" takes webhook deliveries (removed, or not a Bucketscope connection id)`
        : `Connection "${connectionId}" gets its events by '${kind}', not by webhook: choose Webhook in its settings`;
    };
    try {
      try {
        await engine.startWebhookReceiver({ port: remembered ?? 0, token, refuse });
      } catch (err) {
        if (remembered === undefined) throw err;
        await engine.startWebhookReceiver({ port: 0, token, refuse });
        const port = new URL(engine.webhookReceiver!.urlFor('x')).port;
        this.#receiverError =
          `Port ${remembered} (the receiver's usual port) is in use (${(err as Error).message}); receiving on port ${port} ` +
          `for this session. Servers configured with the usual URL cannot deliver until port ${remembered} is free and Bucketscope restarts.`;
        this.#o.log?.('warn', this.#receiverError);
      }
      if (remembered === undefined) settings.set(WEBHOOK_PORT_SETTING, Number(new URL(engine.webhookReceiver!.urlFor('x')).port));
    } catch (err) {
      this.#receiverError = `Webhook receiver failed to start: ${(err as Error).message}`;
      this.#o.log?.('error', this.#receiverError);
    }
    this.#o.onStatusChange?.();
  }

  status(): WebhookReceiverStatus {
    const receiver = this.#o.engine.webhookReceiver;
    const baseUrl = receiver !== undefined ? new URL(receiver.urlFor('x')).origin : '';
    return {
      running: receiver !== undefined,
      baseUrl,
      endpoint: baseUrl === '' ? '' : `${baseUrl}/events/{connectionId}`,
      tokenHint: this.#token === '' ? '' : `••••${this.#token.slice(-4)}`,
      ...(this.#receiverError !== undefined ? { error: this.#receiverError } : {}),
    };
  }

  token(): string {
    return this.#token;
  }

  /** ListenNotification streams and their state. */
  listens(): ListenStatus[] {
    return [...this.#listening.values()].map(({ connectionId, bucket, state, error }) => ({ connectionId, bucket, state, ...(error !== undefined ? { error } : {}) }));
  }

  /** Re-reads connections and triggers (serialised: one sync at a time, in call order). */
  sync(): Promise<void> {
    const next = this.#queue.then(() => this.#sync());
    this.#queue = next.catch((err: unknown) => this.#o.log?.('error', `Event sources: ${(err as Error).message}`));
    return this.#queue;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    for (const entry of this.#listening.values()) {
      entry.listener?.stop();
      clearTimeout(entry.retry);
    }
    this.#listening.clear();
  }

  async #sync(): Promise<void> {
    if (this.#closed) return;
    const { engine } = this.#o;
    const connections = (await this.#o.connections.list()).filter((c) => !c.builtin);

    // Which streams should exist: one per (MinIO-listen connection, bucket with an enabled trigger).
    const wanted = new Map<string, { connection: ResolvedConnection; bucket: string; fingerprint: string }>();
    for (const c of connections.filter((c) => c.eventSource === 'minio-listen')) {
      const buckets = new Set(engine.triggers.list({ connectionId: c.id }).filter((t) => t.enabled).map((t) => t.bucket));
      if (buckets.size === 0) continue;
      let resolved: ResolvedConnection;
      try {
        resolved = await this.#o.connections.resolve(c.id);
      } catch {
        continue; // no stored secret: the connection cannot sign anything yet
      }
      const fingerprint = JSON.stringify([resolved.endpoint, resolved.region, resolved.accessKeyId, resolved.secretAccessKey, resolved.sessionToken ?? '', resolved.caCertificate ?? '']);
      for (const bucket of buckets) wanted.set(slot(c.id, bucket), { connection: resolved, bucket, fingerprint });
    }
    for (const [key, entry] of this.#listening) {
      if (wanted.get(key)?.fingerprint === entry.fingerprint && entry.state !== 'failed') continue;
      entry.listener?.stop();
      clearTimeout(entry.retry);
      this.#listening.delete(key);
    }
    for (const [key, want] of wanted) {
      if (!this.#listening.has(key)) this.#open(key, want.connection, want.bucket, want.fingerprint);
    }

    const before = [...this.#kinds.keys()];
    this.#kinds = new Map(connections.map((c) => [c.id, c.eventSource]));
    for (const id of new Set([...before, ...this.#kinds.keys()])) this.#applyWatch(id);
    this.#o.onStatusChange?.();
  }

  /** Opens a stream without holding up the sync (a server that never answers must not block the others). */
  #open(key: string, connection: ResolvedConnection, bucket: string, fingerprint: string): void {
    const entry: Listening = { connectionId: connection.id, bucket, state: 'starting', fingerprint };
    this.#listening.set(key, entry);
    this.#o.engine
      .listenMinio({
        connectionId: connection.id,
        endpoint: connection.endpoint,
        region: connection.region,
        accessKeyId: connection.accessKeyId,
        secretAccessKey: connection.secretAccessKey,
        sessionToken: connection.sessionToken,
        caCertificate: connection.caCertificate,
        bucket,
      })
      .then(
        (listener) => {
          if (this.#closed || this.#listening.get(key) !== entry) {
            listener.stop();
            // listenMinio watched the whole connection: put back what the connection's choice says.
            if (!this.#closed) this.#applyWatch(connection.id);
            return;
          }
          entry.listener = listener;
          entry.state = 'listening';
        },
        (err: unknown) => {
          if (this.#listening.get(key) !== entry) return;
          entry.state = 'failed';
          entry.error = (err as Error).message;
          this.#o.log?.('warn', `ListenNotification ${connection.name}/${bucket} failed: ${entry.error}`);
          // The server may just not be up yet: the next sync opens the stream again.
          entry.retry = setTimeout(() => void this.sync(), this.#o.listenRetryMs ?? 15_000);
          entry.retry.unref();
        },
      )
      .finally(() => {
        if (this.#closed || this.#listening.get(key) !== entry) return;
        this.#applyWatch(connection.id);
        this.#o.onStatusChange?.();
      });
  }

  /**
   * Who expects delivered events. A webhook connection always does (an event that never comes is what the
   * user wants to learn about); a MinIO one only on buckets whose stream is open; the others observe.
   */
  #applyWatch(connectionId: string): void {
    const { correlator } = this.#o.engine;
    const kind = this.#kinds.get(connectionId);
    if (kind === 'webhook') correlator.watch(connectionId, true);
    else if (kind === 'minio-listen') {
      const open = [...this.#listening.values()].filter((e) => e.connectionId === connectionId && e.state === 'listening').map((e) => e.bucket);
      correlator.watch(connectionId, true, open, 'minio-listen');
    } else correlator.watch(connectionId, false);
  }
}

function slot(connectionId: string, bucket: string): string {
  return `${connectionId}\u0000${bucket}`;
}

// The trigger engine assembled: stores (functions, triggers, dead letters, timeline), the function
// runner and the dispatcher. Host, headless mode, tests and the benchmark build it the same way; the
// services in ../services are thin views over it.
import type { BucketEvent } from '../../shared/bucket-event.ts';
import { AppError } from '../../shared/errors.ts';
import type { ActionRecord } from '../../shared/timeline.ts';
import { LOCAL_CONNECTION_ID } from '../../shared/triggers.ts';
import type { ActionResponseInfo } from '../s3-client/action-recorder.ts';
import { TimelineActionRecorder } from '../timeline/action-recorder.ts';
import { FunctionRunner } from '../functions/function-runner.ts';
import { FunctionStore } from '../functions/function-store.ts';
import type { ServerAccess } from '../functions/handler-env.ts';
import { TimelineStore } from '../timeline/timeline-store.ts';
import { DeadLetterStore } from './dead-letter-store.ts';
import { Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import { deliveredEventName } from '../../shared/event-names.ts';
import { ruleMatches } from '../../shared/trigger-filter.ts';
import { LocalNotificationSync, type NotificationSource } from './notification-sync.ts';
import { LocalServerSource } from './sources/local-server-source.ts';
import { observedEvent, observedEventType } from './sources/observed-event.ts';
import { Correlator, type Expectation } from './sources/correlator.ts';
import { MinioListener, type MinioListenOptions } from './sources/minio-listen.ts';
import { WebhookReceiver } from './sources/webhook-receiver.ts';
import { TriggerStore } from './trigger-store.ts';

/** The error of a run in progress when its function is deleted (it is neither retried nor dead-lettered). */
export const FUNCTION_DELETED_DURING_RUN = 'Stopped: the function was deleted while this run was in progress';

export interface TriggerEngineOptions extends Omit<DispatcherOptions, 'endpoint'> {
  /** Where triggers.json, functions.json, dead-letters.json and timeline.ndjson live; omitted = memory only. */
  dataDir?: string | undefined;
  /** Warm instance idle time before it is ended. */
  idleMs?: number;
  /** Records the timeline keeps (default 50,000). */
  timelineMax?: number;
  /** An existing timeline (the host may own one shared with action recording). */
  timeline?: TimelineStore;
  /** Where warnings go (unknown function ARNs in a notification configuration, write-back failures). */
  warn?: (message: string) => void;
  /** An expected server-delivered event that has not arrived after this long is flagged missing (default 10 s). */
  missingAfterMs?: number;
}

/** What the engine needs of the embedded server (local-server/index.ts LocalServer). */
export interface EmbeddedServer extends NotificationSource {
  readonly endpoint: string;
  readonly region: string;
  onEvent(listener: (event: BucketEvent) => void): () => void;
}

export class TriggerEngine {
  readonly functions: FunctionStore;
  readonly triggers: TriggerStore;
  readonly deadLetters: DeadLetterStore;
  readonly timeline: TimelineStore;
  readonly runner: FunctionRunner;
  readonly dispatcher: Dispatcher;
  /** The S3 layer's ActionRecorder: app actions into the timeline, their responses into events. */
  readonly actions: TimelineActionRecorder;
  /** Feed the embedded server's events here: `server.onEvent(engine.localServer.listener)`. */
  readonly localServer: LocalServerSource;
  readonly notificationSync: LocalNotificationSync;
  /** Expected server-delivered events of watched connections (webhook receiver, MinIO listen). */
  readonly correlator: Correlator;
  private webhook: WebhookReceiver | undefined;
  private listeners = new Set<MinioListener>();
  private server: ServerAccess | undefined;
  private readonly warn: (message: string) => void;
  private readonly defaultDialect: 'cos' | 's3';
  private detachServer: (() => void) | undefined;

  constructor(opts: TriggerEngineOptions = {}) {
    this.functions = new FunctionStore(opts.dataDir);
    this.triggers = new TriggerStore(opts.dataDir, this.functions);
    this.deadLetters = new DeadLetterStore(opts.dataDir);
    this.timeline = opts.timeline ?? new TimelineStore({ dataDir: opts.dataDir, ...(opts.timelineMax !== undefined ? { max: opts.timelineMax } : {}) });
    this.runner = new FunctionRunner({ ...(opts.idleMs !== undefined ? { idleMs: opts.idleMs } : {}), serverAccess: () => this.server });
    this.dispatcher = new Dispatcher(
      { triggers: this.triggers, functions: this.functions, runner: this.runner, timeline: this.timeline, deadLetters: this.deadLetters },
      { ...opts, endpoint: () => this.server?.endpoint },
    );
    // New settings: the next execution starts cold, and one in progress finishes as it began (dropping it
    // killed the run, which failed as 'Handler ended its worker (process.exit(1))' and was retried, so the
    // handler ran twice). A removed function's instances end at once.
    this.functions.onChange((id) =>
      this.functions.get(id) !== undefined ? this.runner.retire(id) : this.runner.drop(id, FUNCTION_DELETED_DURING_RUN),
    );
    this.actions = new TimelineActionRecorder(this.timeline, (action, info) => this.onActionEnded(action, info));
    this.localServer = new LocalServerSource(LOCAL_CONNECTION_ID, this.timeline, (connectionId, event) => this.handle(connectionId, event));
    const warn = opts.warn ?? ((m: string) => console.warn(`bucketscope: ${m}`));
    this.warn = warn;
    this.defaultDialect = opts.defaultDialect ?? 'cos';
    this.correlator = new Correlator(opts.missingAfterMs ?? 10_000, (e) => this.recordMissing(e));
    this.notificationSync = new LocalNotificationSync({
      triggers: this.triggers,
      functions: this.functions,
      serverAccess: () => this.server,
      warn,
    });
  }

  /**
   * Connects the embedded server: its events run triggers, handlers get its endpoint and these
   * credentials, and its bucket notification configurations are the local connection's triggers.
   */
  attachServer(server: EmbeddedServer, credentials: { accessKeyId: string; secretAccessKey: string }): void {
    this.detachServer?.();
    this.setServerAccess({ endpoint: server.endpoint, region: server.region, ...credentials });
    const off = server.onEvent(this.localServer.listener);
    this.notificationSync.attach(server);
    this.detachServer = () => {
      off();
      this.notificationSync.detach();
      this.detachServer = undefined;
    };
  }

  /**
   * Starts the loopback receiver for real server notifications. Connections passed to
   * `correlator.watch` expect their events (flagged missing after `missingAfterMs`) instead of getting
   * observed ones.
   */
  async startWebhookReceiver(
    opts: { port?: number; token?: string | undefined; refuse?: (connectionId: string) => string | undefined } = {},
  ): Promise<WebhookReceiver> {
    if (this.webhook !== undefined) return this.webhook;
    const receiver = new WebhookReceiver({
      ...opts,
      correlator: this.correlator,
      onEvent: (connectionId, event, latencyMs) => this.dispatcher.handle(connectionId, event, { latencyMs }),
    });
    await receiver.start();
    this.webhook = receiver;
    return receiver;
  }

  get webhookReceiver(): WebhookReceiver | undefined {
    return this.webhook;
  }

  /**
   * Follows a MinIO bucket's ListenNotification stream: real server events, correlated with the app's
   * actions on that connection (which is watched from now on). `stop()` the returned listener to end it.
   */
  async listenMinio(opts: Omit<MinioListenOptions, 'onEvent' | 'onError'>): Promise<MinioListener> {
    const listener = new MinioListener({
      ...opts,
      onEvent: (connectionId, event) => {
        event.source = 'minio-listen';
        const arrivedAt = Date.now();
        // A stream can deliver before the app has read the response that caused the event: wait briefly.
        void this.correlator.claimOrWait(connectionId, event, 1000).then((exp) => {
          if (exp !== undefined) event.actionId = exp.actionId;
          this.dispatcher.handle(connectionId, event, { latencyMs: exp !== undefined ? Math.max(0, arrivedAt - exp.respondedAt) : undefined });
        });
      },
      onError: (err) => this.warn(`ListenNotification ${opts.connectionId}/${opts.bucket}: ${err.message}`),
    });
    await listener.start();
    this.listeners.add(listener);
    this.correlator.watch(opts.connectionId, true, undefined, 'minio-listen');
    return listener;
  }

  private onActionEnded(action: ActionRecord, info: ActionResponseInfo): void {
    // The embedded server emits its own events; failed actions fire none.
    if (action.result !== 'ok' || action.connectionId === LOCAL_CONNECTION_ID) return;
    const respondedAt = Date.now();
    for (const object of info.objects ?? []) {
      const input = { ...object, operation: action.operation, bucket: action.bucket, requestId: info.requestId, actionId: action.actionId };
      if (this.correlator.isWatched(action.connectionId, action.bucket)) {
        const type = observedEventType(input);
        if (type !== undefined) {
          this.correlator.expect({ connectionId: action.connectionId, actionId: action.actionId, type, bucket: action.bucket, key: object.key, respondedAt });
        }
        continue;
      }
      const event = observedEvent(input);
      if (event !== undefined) this.handle(action.connectionId, event);
    }
  }

  private recordMissing(e: Expectation): void {
    // Spelled as a delivered one would have been: the matching trigger's dialect, else the default.
    const trigger = this.triggers.active(e.connectionId, e.bucket).find((t) => ruleMatches(t, e.type, e.key));
    this.timeline.append({
      type: 'event',
      eventId: `missing-${e.actionId}-${e.key}`,
      eventName: deliveredEventName(e.type, trigger?.format ?? this.defaultDialect),
      bucket: e.bucket,
      key: e.key,
      source: this.correlator.sourceOf(e.connectionId),
      connectionId: e.connectionId,
      actionId: e.actionId,
      missing: true,
    });
  }

  /** The embedded server handlers talk to (endpoint + credentials in their environment). */
  setServerAccess(server: ServerAccess | undefined): void {
    this.server = server;
  }

  get serverAccess(): ServerAccess | undefined {
    return this.server;
  }

  /** Entry point for every event source. */
  handle(connectionId: string, event: BucketEvent): void {
    this.dispatcher.handle(connectionId, event);
  }

  removeFunction(id: string): void {
    const users = this.triggers.usingFunction(id);
    if (users.length > 0) {
      throw new AppError({
        code: 'Conflict',
        message: `The function is run by ${users.length === 1 ? 'a trigger' : `${users.length} triggers`} (${users
          .map((t) => `${t.bucket}: ${t.name !== '' ? t.name : t.events.join(', ')}`)
          .join('; ')}); delete ${users.length === 1 ? 'it' : 'them'} first`,
      });
    }
    this.functions.remove(id);
  }

  redeliver(deadLetterId: string): void {
    const letter = this.deadLetters.list().find((l) => l.id === deadLetterId);
    if (letter === undefined) throw new AppError({ code: 'NotFound', message: `No dead letter ${deadLetterId}` });
    // Kept, not consumed: a run of a deleted function fails at once and had nowhere to go but back to this list.
    if (this.functions.get(letter.functionId) === undefined) {
      throw new AppError({ code: 'InvalidInput', message: `${letter.function} was deleted: there is nothing left to redeliver this event to. Discard it.` });
    }
    const trigger = this.triggers.get(letter.triggerId) ?? {
      id: letter.triggerId,
      name: '',
      connectionId: '',
      bucket: letter.bucket,
      events: [],
      prefix: '',
      suffix: '',
      format: 'cos' as const,
      functionId: letter.functionId,
      enabled: true,
      createdAt: '',
    };
    this.deadLetters.take(deadLetterId);
    this.dispatcher.redeliver(letter, trigger);
  }

  /** Waits for running and scheduled deliveries. */
  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  async close(): Promise<void> {
    this.detachServer?.();
    for (const l of this.listeners) l.stop();
    this.correlator.close();
    await this.webhook?.close();
    this.dispatcher.close();
    this.runner.close();
    await this.timeline.flush();
  }
}

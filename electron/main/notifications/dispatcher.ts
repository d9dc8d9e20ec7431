// From a BucketEvent to executions: match the bucket's enabled triggers, format the payload in each
// trigger's dialect, record the event, run the function asynchronously, retry a failure twice with
// backoff, then park it in the dead-letter list. A recursion guard stops write-back loops.
import { randomUUID } from 'node:crypto';
import type { BucketEvent } from '../../shared/bucket-event.ts';
import type { ExecutionRecord, EventRecord } from '../../shared/timeline.ts';
import type { DeadLetterDto, Dialect, FunctionDto, TriggerDto } from '../../shared/triggers.ts';
import type { InvocationOutcome, InvocationRequest } from '../functions/types.ts';
import type { NewTimelineRecord, TimelineStore } from '../timeline/timeline-store.ts';
import type { DeadLetterStore } from './dead-letter-store.ts';
import { deliveredEventName } from '../../shared/event-names.ts';
import { ruleMatches } from '../../shared/trigger-filter.ts';
import { formatCosPayload } from './format-cos.ts';
import { DEFAULT_FORMAT_CONTEXT, type FormatContext } from './format-context.ts';
import { formatS3Payload } from './format-s3.ts';

export interface DispatcherOptions {
  /** Delay before each retry; its length is the number of retries (default two: 500 ms, 2 s). */
  retryDelaysMs?: number[];
  /** Longest chain of function-caused events that still runs functions (default 3). */
  maxChainDepth?: number;
  /** Dialect for events no trigger matched (how the timeline spells them). */
  defaultDialect?: Dialect;
  /** Region, app id etc. of the emulated service. */
  formatContext?: Partial<FormatContext>;
  /** The embedded server endpoint, for COS `cosObject.url`. */
  endpoint?: () => string | undefined;
}

export interface DispatcherDeps {
  triggers: { active(connectionId: string, bucket: string): TriggerDto[] };
  functions: { get(id: string): FunctionDto | undefined };
  runner: { invoke(fn: FunctionDto, request: InvocationRequest): Promise<InvocationOutcome>; stop?(requestId: string, reason: string): boolean };
  timeline: TimelineStore;
  deadLetters: DeadLetterStore;
}

/** What the recursion guard knows about an action token handed to a running execution. */
interface ChainLink {
  depth: number;
  rootActionId: string | undefined;
  executionId: string;
  function: string;
}

interface Delivery {
  trigger: TriggerDto;
  functionId: string;
  eventId: string;
  eventName: string;
  bucket: string;
  key: string;
  payload: unknown;
  actionId: string | undefined;
  depth: number;
}

const ACTION_TOKEN_PREFIX = 'fx-';
const MAX_REMEMBERED = 100_000;

export class Dispatcher {
  private retryDelays: number[];
  private maxDepth: number;
  private readonly defaultDialect: Dialect;
  private readonly ctx: FormatContext;
  private chains = new Map<string, ChainLink>();
  private seen = new Set<string>();
  private inFlight = new Set<Promise<unknown>>();
  private timers = new Set<NodeJS.Timeout>();
  /** Deliveries running (or waiting for a free instance) or waiting to retry, with the attempt they are at. */
  private pending = new Map<Delivery, { attempt: number; running: { executionId: string; fn: FunctionDto; startedAt: number } | undefined }>();
  private closed = false;
  /** Test runs in progress: execution id -> function id (to stop them). */
  private tests = new Map<string, string>();

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly opts: DispatcherOptions = {},
  ) {
    this.retryDelays = opts.retryDelaysMs ?? [500, 2000];
    this.maxDepth = opts.maxChainDepth ?? 3;
    this.defaultDialect = opts.defaultDialect ?? 'cos';
    this.ctx = { ...DEFAULT_FORMAT_CONTEXT, ...opts.formatContext };
  }

  /** Records the event and starts its deliveries; returns at once (delivery is asynchronous). */
  handle(connectionId: string, event: BucketEvent, extra: { latencyMs?: number | undefined } = {}): EventRecord[] {
    if (this.closed) return [];
    // One event reaches the dispatcher once, even if a source repeats it (a webhook retried by its server).
    // Without a request id or sequencer an event cannot be told from the next write of the same key: keep it.
    if (event.requestId !== '' || event.sequencer !== '') {
      const identity = [connectionId, event.source, event.requestId, event.bucket, event.key, event.versionId, event.type, event.sequencer].join('\u0000');
      if (this.seen.has(identity)) return [];
      remember(this.seen, identity);
    }

    const link = event.actionId?.startsWith(ACTION_TOKEN_PREFIX) ? this.chains.get(event.actionId) : undefined;
    const depth = link !== undefined ? link.depth + 1 : 1;
    const actionId = link !== undefined ? link.rootActionId : event.actionId;
    const causedBy = link !== undefined ? { executionId: link.executionId, function: link.function, depth } : undefined;

    const matched = this.deps.triggers.active(connectionId, event.bucket).filter((t) => ruleMatches(t, event.type, event.key));
    const records: EventRecord[] = [];
    if (matched.length === 0) {
      records.push(
        this.recordEvent({
          eventId: randomUUID(),
          eventName: deliveredEventName(event.type, this.defaultDialect),
          event,
          connectionId,
          actionId,
          causedBy,
          latencyMs: extra.latencyMs,
        }),
      );
      return records;
    }
    // An event invokes a given function at most once, even if two triggers name it.
    const invoked = new Set<string>();
    for (const trigger of matched) {
      if (invoked.has(trigger.functionId)) continue;
      invoked.add(trigger.functionId);
      const fn = this.deps.functions.get(trigger.functionId);
      const payload = this.format(event, trigger, fn);
      const eventName = deliveredEventName(event.type, trigger.format);
      const record = this.recordEvent({ eventId: randomUUID(), eventName, event, connectionId, actionId, causedBy, trigger, payload, latencyMs: extra.latencyMs });
      records.push(record);
      const delivery: Delivery = {
        trigger,
        functionId: trigger.functionId,
        eventId: record.eventId,
        eventName,
        bucket: event.bucket,
        key: event.key,
        payload,
        actionId,
        depth,
      };
      if (depth > this.maxDepth) this.recordSkip(delivery, fn, link);
      else this.track(this.deliver(delivery, 1));
    }
    return records;
  }

  /** Runs a dead letter again from its first attempt (it is back in the list if it fails again). */
  redeliver(letter: DeadLetterDto, trigger: TriggerDto): void {
    this.track(
      this.deliver(
        {
          trigger,
          functionId: letter.functionId,
          eventId: letter.eventId,
          eventName: letter.eventName,
          bucket: letter.bucket,
          key: letter.key,
          payload: letter.payload,
          actionId: letter.actionId,
          depth: 1,
        },
        1,
      ),
    );
  }

  /**
   * One execution outside any trigger (the functions screen's test invocation): no retries. With `actionId`
   * the execution, and any event its own writes cause, go under that action like a real delivery's.
   */
  async invokeOnce(fn: FunctionDto, payload: unknown, eventId: string, actionId?: string, note = 'test invocation'): Promise<ExecutionRecord> {
    const executionId = randomUUID();
    this.tests.set(executionId, fn.id);
    let outcome: InvocationOutcome;
    try {
      outcome = await this.deps.runner.invoke(fn, { requestId: executionId, payload, actionToken: this.issueToken(executionId, fn.name, 1, actionId) });
    } finally {
      this.tests.delete(executionId);
    }
    return this.recordExecution({ executionId, eventId, fn, triggerId: '', attempt: 1, outcome, note, actionId });
  }

  /**
   * Ends the function's test runs in progress (a handler that hangs with a long timeout kept the Run button
   * spinning for up to 15 minutes). Deliveries from triggers are left alone. Returns how many were stopped.
   */
  stopTests(functionId: string): number {
    let stopped = 0;
    for (const [executionId, id] of this.tests) {
      if (id === functionId && this.deps.runner.stop?.(executionId, 'Stopped: you stopped this test run before it finished') === true) stopped += 1;
    }
    return stopped;
  }

  /** Settings changed at run time (retry backoff, recursion depth); applies to deliveries from now on. */
  setOptions(opts: Pick<DispatcherOptions, 'retryDelaysMs' | 'maxChainDepth'>): void {
    if (opts.retryDelaysMs !== undefined) this.retryDelays = [...opts.retryDelaysMs];
    if (opts.maxChainDepth !== undefined) this.maxDepth = opts.maxChainDepth;
  }

  /** Resolves when nothing is running or waiting to retry (tests, headless shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Stops delivering. A delivery still running or waiting to retry would be lost without a trace (its event
   * showed no execution after a restart): it goes to the dead-letter list, to be redelivered from the Problems tab.
   */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const [d, { attempt, running }] of this.pending) {
      const message = running !== undefined ? `The app closed while attempt ${attempt} ran` : `The app closed before attempt ${attempt} (a retry) ran`;
      if (running !== undefined) {
        const now = Date.now();
        this.recordExecution({
          executionId: running.executionId,
          eventId: d.eventId,
          fn: running.fn,
          triggerId: d.trigger.id,
          attempt,
          // How long it had run when the app closed (it read 0 ms).
          outcome: { status: 'error', error: { message }, logs: [], cold: false, handlerStartedAt: running.startedAt, durationMs: now - running.startedAt },
          note: 'interrupted by closing the app: moved to the dead-letter list',
          actionId: d.actionId,
        });
      }
      this.deadLetter(d, running?.fn, attempt, { status: 'error', error: { message: `${message}; redeliver it to run it now` } });
    }
    this.pending.clear();
  }

  private format(event: BucketEvent, trigger: TriggerDto, fn: FunctionDto | undefined): unknown {
    const ctx: FormatContext = {
      ...this.ctx,
      configurationId: trigger.name !== '' ? trigger.name : trigger.id,
      functionName: fn?.name ?? trigger.functionId,
      endpoint: event.source === 'embedded' ? this.opts.endpoint?.() : undefined,
    };
    return trigger.format === 'cos' ? formatCosPayload([event], ctx) : formatS3Payload(event, ctx);
  }

  private async deliver(d: Delivery, attempt: number): Promise<void> {
    const fn = this.deps.functions.get(d.functionId);
    const executionId = randomUUID();
    let outcome: InvocationOutcome;
    this.pending.set(d, { attempt, running: fn !== undefined ? { executionId, fn, startedAt: Date.now() } : undefined });
    try {
      outcome = await this.attempt(d, fn, executionId, attempt);
    } finally {
      if (!this.closed) this.pending.delete(d);
    }
    if (this.closed) return; // the app is stopping: its killed instances are not the handler's failures
    // Deleted before or during this attempt: nothing left to retry or to redeliver to later.
    const deleted = this.deps.functions.get(d.functionId) === undefined;
    const retriesLeft = !deleted && outcome.status !== 'success' && attempt <= this.retryDelays.length;
    const delay = this.retryDelays[attempt - 1] ?? 0;
    let note: string | undefined;
    if (outcome.status !== 'success' && deleted) note = 'the function was deleted: not retried';
    else if (outcome.status !== 'success') {
      // "next try (2 of 3) in 500 ms" (it read "retry 2 of 3" with two retries in all); "failed 3 times" (not "time(s)").
      note = retriesLeft
        ? `next try (${attempt + 1} of ${this.retryDelays.length + 1}) in ${delay} ms`
        : `failed ${attempt === 1 ? 'once' : `${attempt} times`}: moved to the dead-letter list`;
    }
    this.recordExecution({ executionId, eventId: d.eventId, fn, functionId: d.functionId, triggerId: d.trigger.id, attempt, outcome, note, actionId: d.actionId });
    if (outcome.status === 'success' || deleted) return;
    if (retriesLeft) {
      this.pending.set(d, { attempt: attempt + 1, running: undefined });
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.track(this.deliver(d, attempt + 1));
      }, delay);
      this.timers.add(timer);
      return;
    }
    this.deadLetter(d, fn, attempt, outcome);
  }

  private deadLetter(d: Delivery, fn: FunctionDto | undefined, attempts: number, outcome: Pick<InvocationOutcome, 'status' | 'error'>): void {
    this.deps.deadLetters.add({
      functionId: d.functionId,
      function: fn?.name ?? d.functionId,
      triggerId: d.trigger.id,
      eventId: d.eventId,
      eventName: d.eventName,
      bucket: d.bucket,
      key: d.key,
      payload: d.payload,
      attempts,
      lastStatus: outcome.status,
      ...(outcome.error ? { lastError: outcome.error.message } : {}),
      failedAt: new Date().toISOString(),
      ...(d.actionId !== undefined ? { actionId: d.actionId } : {}),
    });
  }

  /** One attempt: the function's outcome (an error outcome when the function is gone). */
  private async attempt(d: Delivery, fn: FunctionDto | undefined, executionId: string, attempt: number): Promise<InvocationOutcome> {
    let outcome: InvocationOutcome;
    if (fn === undefined) {
      outcome = { status: 'error', error: { message: `The function (${d.functionId}) was deleted before this attempt` }, logs: [], cold: false, handlerStartedAt: Date.now(), durationMs: 0 };
    } else {
      const actionToken = this.issueToken(executionId, fn.name, d.depth, d.actionId);
      // Live only (not kept): lets the UI show a slow or hanging handler before its final record arrives.
      const running: NewTimelineRecord = {
        type: 'execution',
        executionId,
        eventId: d.eventId,
        function: fn.name,
        functionId: fn.id,
        triggerId: d.trigger.id,
        attempt,
        status: 'running',
        cold: false,
        startedAt: new Date().toISOString(),
        durationMs: 0,
        logs: [],
        ...(d.actionId !== undefined ? { actionId: d.actionId } : {}),
      };
      // Over the function's concurrency an execution waits for a slot: say so rather than show it running.
      // The runner says so synchronously, before its first await, so one announcement tells which it is.
      let waits = false;
      const invoking = this.deps.runner.invoke(fn, {
        requestId: executionId,
        payload: d.payload,
        actionToken,
        onWait: () => {
          waits = true;
          this.deps.timeline.announce({ ...running, note: `waiting: ${fn.name} runs ${fn.concurrency} at a time (its concurrency setting)` });
        },
        onStart: () => this.deps.timeline.announce({ ...running, startedAt: new Date().toISOString() }),
      });
      if (!waits) this.deps.timeline.announce(running);
      outcome = await invoking;
    }
    return outcome;
  }

  private recordSkip(d: Delivery, fn: FunctionDto | undefined, link: ChainLink | undefined): void {
    this.deps.timeline.append({
      type: 'execution',
      executionId: randomUUID(),
      eventId: d.eventId,
      function: fn?.name ?? d.functionId,
      functionId: d.functionId,
      triggerId: d.trigger.id,
      attempt: 0,
      status: 'skipped',
      cold: false,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      logs: [],
      note:
        `Recursion guard: not invoked. This event was caused by ${link?.function ?? 'a function'}'s own write ` +
        `(chain depth ${d.depth} > ${this.maxDepth}); a function writing into a bucket that triggers it loops forever. ` +
        'Write to another bucket or prefix, or narrow the trigger.',
      ...(d.actionId !== undefined ? { actionId: d.actionId } : {}),
    });
  }

  private recordEvent(r: {
    eventId: string;
    eventName: string;
    event: BucketEvent;
    connectionId: string;
    actionId: string | undefined;
    causedBy: EventRecord['causedBy'];
    trigger?: TriggerDto;
    payload?: unknown;
    latencyMs?: number | undefined;
  }): EventRecord {
    return this.deps.timeline.append({
      type: 'event',
      eventId: r.eventId,
      eventName: r.eventName,
      bucket: r.event.bucket,
      key: r.event.key,
      ...(r.event.versionId !== '' ? { versionId: r.event.versionId } : {}),
      source: r.event.source,
      connectionId: r.connectionId,
      ...(r.trigger !== undefined ? { triggerId: r.trigger.id, payload: r.payload } : {}),
      ...(r.actionId !== undefined ? { actionId: r.actionId } : {}),
      ...(r.causedBy !== undefined ? { causedBy: r.causedBy } : {}),
      ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
    }) as EventRecord;
  }

  private recordExecution(r: {
    executionId: string;
    eventId: string;
    fn: FunctionDto | undefined;
    functionId?: string;
    triggerId: string;
    attempt: number;
    outcome: InvocationOutcome;
    note: string | undefined;
    actionId: string | undefined;
  }): ExecutionRecord {
    const o = r.outcome;
    return this.deps.timeline.append({
      type: 'execution',
      executionId: r.executionId,
      eventId: r.eventId,
      function: r.fn?.name ?? r.functionId ?? '',
      functionId: r.fn?.id ?? r.functionId ?? '',
      triggerId: r.triggerId,
      attempt: r.attempt,
      status: o.status,
      cold: o.cold,
      ...(o.initDurationMs !== undefined ? { initDurationMs: o.initDurationMs } : {}),
      startedAt: new Date(o.handlerStartedAt).toISOString(),
      durationMs: Math.round(o.durationMs * 100) / 100,
      logs: o.logs,
      ...(o.result !== undefined ? { result: o.result } : {}),
      ...(o.resultClipped !== undefined ? { resultClipped: o.resultClipped } : {}),
      ...(o.error !== undefined ? { error: o.error.stack !== undefined ? { message: o.error.message, stack: o.error.stack } : { message: o.error.message } } : {}),
      ...(r.note !== undefined ? { note: r.note } : {}),
      ...(r.actionId !== undefined ? { actionId: r.actionId } : {}),
    }) as ExecutionRecord;
  }

  /** The action id a running execution's requests carry; events they cause link back to it. */
  private issueToken(executionId: string, fnName: string, depth: number, rootActionId: string | undefined): string {
    const token = `${ACTION_TOKEN_PREFIX}${executionId}`;
    this.chains.set(token, { depth, rootActionId, executionId, function: fnName });
    if (this.chains.size > MAX_REMEMBERED) this.chains.delete(this.chains.keys().next().value as string);
    return token;
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => console.error('dispatcher:', err)).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}

function remember(set: Set<string>, value: string): void {
  set.add(value);
  if (set.size > MAX_REMEMBERED) set.delete(set.values().next().value as string);
}

// What a Node worker and a Python process have in common as a warm instance: loading (with a time limit),
// one invocation at a time with its own timeout, settling it exactly once (result, timeout, crash or exit),
// and routing output lines to the invocation in progress or, before the first one, to the cold start.
// Subclasses start the runtime, feed its messages and output here, and say how to send and how to kill.
import { ACTION_ID_HEADER } from '../../shared/bucket-event.ts';
import {
  LogBuffer,
  logLine,
  type InstanceOptions,
  type InstanceOutcome,
  type InvocationRequest,
  type RuntimeInstance,
} from './types.ts';

export interface ErrorInfo {
  message: string;
  stack?: string | undefined;
}

/** The messages both bootstraps send (resources/runtime/node-worker.mjs and python-bootstrap.py). */
export type BootstrapMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: ErrorInfo }
  /**
   * The runtime is ending over an unhandled rejection or exception: in the invocation `requestId`, or between
   * invocations (null; `after` is the last one answered). Only the Node worker sends it.
   */
  | { type: 'crash'; requestId: string | null; after: string | null; error: ErrorInfo }
  | {
      type: 'log';
      requestId?: string | null | undefined;
      /** Printed between invocations, after this one had answered (a timer or a thread it left running). */
      after?: string | null | undefined;
      stream: 'stdout' | 'stderr';
      time: number;
      text: string;
    }
  | {
      type: 'result';
      requestId: string;
      ok: boolean;
      /** The handler ran out of memory (set by the Python bootstrap on MemoryError). */
      oom?: boolean;
      value?: unknown;
      error?: ErrorInfo;
      startedAt: number;
      endedAt: number;
    };

/**
 * The instance ended before it started this invocation (a previous one left a failing promise or timer
 * behind): the invocation is not at fault and may run on a new instance.
 */
export class InstanceLostError extends Error {
  override name = 'InstanceLostError';
}

/** How an invocation ends when the handler's own result does not say. */
export type EndedOutcome = Partial<InstanceOutcome> & Pick<InstanceOutcome, 'status'>;

interface Loading {
  resolve(initMs: number): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

interface Pending {
  requestId: string;
  logs: LogBuffer;
  resolve(outcome: InstanceOutcome): void;
  reject(err: InstanceLostError): void;
  timer: NodeJS.Timeout;
  sentAt: number;
}

/** Lines kept from before the first invocation. */
const MAX_INIT_LINES = 1000;
const DEFAULT_INIT_TIMEOUT_MS = 10_000;

export abstract class InstanceLifecycle implements RuntimeInstance {
  readonly ready: Promise<number>;
  private pending: Pending | undefined;
  private dead = false;
  /** Lines written while loading the module; they belong to the first invocation. */
  private initLogs: string[] = [];
  private loading: Loading;
  /** Why the runtime is ending, as it said itself, and whether it was during the invocation in progress. */
  private crash: { error: ErrorInfo; during: boolean } | undefined;

  constructor(opts: Pick<InstanceOptions, 'initTimeoutMs'>) {
    const initTimeoutMs = opts.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
    let loading!: Omit<Loading, 'timer'>;
    this.ready = new Promise<number>((resolve, reject) => (loading = { resolve, reject }));
    this.ready.catch(() => undefined);
    const timer = setTimeout(() => {
      loading.reject(new Error(`Handler did not load within ${initTimeoutMs} ms`));
      this.kill();
    }, initTimeoutMs);
    this.loading = { ...loading, timer };
  }

  /** Hands one request to the runtime. */
  protected abstract send(request: InvocationRequest): void;
  /** Ends the runtime for good (called once). */
  protected abstract terminate(): void;

  get alive(): boolean {
    return !this.dead;
  }

  /** Log lines printed while the module loaded (shown with the cold invocation). */
  takeInitLogs(): string[] {
    const lines = this.initLogs;
    this.initLogs = [];
    return lines;
  }

  invoke(request: InvocationRequest, timeoutMs: number): Promise<InstanceOutcome> {
    if (this.dead) return Promise.reject(new InstanceLostError(this.crash?.error.message ?? 'instance is dead'));
    return new Promise<InstanceOutcome>((resolve, reject) => {
      const logs = new LogBuffer();
      for (const line of this.takeInitLogs()) logs.push(line);
      const timer = setTimeout(() => {
        this.settle({ status: 'timeout', error: { message: `Task timed out after ${timeoutMs} ms` } });
        this.kill();
      }, timeoutMs);
      this.pending = { requestId: request.requestId, logs, resolve, reject, timer, sentAt: Date.now() };
      this.send(request);
    });
  }

  kill(reason?: string): void {
    if (this.dead) return;
    // Said before the runtime goes: its exit would otherwise read as the handler's own ('process.exit(1)').
    if (reason !== undefined) {
      this.settle({ status: 'error', error: { message: reason } });
      // Stopped while loading: the reason alone (the app's own stack means nothing to the handler's author).
      this.loadFailed(errorFrom({ message: reason }));
    }
    this.dead = true;
    this.terminate();
  }

  /**
   * A message from the bootstrap. Returns true when it was the result of the invocation in progress
   * (which is now settled); a result for any other request is ignored.
   */
  protected receive(msg: BootstrapMessage): boolean {
    if (msg.type === 'ready') {
      clearTimeout(this.loading.timer);
      this.loading.resolve(msg.initMs);
    } else if (msg.type === 'init-error') {
      this.loadFailed(errorFrom(msg.error));
    } else if (msg.type === 'crash') {
      // Ending: never hand it another invocation (its exit follows).
      this.dead = true;
      this.crash = { error: msg.error, during: msg.requestId !== null && msg.requestId === this.pending?.requestId };
    } else if (msg.type === 'log') {
      // Late output of an earlier run lands with the next run's lines (as on Lambda): say whose it is.
      const late = msg.after !== undefined && msg.after !== null && (msg.requestId === undefined || msg.requestId === null);
      const line = logLine(msg.time, msg.stream, late ? `[printed after the previous run had ended] ${msg.text}` : msg.text);
      if (this.pending && (msg.requestId === this.pending.requestId || late)) this.pending.logs.push(line);
      else if (this.initLogs.length < MAX_INIT_LINES) this.initLogs.push(line);
    } else if (msg.type === 'result' && this.pending?.requestId === msg.requestId) {
      const timing = { durationMs: msg.endedAt - msg.startedAt, handlerStartedAt: msg.startedAt };
      if (msg.ok) this.settle({ status: 'success', result: msg.value, ...timing });
      else this.settle({ status: msg.oom === true ? 'out-of-memory' : 'error', error: msg.error, ...timing });
      return true;
    }
    return false;
  }

  /** Output that bypassed the bootstrap's capture (native code, subprocesses): still the invocation's log. */
  protected rawOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    for (const text of chunk.toString('utf8').split('\n')) {
      if (text === '') continue;
      const line = logLine(Date.now(), stream, text);
      if (this.pending) this.pending.logs.push(line);
      else if (this.initLogs.length < MAX_INIT_LINES) this.initLogs.push(line);
    }
  }

  /** Loading failed (the instance may still be alive: its exit follows). */
  protected loadFailed(err: Error): void {
    clearTimeout(this.loading.timer);
    this.loading.reject(err);
  }

  /**
   * The runtime is gone: loading fails with `loadError` if it had not finished, and the invocation in
   * progress (if any) ends with `outcome`.
   */
  protected exited(loadError: Error, outcome?: EndedOutcome): void {
    this.dead = true;
    const crash = this.crash;
    this.loadFailed(crash !== undefined ? errorFrom(crash.error) : loadError);
    const pending = this.pending;
    if (crash !== undefined && pending !== undefined && !crash.during) {
      // Sent while the runtime was already ending over an earlier invocation: it never started.
      this.pending = undefined;
      clearTimeout(pending.timer);
      pending.reject(new InstanceLostError(crash.error.message));
      return;
    }
    if (crash?.during === true) this.settle({ status: 'error', error: crash.error });
    else if (outcome !== undefined) this.settle(outcome);
  }

  private settle(partial: EndedOutcome): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve({
      status: partial.status,
      result: partial.result,
      error: partial.error,
      logs: pending.logs.take(),
      handlerStartedAt: partial.handlerStartedAt ?? pending.sentAt,
      durationMs: partial.durationMs ?? Date.now() - pending.sentAt,
    });
  }
}

/** What both bootstraps are told besides the handler file (which each names in its own way). */
export function bootstrapSettings(opts: InstanceOptions) {
  return {
    exportName: opts.exportName,
    functionName: opts.functionName,
    memoryMb: opts.memoryMb,
    timeoutMs: opts.timeoutMs,
    actionHeader: ACTION_ID_HEADER,
    endpointHosts: opts.endpointHosts,
    ...(opts.root !== undefined ? { root: opts.root } : {}),
    ...(opts.pythonModule !== undefined ? { root: opts.pythonModule.root, moduleName: opts.pythonModule.moduleName } : {}),
  };
}

function errorFrom(info: ErrorInfo): Error {
  const err = new Error(info.message);
  err.stack = info.stack ?? info.message;
  return err;
}

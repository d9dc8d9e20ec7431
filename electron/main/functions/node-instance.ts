// One warm Node.js function instance: a worker thread running resources/runtime/node-worker.mjs.
// Heap is capped by resourceLimits (the worker dies with ERR_WORKER_OUT_OF_MEMORY, the app survives);
// Buffers outside the heap are watched by the bootstrap; a hang is ended with terminate().
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ACTION_ID_HEADER } from '../../shared/bucket-event.ts';
import { runtimeDir } from './runtime-paths.ts';
import { LogBuffer, logLine, type InstanceOptions, type InvocationOutcome, type InvocationRequest, type RuntimeInstance } from './types.ts';

export type NodeInstanceOptions = InstanceOptions;

type Outcome = Omit<InvocationOutcome, 'cold' | 'initDurationMs'>;

interface Pending {
  requestId: string;
  logs: LogBuffer;
  resolve(outcome: Outcome): void;
  timer: NodeJS.Timeout;
  sentAt: number;
}

type WorkerMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: { message: string; stack?: string } }
  | { type: 'log'; requestId?: string; stream: 'stdout' | 'stderr'; time: number; text: string }
  | { type: 'oom'; requestId: string; usedMb: number }
  | {
      type: 'result';
      requestId: string;
      ok: boolean;
      value?: unknown;
      error?: { message: string; stack?: string };
      startedAt: number;
      endedAt: number;
    };

export class NodeInstance implements RuntimeInstance {
  readonly ready: Promise<number>;
  private worker: Worker;
  private pending: Pending | undefined;
  private dead = false;
  /** Lines written while loading the module; they belong to the first invocation. */
  private initLogs: string[] = [];
  private exitNote: { status: 'error' | 'out-of-memory'; message: string; stack?: string | undefined } | undefined;

  constructor(opts: NodeInstanceOptions) {
    this.worker = new Worker(path.join(runtimeDir(), 'node-worker.mjs'), {
      workerData: {
        entryFile: opts.file,
        exportName: opts.exportName,
        functionName: opts.functionName,
        memoryMb: opts.memoryMb,
        timeoutMs: opts.timeoutMs,
        actionHeader: ACTION_ID_HEADER,
        endpointHosts: opts.endpointHosts,
      },
      env: opts.env,
      resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb, maxYoungGenerationSizeMb: Math.min(16, Math.max(4, opts.memoryMb / 8)) },
      stdout: true,
      stderr: true,
      // keep the app's own flags (e.g. a TS loader) out of user code
      execArgv: [],
    });
    // Anything that bypassed the bootstrap's capture still reaches the invocation's log.
    this.worker.stdout.on('data', (chunk: Buffer) => this.rawOutput('stdout', chunk));
    this.worker.stderr.on('data', (chunk: Buffer) => this.rawOutput('stderr', chunk));

    this.ready = new Promise<number>((resolve, reject) => {
      const initTimer = setTimeout(() => {
        reject(new Error(`Handler did not load within ${opts.initTimeoutMs ?? 10_000} ms`));
        this.kill();
      }, opts.initTimeoutMs ?? 10_000);
      this.worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'ready') {
          clearTimeout(initTimer);
          resolve(msg.initMs);
        } else if (msg.type === 'init-error') {
          clearTimeout(initTimer);
          const err = new Error(msg.error.message);
          err.stack = msg.error.stack ?? err.message;
          reject(err);
        } else this.onMessage(msg);
      });
      this.worker.on('error', (err: Error & { code?: string }) => {
        clearTimeout(initTimer);
        this.exitNote =
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { status: 'out-of-memory', message: `Handler exceeded the ${opts.memoryMb} MB memory limit (heap)` }
            : { status: 'error', message: `Worker crashed: ${err.message}`, stack: err.stack };
        reject(err);
      });
      this.worker.on('exit', (code) => {
        clearTimeout(initTimer);
        this.dead = true;
        reject(new Error(`Handler exited with code ${code} while loading`));
        this.settle({
          status: this.exitNote?.status ?? 'error',
          error: { message: this.exitNote?.message ?? `Handler ended its worker (process.exit(${code}))`, stack: this.exitNote?.stack },
        });
      });
    });
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Log lines printed while the module loaded (shown with the cold invocation). */
  takeInitLogs(): string[] {
    const lines = this.initLogs;
    this.initLogs = [];
    return lines;
  }

  invoke(request: InvocationRequest, timeoutMs: number): Promise<Outcome> {
    if (this.dead) return Promise.reject(new Error('instance is dead'));
    return new Promise<Outcome>((resolve) => {
      const logs = new LogBuffer();
      for (const line of this.takeInitLogs()) logs.push(line);
      const timer = setTimeout(() => {
        this.settle({ status: 'timeout', error: { message: `Task timed out after ${timeoutMs} ms` } });
        this.kill();
      }, timeoutMs);
      this.pending = { requestId: request.requestId, logs, resolve, timer, sentAt: Date.now() };
      this.worker.postMessage({ type: 'invoke', requestId: request.requestId, payload: request.payload, actionToken: request.actionToken });
    });
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    void this.worker.terminate();
  }

  private rawOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    for (const text of chunk.toString('utf8').split('\n')) {
      if (text === '') continue;
      const line = logLine(Date.now(), stream, text);
      if (this.pending) this.pending.logs.push(line);
      else this.initLogs.push(line);
    }
  }

  private onMessage(msg: WorkerMessage): void {
    if (msg.type === 'log') {
      const line = logLine(msg.time, msg.stream, msg.text);
      if (this.pending && msg.requestId === this.pending.requestId) this.pending.logs.push(line);
      else if (this.initLogs.length < 1000) this.initLogs.push(line);
    } else if (msg.type === 'oom') {
      this.exitNote = { status: 'out-of-memory', message: `Handler exceeded the memory limit (${msg.usedMb} MB used, Buffers included)` };
    } else if (msg.type === 'result' && this.pending?.requestId === msg.requestId) {
      const startedAt = msg.startedAt;
      this.settle(
        msg.ok
          ? { status: 'success', result: msg.value, durationMs: msg.endedAt - startedAt, handlerStartedAt: startedAt }
          : { status: 'error', error: msg.error, durationMs: msg.endedAt - startedAt, handlerStartedAt: startedAt },
      );
    }
  }

  private settle(partial: Partial<Outcome> & Pick<Outcome, 'status'>): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    const now = Date.now();
    pending.resolve({
      status: partial.status,
      result: partial.result,
      error: partial.error,
      logs: pending.logs.take(),
      handlerStartedAt: partial.handlerStartedAt ?? pending.sentAt,
      durationMs: partial.durationMs ?? now - pending.sentAt,
    });
  }
}

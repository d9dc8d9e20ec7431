// One warm Node.js function instance: a worker thread running resources/runtime/node-worker.mjs.
// Heap is capped by resourceLimits (the worker dies with ERR_WORKER_OUT_OF_MEMORY, the app survives);
// Buffers outside the heap are watched by the bootstrap; a hang is ended with terminate().
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { bootstrapSettings, InstanceLifecycle, type BootstrapMessage, type EndedOutcome } from './instance-lifecycle.ts';
import { runtimeDir } from './runtime-paths.ts';
import type { InstanceOptions, InvocationRequest } from './types.ts';

export type NodeInstanceOptions = InstanceOptions;

/** Sent by the bootstrap when Buffers outside the heap pass the memory limit; the worker is ended next. */
type WorkerMessage = BootstrapMessage | { type: 'oom'; requestId: string; usedMb: number };

export class NodeInstance extends InstanceLifecycle {
  private worker: Worker;
  /** Why the worker is about to end, when it knows before the exit does. */
  private exitNote: { status: 'error' | 'out-of-memory'; message: string; stack?: string | undefined } | undefined;

  constructor(opts: NodeInstanceOptions) {
    super(opts);
    this.worker = new Worker(path.join(runtimeDir(), 'node-worker.mjs'), {
      workerData: { entryFile: opts.file, ...bootstrapSettings(opts) },
      env: opts.env,
      resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb, maxYoungGenerationSizeMb: Math.min(16, Math.max(4, opts.memoryMb / 8)) },
      stdout: true,
      stderr: true,
      // keep the app's own flags (e.g. a TS loader) out of user code
      execArgv: [],
    });
    this.worker.stdout.on('data', (chunk: Buffer) => this.rawOutput('stdout', chunk));
    this.worker.stderr.on('data', (chunk: Buffer) => this.rawOutput('stderr', chunk));
    this.worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'oom') {
        this.exitNote = { status: 'out-of-memory', message: `Handler exceeded the memory limit (${msg.usedMb} MB used, Buffers included)` };
      } else this.receive(msg);
    });
    this.worker.on('error', (err: Error & { code?: string }) => {
      this.exitNote =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { status: 'out-of-memory', message: `Handler exceeded the ${opts.memoryMb} MB memory limit (heap)` }
          : { status: 'error', message: `Worker crashed: ${err.message}`, stack: err.stack };
      // the exit follows
      this.loadFailed(err);
    });
    this.worker.on('exit', (code) => {
      const ended: EndedOutcome = {
        status: this.exitNote?.status ?? 'error',
        error: { message: this.exitNote?.message ?? `Handler ended its worker (process.exit(${code}))`, stack: this.exitNote?.stack },
      };
      this.exited(new Error(`Handler exited with code ${code} while loading`), ended);
    });
  }

  protected send(request: InvocationRequest): void {
    this.worker.postMessage({ type: 'invoke', requestId: request.requestId, payload: request.payload, actionToken: request.actionToken });
  }

  protected terminate(): void {
    void this.worker.terminate();
  }
}

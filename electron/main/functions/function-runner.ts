// Runs one execution of a function of any kind, within its concurrency limit, on a warm instance when
// one is idle. Never throws for a handler's failure: every outcome is a status.
import path from 'node:path';
import type { FunctionDto } from '../../shared/triggers.ts';
import { clipResult } from './clip-result.ts';
import { endpointHosts, handlerEnv, type ServerAccess } from './handler-env.ts';
import { InstancePool } from './instance-pool.ts';
import { NodeInstance } from './node-instance.ts';
import { PythonInstance } from './python-instance.ts';
import { resolveHandler, sourceVersion } from './resolve-handler.ts';
import { findPython, runtimeAvailability } from './runtime-availability.ts';
import { InstanceLostError } from './instance-lifecycle.ts';
import { Semaphore } from './semaphore.ts';
import { locateSyntaxError, needsLocation } from './syntax-location.ts';
import { logLine, type InvocationOutcome, type InvocationRequest, type RuntimeInstance } from './types.ts';
import { invokeWebhook } from './webhook-target.ts';

export interface FunctionRunnerOptions {
  /** Warm instances idle this long are ended (default 5 minutes). */
  idleMs?: number;
  /** The embedded server handlers should talk to (read at each cold start). */
  serverAccess?: () => ServerAccess | undefined;
}

export class FunctionRunner {
  private pool: InstancePool;
  private limits = new Map<string, Semaphore>();
  /** The instance running each request, from its cold start on (to stop one). */
  private serving = new Map<string, RuntimeInstance>();
  /** Requests waiting for a concurrency slot, to stop one before it starts. */
  private waiting = new Map<string, AbortController>();

  constructor(private readonly opts: FunctionRunnerOptions = {}) {
    this.pool = new InstancePool(opts.idleMs ?? 5 * 60_000);
  }

  runtimes = runtimeAvailability;

  async invoke(fn: FunctionDto, request: InvocationRequest): Promise<InvocationOutcome> {
    let limit = this.limits.get(fn.id);
    if (limit === undefined) this.limits.set(fn.id, (limit = new Semaphore(fn.concurrency)));
    limit.limit = fn.concurrency;
    const waits = limit.busy;
    if (waits) request.onWait?.();
    // A run still waiting for a slot can be stopped too (stop() aborts its wait).
    const waiting = new AbortController();
    if (waits) this.waiting.set(request.requestId, waiting);
    const release = await limit.acquire(waiting.signal);
    this.waiting.delete(request.requestId);
    if (release === undefined) return failure(new Error(String(waiting.signal.reason)), false);
    if (waits) request.onStart?.();
    try {
      const outcome = fn.runtime === 'webhook' ? await invokeWebhook(fn.url ?? '', fn.headers ?? {}, request, fn.timeoutMs) : await this.invokeHandler(fn, request);
      if (outcome.result === undefined) return outcome;
      const { result, clipped } = clipResult(outcome.result);
      return clipped === undefined ? outcome : { ...outcome, result, resultClipped: clipped };
    } catch (err) {
      return failure(err, false);
    } finally {
      release();
    }
  }

  /** Ends the run of `requestId` (running, or waiting for a slot) at once as an error saying `reason`; false when there is none. */
  stop(requestId: string, reason: string): boolean {
    const instance = this.serving.get(requestId);
    if (instance !== undefined) {
      instance.kill(reason);
      return true;
    }
    const waiting = this.waiting.get(requestId);
    if (waiting === undefined) return false;
    waiting.abort(reason);
    return true;
  }

  /** Warm instances of a function (for the UI and tests). */
  warmCount(functionId: string): number {
    return this.pool.warmCount(functionId);
  }

  /** The function's code changed on disk: the next execution starts cold; runs in progress finish first. */
  retire(functionId: string): void {
    this.pool.retire(functionId);
  }

  /** Ends a function's instances (removed); `reason` is the error of a run in progress. */
  drop(functionId: string, reason?: string): void {
    this.pool.drop(functionId, reason);
    this.limits.delete(functionId);
  }

  close(): void {
    this.pool.close();
  }

  private async invokeHandler(fn: FunctionDto, request: InvocationRequest): Promise<InvocationOutcome> {
    const runtime = fn.runtime === 'python' ? 'python' : 'nodejs';
    let resolved;
    try {
      resolved = resolveHandler(runtime, fn.path ?? '', fn.handler);
    } catch (err) {
      return failure(err, true);
    }
    const python = runtime === 'python' ? await findPython() : undefined;
    if (python !== undefined && !python.available) return failure(new Error(`Python runtime unavailable: ${python.reason}`), true);
    const server = this.opts.serverAccess?.();
    const root = resolved.file === fn.path ? path.dirname(resolved.file) : (fn.path ?? '');
    // A single file: its own time; a folder: its files' (a changed module the handler imports counts too).
    const version = JSON.stringify([resolved.file === fn.path ? sourceVersion('', resolved.file) : sourceVersion(root, resolved.file), resolved, fn.memoryMb, fn.timeoutMs, fn.env, server?.endpoint]);
    const create = (): RuntimeInstance => {
      const common = {
        file: resolved.file,
        exportName: resolved.exportName,
        functionName: fn.name,
        memoryMb: fn.memoryMb,
        timeoutMs: fn.timeoutMs,
        env: handlerEnv(fn, server),
        endpointHosts: endpointHosts(server?.endpoint),
        pythonModule: resolved.pythonModule,
        // A folder is the working directory; a single file's folder otherwise.
        root,
      };
      return python !== undefined ? new PythonInstance({ ...common, python: python.command }) : new NodeInstance(common);
    };
    let lost: string | undefined;
    for (;;) {
      const outcome = await this.runOnInstance(fn, request, runtime, resolved.file, this.pool.acquire(fn.id, version, create));
      if (!(outcome instanceof InstanceLostError)) {
        if (lost === undefined) return outcome;
        // Say why this run started cold: the warm instance it was given ended over the run before.
        return { ...outcome, logs: [logLine(outcome.handlerStartedAt, 'stderr', `[The warm instance ended before this run started (${lost}); it ran on a new instance]`), ...outcome.logs] };
      }
      // Once only: a new instance cannot have been ended by an earlier invocation.
      if (lost !== undefined) return failure(outcome, true);
      lost = outcome.message;
    }
  }

  private async runOnInstance(
    fn: FunctionDto,
    request: InvocationRequest,
    runtime: 'python' | 'nodejs',
    file: string,
    { instance, cold }: { instance: RuntimeInstance; cold: boolean },
  ): Promise<InvocationOutcome | InstanceLostError> {
    this.serving.set(request.requestId, instance);
    try {
      return await this.runOn(fn, request, runtime, file, instance, cold);
    } finally {
      this.serving.delete(request.requestId);
    }
  }

  private async runOn(
    fn: FunctionDto,
    request: InvocationRequest,
    runtime: 'python' | 'nodejs',
    file: string,
    instance: RuntimeInstance,
    cold: boolean,
  ): Promise<InvocationOutcome | InstanceLostError> {
    let initDurationMs: number | undefined;
    if (cold) {
      try {
        initDurationMs = await instance.ready;
      } catch (err) {
        this.pool.remove(fn.id, instance);
        const failed = failure(err, true);
        if (runtime === 'nodejs' && failed.error !== undefined && needsLocation(failed.error)) {
          const at = await locateSyntaxError(fn.path ?? '', file);
          if (at !== undefined) failed.error = { message: `${failed.error.message} (${at.where})`, stack: `${at.excerpt}\n\n${failed.error.stack ?? failed.error.message}` };
        }
        return { ...failed, logs: [...instance.takeInitLogs(), logLine(Date.now(), 'stderr', `Init failed: ${failed.error?.message ?? (err as Error).message}`)] };
      }
    }
    try {
      const outcome = await instance.invoke(request, fn.timeoutMs);
      return { ...outcome, cold, ...(initDurationMs !== undefined ? { initDurationMs: Math.round(initDurationMs * 10) / 10 } : {}) };
    } catch (err) {
      if (err instanceof InstanceLostError) return err;
      throw err;
    } finally {
      this.pool.release(fn.id, instance);
    }
  }
}

function failure(err: unknown, cold: boolean): InvocationOutcome {
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    status: 'error',
    error: { message: e.message, stack: e.stack },
    logs: [],
    cold,
    handlerStartedAt: performance.timeOrigin + performance.now(),
    durationMs: 0,
  };
}

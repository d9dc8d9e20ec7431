// One warm Python function instance: a child process running resources/runtime/python-bootstrap.py.
// Requests go in on stdin, replies come back on fd 3, so the handler's own stdout stays a log.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ACTION_ID_HEADER } from '../../shared/bucket-event.ts';
import { runtimeDir } from './runtime-paths.ts';
import { LogBuffer, logLine, type InstanceOptions, type InvocationOutcome, type InvocationRequest, type RuntimeInstance } from './types.ts';

export interface PythonInstanceOptions extends InstanceOptions {
  python: string;
}

type Outcome = Omit<InvocationOutcome, 'cold' | 'initDurationMs'>;

type Message =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: { message: string; stack?: string } }
  | { type: 'log'; requestId: string | null; stream: 'stdout' | 'stderr'; time: number; text: string }
  | {
      type: 'result';
      requestId: string;
      ok: boolean;
      oom?: boolean;
      value?: unknown;
      error?: { message: string; stack?: string };
      startedAt: number;
      endedAt: number;
    };

export class PythonInstance implements RuntimeInstance {
  readonly ready: Promise<number>;
  private child: ChildProcess;
  private dead = false;
  private initLogs: string[] = [];
  private pending:
    | { requestId: string; logs: LogBuffer; resolve(o: Outcome): void; timer: NodeJS.Timeout; sentAt: number }
    | undefined;
  private stderrTail = '';

  constructor(opts: PythonInstanceOptions) {
    const config = {
      file: opts.file,
      exportName: opts.exportName,
      functionName: opts.functionName,
      memoryMb: opts.memoryMb,
      timeoutMs: opts.timeoutMs,
      actionHeader: ACTION_ID_HEADER,
      endpointHosts: opts.endpointHosts,
    };
    this.child = spawn(opts.python, ['-u', path.join(runtimeDir(), 'python-bootstrap.py'), JSON.stringify(config)], {
      env: opts.env,
      cwd: path.dirname(opts.file),
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const proto = this.child.stdio[3] as Readable;
    // Output that bypassed sys.stdout (C extensions, subprocesses) still reaches the log.
    this.child.stdout?.on('data', (c: Buffer) => this.raw('stdout', c));
    this.child.stderr?.on('data', (c: Buffer) => {
      this.stderrTail = (this.stderrTail + c.toString('utf8')).slice(-4000);
      this.raw('stderr', c);
    });

    this.ready = new Promise<number>((resolve, reject) => {
      const initTimer = setTimeout(() => {
        reject(new Error(`Handler did not load within ${opts.initTimeoutMs ?? 10_000} ms`));
        this.kill();
      }, opts.initTimeoutMs ?? 10_000);
      createInterface({ input: proto }).on('line', (line) => {
        let msg: Message;
        try {
          msg = JSON.parse(line) as Message;
        } catch {
          return;
        }
        if (msg.type === 'ready') {
          clearTimeout(initTimer);
          resolve(msg.initMs);
        } else if (msg.type === 'init-error') {
          clearTimeout(initTimer);
          const err = new Error(msg.error.message);
          err.stack = msg.error.stack ?? msg.error.message;
          reject(err);
        } else this.onMessage(msg);
      });
      this.child.on('error', (err) => {
        clearTimeout(initTimer);
        this.dead = true;
        reject(err);
      });
      this.child.on('exit', (code, signal) => {
        clearTimeout(initTimer);
        this.dead = true;
        reject(new Error(`Python exited (${signal ?? code}) while loading: ${this.stderrTail.trim()}`));
        this.settle({ status: 'error', error: { message: `Handler process exited (${signal ?? `code ${code}`})` } });
      });
    });
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return !this.dead;
  }

  invoke(request: InvocationRequest, timeoutMs: number): Promise<Outcome> {
    if (this.dead) return Promise.reject(new Error('instance is dead'));
    return new Promise<Outcome>((resolve) => {
      const logs = new LogBuffer();
      for (const line of this.initLogs.splice(0)) logs.push(line);
      const timer = setTimeout(() => {
        this.settle({ status: 'timeout', error: { message: `Task timed out after ${timeoutMs} ms` } });
        this.kill();
      }, timeoutMs);
      this.pending = { requestId: request.requestId, logs, resolve, timer, sentAt: Date.now() };
      (this.child.stdin as Writable).write(
        `${JSON.stringify({ requestId: request.requestId, payload: request.payload, actionToken: request.actionToken })}\n`,
      );
    });
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.child.kill('SIGKILL');
  }

  private raw(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    for (const text of chunk.toString('utf8').split('\n')) {
      if (text === '') continue;
      const line = logLine(Date.now(), stream, text);
      if (this.pending) this.pending.logs.push(line);
      else if (this.initLogs.length < 1000) this.initLogs.push(line);
    }
  }

  private onMessage(msg: Message): void {
    if (msg.type === 'log') {
      const line = logLine(msg.time, msg.stream, msg.text);
      if (this.pending && msg.requestId === this.pending.requestId) this.pending.logs.push(line);
      else if (this.initLogs.length < 1000) this.initLogs.push(line);
    } else if (msg.type === 'result' && this.pending?.requestId === msg.requestId) {
      const base = { durationMs: msg.endedAt - msg.startedAt, handlerStartedAt: msg.startedAt };
      if (msg.ok) this.settle({ status: 'success', result: msg.value, ...base });
      else if (msg.oom) {
        this.settle({ status: 'out-of-memory', error: msg.error, ...base });
        // A MemoryError can leave the interpreter in a poor state: start fresh next time.
        this.kill();
      } else this.settle({ status: 'error', error: msg.error, ...base });
    }
  }

  private settle(partial: Partial<Outcome> & Pick<Outcome, 'status'>): void {
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

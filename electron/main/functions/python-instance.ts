// One warm Python function instance: a child process running resources/runtime/python-bootstrap.py.
// Requests go in on stdin, replies come back on fd 3, so the handler's own stdout stays a log.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { bootstrapSettings, InstanceLifecycle, type BootstrapMessage } from './instance-lifecycle.ts';
import { runtimeDir } from './runtime-paths.ts';
import type { InstanceOptions, InvocationRequest } from './types.ts';

export interface PythonInstanceOptions extends InstanceOptions {
  python: string;
}

export class PythonInstance extends InstanceLifecycle {
  private child: ChildProcess;
  /** The end of stderr, to say why Python exited while loading. */
  private stderrTail = '';

  constructor(opts: PythonInstanceOptions) {
    super(opts);
    const config = { file: opts.file, ...bootstrapSettings(opts) };
    this.child = spawn(opts.python, ['-u', path.join(runtimeDir(), 'python-bootstrap.py'), JSON.stringify(config)], {
      env: opts.env,
      // Lambda's working directory is the task root: a handler in a subfolder still opens 'config.json' from the top.
      cwd: opts.pythonModule?.root ?? path.dirname(opts.file),
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (c: Buffer) => this.rawOutput('stdout', c));
    this.child.stderr?.on('data', (c: Buffer) => {
      this.stderrTail = (this.stderrTail + c.toString('utf8')).slice(-4000);
      this.rawOutput('stderr', c);
    });
    createInterface({ input: this.child.stdio[3] as Readable }).on('line', (line) => {
      let msg: BootstrapMessage;
      try {
        msg = JSON.parse(line) as BootstrapMessage;
      } catch {
        return;
      }
      // A bare "MemoryError:" says nothing of the limit: say it as a Node handler's out-of-memory does.
      if (msg.type === 'result' && msg.oom === true) {
        msg = { ...msg, error: { message: `Handler exceeded the ${opts.memoryMb} MB memory limit (MemoryError)`, stack: msg.error?.stack } };
      }
      // A MemoryError can leave the interpreter in a poor state: start fresh next time.
      if (this.receive(msg) && msg.type === 'result' && msg.oom === true) this.kill();
    });
    this.child.on('error', (err) => this.exited(err));
    this.child.on('exit', (code, signal) => {
      this.exited(new Error(`Python exited (${signal ?? code}) while loading: ${this.stderrTail.trim()}`), {
        status: 'error',
        error: { message: `Handler process exited (${signal ?? `code ${code}`})` },
      });
    });
  }

  protected send(request: InvocationRequest): void {
    (this.child.stdin as Writable).write(
      `${JSON.stringify({ requestId: request.requestId, payload: request.payload, actionToken: request.actionToken })}\n`,
    );
  }

  protected terminate(): void {
    this.child.kill('SIGKILL');
  }
}

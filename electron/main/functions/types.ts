// What a runtime (Node worker, Python process, webhook) is asked to do and what it reports back.

export type OutcomeStatus = 'success' | 'error' | 'timeout' | 'out-of-memory';

export interface InvocationRequest {
  requestId: string;
  payload: unknown;
  /** Sent as the action-id header on the handler's requests to the embedded server (recursion guard). */
  actionToken?: string | undefined;
  /** Called at once when the function already runs `concurrency` executions, so this one waits for a slot. */
  onWait?: () => void;
  /** Called when an execution that waited gets its slot and starts. */
  onStart?: () => void;
}

export interface InvocationOutcome {
  status: OutcomeStatus;
  result?: unknown;
  /** The result was too big to keep: `result` is the start of its JSON text (see clip-result.ts). */
  resultClipped?: { bytes: number };
  error?: { message: string; stack?: string | undefined };
  /** `<ISO time> <stdout|stderr> <text>` per line, in order. */
  logs: string[];
  cold: boolean;
  initDurationMs?: number;
  /** Epoch milliseconds (fractional) when the handler was entered. */
  handlerStartedAt: number;
  durationMs: number;
}

/** What every runtime instance (Node worker, Python process) is started with. */
export interface InstanceOptions {
  file: string;
  exportName: string | undefined;
  functionName: string;
  memoryMb: number;
  timeoutMs: number;
  env: Record<string, string>;
  /** host:port forms of the embedded server, whose requests get the action-id header. */
  endpointHosts: string[];
  /** Longest a cold start may take. */
  initTimeoutMs?: number;
  /** The function's folder (its working directory), or the handler file's folder for a single-file function. */
  root?: string | undefined;
  /** Python: the function's folder and the handler module's dotted name under it (see ResolvedHandler). */
  pythonModule?: { root: string; moduleName: string } | undefined;
}

/** What an instance reports for one invocation; the runner adds cold/warm and the init time. */
export type InstanceOutcome = Omit<InvocationOutcome, 'cold' | 'initDurationMs'>;

/** One warm instance of a function: a worker thread or a child process serving one invocation at a time. */
export interface RuntimeInstance {
  /** Resolves with the init duration once the handler is loaded; rejects with the load error. */
  readonly ready: Promise<number>;
  /** False once the instance died or was killed; a dead instance is never reused. */
  readonly alive: boolean;
  invoke(request: InvocationRequest, timeoutMs: number): Promise<InstanceOutcome>;
  /** Lines the handler printed while loading (shown with a load failure, or with the first invocation). */
  takeInitLogs(): string[];
  /** Ends the instance; with a reason, an invocation in progress ends at once as an error saying it. */
  kill(reason?: string): void;
}

export const MAX_LOG_LINES = 1000;
export const MAX_LOG_LINE = 8192;

export function logLine(time: number, stream: 'stdout' | 'stderr', text: string): string {
  // Say it was cut and by how much in words: '… (10485760 chars)' at the end of 8 KB of text was easy to miss.
  const clipped = text.length > MAX_LOG_LINE ? `${text.slice(0, MAX_LOG_LINE)}… ${lineCutNote(text.length)}` : text;
  return `${new Date(time).toISOString()} ${stream} ${clipped}`;
}

/** Ends a log line cut at MAX_LOG_LINE characters (the renderer recognises it: routes/functions/log-notice.ts). */
export function lineCutNote(length: number): string {
  return `[line cut: ${length.toLocaleString('en-US')} characters, the first ${MAX_LOG_LINE.toLocaleString('en-US')} kept]`;
}

/** Most characters of log lines kept per execution (1,000 lines of up to 8 KB each would be 8 MB on the timeline). */
export const MAX_LOG_CHARS = 512 * 1024;

/**
 * Keeps the first and the last MAX_LOG_LINES / 2 lines (and half of MAX_LOG_CHARS each), with one line between
 * them saying how many were dropped: a handler that logs a flood and then fails shows what it printed last, next
 * to the error (the head alone lost exactly those lines).
 */
export class LogBuffer {
  private readonly head: string[] = [];
  private headChars = 0;
  /** Set once a line did not fit the head: every later line goes to the tail, so the order holds. */
  private headFull = false;
  /** The newest lines past the head, from `start` on (older ones are dropped by moving `start`). */
  private tail: string[] = [];
  private start = 0;
  private tailChars = 0;
  private dropped = 0;
  private readonly headSize: number;
  private readonly tailSize: number;
  private readonly halfChars: number;

  constructor(max = MAX_LOG_LINES, maxChars = MAX_LOG_CHARS) {
    this.headSize = Math.ceil(max / 2);
    this.tailSize = max - this.headSize;
    this.halfChars = Math.floor(maxChars / 2);
  }

  push(line: string): void {
    if (!this.headFull && this.head.length < this.headSize && this.headChars + line.length <= this.halfChars) {
      this.head.push(line);
      this.headChars += line.length;
      return;
    }
    this.headFull = true;
    this.tail.push(line);
    this.tailChars += line.length;
    while (this.tail.length - this.start > this.tailSize || (this.tailChars > this.halfChars && this.tail.length - this.start > 1)) {
      this.tailChars -= this.tail[this.start]!.length;
      this.start += 1;
      this.dropped += 1;
    }
    if (this.start > 4096) {
      this.tail = this.tail.slice(this.start);
      this.start = 0;
    }
  }

  take(): string[] {
    const tail = this.tail.slice(this.start);
    if (this.dropped === 0) return [...this.head, ...tail];
    const at = tail[0]?.slice(0, 24) ?? new Date().toISOString();
    return [...this.head, `${at} stderr [${this.dropped.toLocaleString('en-US')} lines dropped here: the first and last ones are kept]`, ...tail];
  }
}

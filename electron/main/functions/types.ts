// What a runtime (Node worker, Python process, webhook) is asked to do and what it reports back.

export type OutcomeStatus = 'success' | 'error' | 'timeout' | 'out-of-memory';

export interface InvocationRequest {
  requestId: string;
  payload: unknown;
  /** Sent as the action-id header on the handler's requests to the embedded server (recursion guard). */
  actionToken?: string | undefined;
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
  kill(): void;
}

export const MAX_LOG_LINES = 1000;
export const MAX_LOG_LINE = 8192;

export function logLine(time: number, stream: 'stdout' | 'stderr', text: string): string {
  const clipped = text.length > MAX_LOG_LINE ? `${text.slice(0, MAX_LOG_LINE)}… (${text.length} chars)` : text;
  return `${new Date(time).toISOString()} ${stream} ${clipped}`;
}

/** Appends while under the cap; the last kept line says how many were dropped. */
export class LogBuffer {
  readonly lines: string[] = [];
  private dropped = 0;

  push(line: string): void {
    if (this.lines.length < MAX_LOG_LINES) this.lines.push(line);
    else this.dropped += 1;
  }

  take(): string[] {
    if (this.dropped > 0) this.lines.push(`${new Date().toISOString()} stderr [${this.dropped} more lines dropped]`);
    return this.lines;
  }
}

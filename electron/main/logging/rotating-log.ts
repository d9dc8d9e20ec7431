// The main process's log: one line per entry in `<logsDir>/main.log`, rotated by size to main.1.log ...
// main.<keep>.log so it never grows without bound. Plain Node (no Electron): index.ts passes
// app.getPath('logs'); Help → Show logs opens the file. Writes are synchronous appends: main logs a few
// lines per minute, and a line written just before a crash is exactly the one worth having.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  dir: string;
  /** File base name: `<name>.log`. */
  name?: string;
  /** Rotate when the file would exceed this size. */
  maxBytes?: number;
  /** How many rotated files to keep besides the current one. */
  keep?: number;
  /** Also echo to stderr (development). */
  echo?: boolean;
  now?: () => Date;
}

const SECRET_KEY = /secret|password|token|credential|authorization|sessiontoken/i;
const MAX_DETAIL = 4000;

/** Stringifies a log detail: Error stacks, JSON for the rest, secret-looking fields masked. */
export function formatDetail(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return (detail.stack ?? `${detail.name}: ${detail.message}`).slice(0, MAX_DETAIL);
  if (typeof detail === 'string') return detail.slice(0, MAX_DETAIL);
  try {
    const text = JSON.stringify(detail, (key, value: unknown) =>
      key !== '' && SECRET_KEY.test(key) && typeof value === 'string' ? '[redacted]' : value,
    );
    return (text ?? String(detail)).slice(0, MAX_DETAIL);
  } catch {
    return String(detail).slice(0, MAX_DETAIL);
  }
}

export function formatLine(time: Date, level: LogLevel, message: string, detail?: unknown): string {
  const extra = formatDetail(detail);
  return `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra ? ` ${extra}` : ''}\n`;
}

export class RotatingLog {
  readonly dir: string;
  readonly path: string;
  readonly #name: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #echo: boolean;
  readonly #now: () => Date;
  #size: number;

  constructor(options: RotatingLogOptions) {
    if (!path.isAbsolute(options.dir)) throw new Error(`Log directory must be absolute, got "${options.dir}"`);
    this.dir = options.dir;
    this.#name = options.name ?? 'main';
    this.path = path.join(this.dir, `${this.#name}.log`);
    this.#maxBytes = options.maxBytes ?? 1024 * 1024;
    this.#keep = options.keep ?? 5;
    this.#echo = options.echo ?? false;
    this.#now = options.now ?? (() => new Date());
    mkdirSync(this.dir, { recursive: true });
    try {
      this.#size = statSync(this.path).size;
    } catch {
      this.#size = 0;
    }
  }

  /** Path of rotated file n (1 = newest). */
  rotatedPath(n: number): string {
    return path.join(this.dir, `${this.#name}.${n}.log`);
  }

  write(level: LogLevel, message: string, detail?: unknown): void {
    const line = formatLine(this.#now(), level, message, detail);
    const bytes = Buffer.byteLength(line);
    try {
      if (this.#size > 0 && this.#size + bytes > this.#maxBytes) this.#rotate();
      appendFileSync(this.path, line);
      this.#size += bytes;
    } catch {
      // Logging must never take the app down (disk full, folder removed while running).
    }
    if (this.#echo) process.stderr.write(line);
  }

  debug(message: string, detail?: unknown): void {
    this.write('debug', message, detail);
  }
  info(message: string, detail?: unknown): void {
    this.write('info', message, detail);
  }
  warn(message: string, detail?: unknown): void {
    this.write('warn', message, detail);
  }
  error(message: string, detail?: unknown): void {
    this.write('error', message, detail);
  }

  #rotate(): void {
    rmSync(this.rotatedPath(this.#keep), { force: true });
    for (let n = this.#keep - 1; n >= 1; n--) {
      try {
        renameSync(this.rotatedPath(n), this.rotatedPath(n + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    if (this.#keep >= 1) renameSync(this.path, this.rotatedPath(1));
    else rmSync(this.path, { force: true });
    this.#size = 0;
  }
}

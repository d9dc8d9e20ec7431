// Functions, persisted in `functions.json` in the data directory. Names are unique (triggers from
// notification configurations and the headless config refer to functions by name).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_MS,
  functionInputSchema,
  type FunctionDto,
  type FunctionInput,
} from '../../shared/triggers.ts';
import { readJson, writeJson } from '../notifications/json-file.ts';
import { resolveHandler } from './resolve-handler.ts';

export const FUNCTIONS_FILE = 'functions.json';

export class FunctionStore {
  private functions: FunctionDto[];
  private readonly file: string | undefined;
  private listeners = new Set<(id: string) => void>();

  constructor(dataDir: string | undefined) {
    this.file = dataDir === undefined ? undefined : path.join(dataDir, FUNCTIONS_FILE);
    this.functions = readJson<FunctionDto[]>(this.file, []);
  }

  list(): FunctionDto[] {
    return [...this.functions];
  }

  get(id: string): FunctionDto | undefined {
    return this.functions.find((f) => f.id === id);
  }

  byName(name: string): FunctionDto | undefined {
    return this.functions.find((f) => f.name === name);
  }

  save(input: FunctionInput): FunctionDto {
    const parsed = functionInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError({
        code: 'InvalidInput',
        message: issue ? `${issue.path.join('.') || 'function'}: ${issue.message}` : 'Invalid function',
        fields: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])),
      });
    }
    const v = parsed.data;
    const existing = v.id !== undefined ? this.get(v.id) : undefined;
    const clash = this.byName(v.name);
    if (clash !== undefined && clash.id !== v.id) {
      throw new AppError({ code: 'Conflict', message: `A function named ${v.name} exists`, fields: { name: 'Name already used' } });
    }
    const dto: FunctionDto = {
      id: v.id ?? `fn-${randomUUID().slice(0, 8)}`,
      name: v.name,
      runtime: v.runtime,
      ...(v.runtime !== 'webhook' ? { path: path.resolve(v.path ?? '.'), handler: v.handler ?? 'index.main_handler' } : {}),
      ...(v.runtime === 'webhook' ? { url: v.url ?? '', headers: v.headers ?? {} } : {}),
      timeoutMs: v.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      memoryMb: v.memoryMb ?? DEFAULT_MEMORY_MB,
      concurrency: v.concurrency ?? DEFAULT_CONCURRENCY,
      env: v.env ?? {},
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    };
    if (dto.runtime !== 'webhook') {
      // Say now, not at the first event, that the handler cannot be found.
      try {
        resolveHandler(dto.runtime, dto.path ?? '', dto.handler);
      } catch (err) {
        const message = (err as Error).message;
        throw new AppError({ code: 'InvalidInput', message, fields: { [message.startsWith('Function path') ? 'path' : 'handler']: message } });
      }
    }
    const index = this.functions.findIndex((f) => f.id === dto.id);
    if (index >= 0) this.functions[index] = dto;
    else this.functions.push(dto);
    this.persist(dto.id);
    return dto;
  }

  remove(id: string): void {
    if (this.get(id) === undefined) throw new AppError({ code: 'NotFound', message: `No function ${id}` });
    this.functions = this.functions.filter((f) => f.id !== id);
    this.persist(id);
  }

  /** Called with the id of a function that was saved or removed. */
  onChange(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private persist(id: string): void {
    writeJson(this.file, this.functions);
    for (const l of this.listeners) l(id);
  }
}

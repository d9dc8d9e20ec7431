// Triggers, persisted in `triggers.json` in the data directory. One bucket's triggers on the embedded
// server are also its S3 notification configuration (see notification-config.ts).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { triggerInputSchema, type TriggerDto, type TriggerInput } from '../../shared/triggers.ts';
import { parseSelector } from '../../shared/event-names.ts';
import { findOverlap, overlapMessage, type TriggerRule } from '../../shared/trigger-filter.ts';
import { readJson, writeJson } from './json-file.ts';

export const TRIGGERS_FILE = 'triggers.json';

export interface FunctionLookup {
  get(id: string): { id: string; name: string } | undefined;
}

export class TriggerStore {
  private triggers: TriggerDto[];
  private readonly file: string | undefined;
  private listeners = new Set<(change: { connectionId: string; bucket: string }) => void>();

  constructor(
    dataDir: string | undefined,
    private readonly functions: FunctionLookup,
  ) {
    this.file = dataDir === undefined ? undefined : path.join(dataDir, TRIGGERS_FILE);
    this.triggers = readJson<TriggerDto[]>(this.file, []);
  }

  list(filter: { connectionId?: string | undefined; bucket?: string | undefined } = {}): TriggerDto[] {
    return this.triggers.filter(
      (t) => (filter.connectionId === undefined || t.connectionId === filter.connectionId) && (filter.bucket === undefined || t.bucket === filter.bucket),
    );
  }

  get(id: string): TriggerDto | undefined {
    return this.triggers.find((t) => t.id === id);
  }

  /** Enabled triggers of one bucket (the dispatcher's hot path). */
  active(connectionId: string, bucket: string): TriggerDto[] {
    return this.triggers.filter((t) => t.enabled && t.connectionId === connectionId && t.bucket === bucket);
  }

  usingFunction(functionId: string): TriggerDto[] {
    return this.triggers.filter((t) => t.functionId === functionId);
  }

  save(input: TriggerInput): TriggerDto {
    const dto = this.build(input);
    this.check(dto, this.triggers);
    const index = this.triggers.findIndex((t) => t.id === dto.id);
    const before = index >= 0 ? this.triggers[index] : undefined;
    if (index >= 0) this.triggers[index] = dto;
    else this.triggers.push(dto);
    this.persist(dto);
    if (before !== undefined && (before.bucket !== dto.bucket || before.connectionId !== dto.connectionId)) this.notify(before);
    return dto;
  }

  remove(id: string): void {
    const t = this.get(id);
    if (t === undefined) throw new AppError({ code: 'NotFound', message: `No trigger ${id}` });
    this.triggers = this.triggers.filter((x) => x.id !== id);
    this.persist(t);
  }

  setEnabled(id: string, enabled: boolean): TriggerDto {
    const t = this.get(id);
    if (t === undefined) throw new AppError({ code: 'NotFound', message: `No trigger ${id}` });
    t.enabled = enabled;
    this.persist(t);
    return t;
  }

  /**
   * Replaces every trigger of one bucket at once (PutBucketNotificationConfiguration), validating the new
   * set against itself. Throws before changing anything.
   */
  replaceBucket(connectionId: string, bucket: string, inputs: TriggerInput[]): TriggerDto[] {
    const built: TriggerDto[] = [];
    for (const input of inputs) {
      const dto = this.build({ ...input, connectionId, bucket });
      if (built.some((b) => b.id === dto.id)) throw new AppError({ code: 'InvalidInput', message: `Duplicate trigger id ${dto.id}` });
      this.check(dto, built);
      built.push(dto);
    }
    this.triggers = [...this.triggers.filter((t) => !(t.connectionId === connectionId && t.bucket === bucket)), ...built];
    this.persist({ connectionId, bucket });
    return built;
  }

  /** Called with the connection and bucket whose triggers changed. */
  onChange(listener: (change: { connectionId: string; bucket: string }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private build(input: TriggerInput): TriggerDto {
    const parsed = triggerInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError({
        code: 'InvalidInput',
        message: issue?.message ?? 'Invalid trigger',
        fields: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])),
      });
    }
    const v = parsed.data;
    for (const e of v.events) {
      try {
        parseSelector(e);
      } catch (err) {
        throw new AppError({ code: 'InvalidInput', message: (err as Error).message, fields: { events: (err as Error).message } });
      }
    }
    const fn = this.functions.get(v.functionId);
    if (fn === undefined) {
      throw new AppError({ code: 'InvalidInput', message: `No function ${v.functionId}`, fields: { functionId: 'Unknown function' } });
    }
    const existing = v.id !== undefined ? this.get(v.id) : undefined;
    return {
      id: v.id ?? `trg-${randomUUID().slice(0, 8)}`,
      name: v.name ?? existing?.name ?? '',
      connectionId: v.connectionId,
      bucket: v.bucket,
      events: [...new Set(v.events)],
      prefix: v.prefix ?? '',
      suffix: v.suffix ?? '',
      format: v.format,
      functionId: v.functionId,
      enabled: v.enabled ?? existing?.enabled ?? true,
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    };
  }

  private check(dto: TriggerDto, against: TriggerDto[]): void {
    const sameBucket = against.filter((t) => t.connectionId === dto.connectionId && t.bucket === dto.bucket);
    // The name is the configuration Id in the bucket's notification configuration: unique per bucket.
    const twin = dto.name !== '' ? sameBucket.find((t) => t.id !== dto.id && t.name === dto.name) : undefined;
    if (twin !== undefined) {
      throw new AppError({ code: 'Conflict', message: `Trigger ${twin.id} of this bucket is already named "${dto.name}"`, fields: { name: 'Name already used on this bucket' } });
    }
    const other = findOverlap<TriggerRule & TriggerDto>(dto, sameBucket);
    if (other !== undefined) {
      throw new AppError({ code: 'Conflict', message: overlapMessage(other, dto), fields: { events: `Overlaps trigger ${other.name || other.id}` } });
    }
  }

  private persist(change: { connectionId: string; bucket: string }): void {
    writeJson(this.file, this.triggers);
    this.notify(change);
  }

  private notify(change: { connectionId: string; bucket: string }): void {
    for (const l of this.listeners) l({ connectionId: change.connectionId, bucket: change.bucket });
  }
}

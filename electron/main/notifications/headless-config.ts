// `npm run serve -- --config bucketscope.json`: the embedded server plus buckets, functions and triggers
// from one file, printing every timeline record as an NDJSON line after the server's JSON line — for CI,
// the way people use LocalStack or serverless-s3-local. Paths in the file are relative to the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { DIALECTS, RUNTIMES, triggerEventNameSchema, type TriggerInput } from '../../shared/triggers.ts';
import { LOCAL_CONNECTION_ID } from '../../shared/triggers.ts';
import { AppError } from '../../shared/errors.ts';
import { TriggerEngine, type EmbeddedServer } from './engine.ts';

const name = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, - and _ only');

export const headlessConfigSchema = z
  .object({
    server: z
      .object({
        port: z.number().int().min(0).max(65535).optional(),
        dataDir: z.string().min(1).optional(),
        accessKeyId: z.string().min(3).max(128).optional(),
        secretAccessKey: z.string().min(8).max(256).optional(),
      })
      .strict()
      .optional(),
    buckets: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a valid S3 bucket name'),
            versioning: z.enum(['Enabled', 'Suspended']).optional(),
          })
          .strict(),
      )
      .optional(),
    functions: z
      .array(
        z
          .object({
            name,
            runtime: z.enum(RUNTIMES),
            path: z.string().min(1).optional(),
            handler: z.string().regex(/^[A-Za-z0-9_./-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/, 'handler is <file>.<export>, e.g. index.main_handler').optional(),
            url: z.url({ protocol: /^https?$/ }).optional(),
            headers: z.record(z.string(), z.string()).optional(),
            timeoutMs: z.number().int().min(100).max(900_000).optional(),
            memoryMb: z.number().int().min(16).max(10_240).optional(),
            concurrency: z.number().int().min(1).max(1000).optional(),
            env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'invalid variable name'), z.string()).optional(),
          })
          .strict()
          .superRefine((f, ctx) => {
            if (f.runtime === 'webhook' && f.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a webhook function needs a url' });
            if (f.runtime !== 'webhook' && f.path === undefined) ctx.addIssue({ code: 'custom', path: ['path'], message: 'a handler function needs a path' });
          }),
      )
      .optional(),
    triggers: z
      .array(
        z
          .object({
            name: z.string().max(100).optional(),
            bucket: z.string().min(1),
            events: z.array(triggerEventNameSchema).min(1),
            prefix: z.string().optional(),
            suffix: z.string().optional(),
            function: z.string().min(1),
            format: z.enum(DIALECTS),
            enabled: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    delivery: z
      .object({
        retryDelaysMs: z.array(z.number().int().min(0).max(3_600_000)).max(10).optional(),
        maxChainDepth: z.number().int().min(1).max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type HeadlessConfig = z.infer<typeof headlessConfigSchema>;

export class ConfigError extends Error {}

function fieldPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`), '');
}

/** Reads and validates the file; relative paths become absolute (relative to the file). */
export function loadHeadlessConfig(file: string): HeadlessConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
  const parsed = headlessConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((k) => `${fieldPath([...issue.path, k])}: unknown field`).join('\n');
      }
      return `${fieldPath(issue.path) || '(root)'}: ${issue.message}`;
    });
    throw new ConfigError(`${file}:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const base = path.dirname(path.resolve(file));
  if (config.server?.dataDir !== undefined) config.server.dataDir = path.resolve(base, config.server.dataDir);
  for (const fn of config.functions ?? []) if (fn.path !== undefined) fn.path = path.resolve(base, fn.path);
  const names = new Set<string>();
  (config.functions ?? []).forEach((fn, i) => {
    if (names.has(fn.name)) throw new ConfigError(`${file}: functions[${i}].name: duplicate function name ${fn.name}`);
    names.add(fn.name);
  });
  (config.triggers ?? []).forEach((t, i) => {
    if (!names.has(t.function)) throw new ConfigError(`${file}: triggers[${i}].function: no function named ${JSON.stringify(t.function)} in functions`);
  });
  return config;
}

export interface ConfiguredEngine {
  engine: TriggerEngine;
  stop(): Promise<void>;
}

/**
 * Creates the buckets, registers functions and triggers, attaches the engine to the running server and
 * prints each new timeline record with `out`.
 */
export async function runHeadlessConfig(
  config: HeadlessConfig,
  server: EmbeddedServer & { readonly dataDir: string },
  credentials: { accessKeyId: string; secretAccessKey: string },
  out: (line: string) => void,
  file = 'config',
): Promise<ConfiguredEngine> {
  const engine = new TriggerEngine({
    dataDir: path.join(server.dataDir, 'engine'),
    ...(config.delivery?.retryDelaysMs !== undefined ? { retryDelaysMs: config.delivery.retryDelaysMs } : {}),
    ...(config.delivery?.maxChainDepth !== undefined ? { maxChainDepth: config.delivery.maxChainDepth } : {}),
    warn: (m) => process.stderr.write(`bucketscope: ${m}\n`),
  });
  // Final records only: `running` announcements are for the live UI.
  const off = engine.timeline.subscribe((record) => {
    if (record.type !== 'execution' || record.status !== 'running') out(JSON.stringify(record));
  });
  try {
    const s3 = new S3Client({ endpoint: server.endpoint, region: server.region, forcePathStyle: true, credentials });
    try {
      for (const b of config.buckets ?? []) {
        try {
          await s3.send(new CreateBucketCommand({ Bucket: b.name }));
        } catch (err) {
          if ((err as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw err;
        }
        if (b.versioning !== undefined) {
          await s3.send(new PutBucketVersioningCommand({ Bucket: b.name, VersioningConfiguration: { Status: b.versioning } }));
        }
      }
    } finally {
      s3.destroy();
    }
    engine.attachServer(server, credentials);
    (config.functions ?? []).forEach((fn, i) => {
      try {
        const existing = engine.functions.byName(fn.name);
        engine.functions.save({ ...fn, ...(existing !== undefined ? { id: existing.id } : {}) });
      } catch (err) {
        throw new ConfigError(`${file}: functions[${i}]: ${(err as Error).message}`);
      }
    });
    // The file is declarative: a bucket it names gets exactly its triggers.
    const byBucket = new Map<string, { input: TriggerInput; index: number }[]>();
    (config.triggers ?? []).forEach((t, index) => {
      const fn = engine.functions.byName(t.function)!;
      const input: TriggerInput = {
        ...(t.name !== undefined ? { name: t.name } : {}),
        connectionId: LOCAL_CONNECTION_ID,
        bucket: t.bucket,
        events: t.events,
        prefix: t.prefix ?? '',
        suffix: t.suffix ?? '',
        format: t.format,
        functionId: fn.id,
        ...(t.enabled !== undefined ? { enabled: t.enabled } : {}),
      };
      byBucket.set(t.bucket, [...(byBucket.get(t.bucket) ?? []), { input, index }]);
    });
    for (const [bucket, list] of byBucket) {
      try {
        engine.triggers.replaceBucket(LOCAL_CONNECTION_ID, bucket, list.map((l) => l.input));
      } catch (err) {
        const message = err instanceof AppError || err instanceof Error ? err.message : String(err);
        throw new ConfigError(`${file}: triggers (bucket ${bucket}, entries ${list.map((l) => l.index).join(', ')}): ${message}`);
      }
    }
    await engine.notificationSync.settled();
  } catch (err) {
    off();
    await engine.close();
    throw err;
  }
  return {
    engine,
    stop: async () => {
      off();
      await engine.close();
    },
  };
}

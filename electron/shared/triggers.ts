// Triggers, functions and dead letters as they cross the contract (and as the headless config spells them).
// Schemas live next to the types so contract.ts, the services and `serve --config` validate the same way.
import { z } from 'zod';
import type { ExecutionRecord } from './timeline.ts';

/** Payload dialect: COS for SCF-style handlers, S3 for Lambda-style. */
export const DIALECTS = ['cos', 's3'] as const;
export type Dialect = (typeof DIALECTS)[number];

export const RUNTIMES = ['nodejs', 'python', 'webhook'] as const;
export type RuntimeKind = (typeof RUNTIMES)[number];

/** Event selectors a trigger accepts, in either dialect's spelling. */
export const TRIGGER_EVENT_NAMES = [
  'cos:ObjectCreated:*',
  'cos:ObjectCreated:Put',
  'cos:ObjectCreated:Post',
  'cos:ObjectCreated:Copy',
  'cos:ObjectCreated:CompleteMultipartUpload',
  'cos:ObjectRemove:*',
  'cos:ObjectRemove:Delete',
  'cos:ObjectRemove:DeleteMarkerCreated',
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
] as const;
export type TriggerEventName = (typeof TRIGGER_EVENT_NAMES)[number];

/** Connection id of the embedded server (the one whose server emits events natively). */
export const LOCAL_CONNECTION_ID = 'local';

export interface TriggerDto {
  id: string;
  name: string;
  connectionId: string;
  bucket: string;
  events: TriggerEventName[];
  prefix: string;
  suffix: string;
  format: Dialect;
  /** Target function id. */
  functionId: string;
  enabled: boolean;
  createdAt: string;
}

export interface TriggerInput {
  id?: string | undefined;
  name?: string | undefined;
  connectionId: string;
  bucket: string;
  events: TriggerEventName[];
  prefix?: string | undefined;
  suffix?: string | undefined;
  format: Dialect;
  functionId: string;
  enabled?: boolean | undefined;
  createdAt?: string | undefined;
}

export interface FunctionDto {
  id: string;
  name: string;
  runtime: RuntimeKind;
  /** nodejs/python: a folder or a file. */
  path?: string;
  /** nodejs/python: `<file>.<export>`, e.g. `index.main_handler`. */
  handler?: string;
  /** webhook: target URL and extra headers. */
  url?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  memoryMb: number;
  /** Most executions of this function running at once (more wait in line). */
  concurrency: number;
  env: Record<string, string>;
  createdAt: string;
}

export interface FunctionInput {
  id?: string | undefined;
  name: string;
  runtime: RuntimeKind;
  path?: string | undefined;
  handler?: string | undefined;
  url?: string | undefined;
  headers?: Record<string, string> | undefined;
  timeoutMs?: number | undefined;
  memoryMb?: number | undefined;
  concurrency?: number | undefined;
  env?: Record<string, string> | undefined;
  createdAt?: string | undefined;
}

export interface RuntimeAvailability {
  runtime: RuntimeKind;
  available: boolean;
  /** e.g. "Python 3.11.2" or "Node.js v20.20.2". */
  version?: string;
  /** Why it is unavailable (shown in the UI). */
  reason?: string;
}

/**
 * A test invocation: a synthetic event in the chosen dialect (the Functions screen); with `eventId`, a replay of an
 * event recorded on the timeline, whose payload the function gets again exactly as it was delivered (after fixing
 * a handler, say); with `payload`, a JSON document of the user's own (an event copied from a cloud console). One
 * of the three.
 */
export interface InvokeInput {
  id: string;
  eventId?: string | undefined;
  payload?: unknown;
  event?:
    | {
        type?: string | undefined;
        bucket?: string | undefined;
        key?: string | undefined;
        size?: number | undefined;
        format?: Dialect | undefined;
      }
    | undefined;
}

export type InvokeResult = ExecutionRecord;

/** A function's code for the editor (functions.readCode). */
export interface FunctionCode {
  /** The folder whose files are editable (absolute). */
  root: string;
  /** Relative paths with '/' separators; node_modules, .git and the like are not walked. */
  files: { path: string; size: number }[];
  /** More files than were listed. */
  truncated: boolean;
  /** The handler's file, relative to root (e.g. 'index.mjs'); '' when it cannot be found. */
  entry: string;
  /** The entry file's text ('' when there is no entry). */
  content: string;
}

/** functions.scaffold: a new Node.js or Python function with a starter handler in `<dataDir>/functions/<name>/`
 * (or in `path`, which must be missing or an empty folder). */
export interface ScaffoldInput {
  name: string;
  runtime: 'nodejs' | 'python';
  path?: string | undefined;
}

export interface DeadLetterDto {
  id: string;
  functionId: string;
  function: string;
  triggerId: string;
  eventId: string;
  eventName: string;
  bucket: string;
  key: string;
  /** The payload exactly as it was delivered (redelivery sends the same). */
  payload: unknown;
  attempts: number;
  lastStatus: string;
  lastError?: string;
  failedAt: string;
  actionId?: string;
}

export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_MEMORY_MB = 128;
export const DEFAULT_CONCURRENCY = 10;

const name = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only');
const idSchema = z.string().min(1).max(200);
const envSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Invalid variable name'), z.string().max(32_768));

export const triggerEventNameSchema = z.enum(TRIGGER_EVENT_NAMES, {
  error: (issue) => `Unknown event type ${JSON.stringify(issue.input)}; use e.g. cos:ObjectCreated:* or s3:ObjectRemoved:Delete`,
});

export const triggerInputSchema = z
  .object({
    id: idSchema.optional(),
    name: z.string().trim().max(100).optional(),
    connectionId: idSchema,
    bucket: z.string().min(1).max(255),
    events: z.array(triggerEventNameSchema).min(1, 'Choose at least one event type').max(16),
    prefix: z.string().max(1024).optional(),
    suffix: z.string().max(1024).optional(),
    format: z.enum(DIALECTS),
    functionId: idSchema,
    enabled: z.boolean().optional(),
    /** Ignored: lets a client save back the DTO it listed. */
    createdAt: z.string().max(64).optional(),
  })
  .strict();

export const functionInputSchema = z
  .object({
    id: idSchema.optional(),
    name,
    runtime: z.enum(RUNTIMES),
    path: z.string().min(1).max(4096).optional(),
    handler: z
      .string()
      .regex(/^[A-Za-z0-9_./-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/, 'Handler is <file>.<export>, e.g. index.main_handler')
      .optional(),
    url: z.url({ protocol: /^https?$/, message: 'Webhook URL must be http(s)' }).optional(),
    headers: z.record(z.string().min(1).max(256), z.string().max(8192)).optional(),
    timeoutMs: z.number().int().min(100).max(900_000).optional(),
    memoryMb: z.number().int().min(16).max(10_240).optional(),
    concurrency: z.number().int().min(1).max(1000).optional(),
    env: envSchema.optional(),
    /** Ignored: lets a client save back the DTO it listed. */
    createdAt: z.string().max(64).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.runtime === 'webhook' && f.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'A webhook needs a URL' });
    if (f.runtime !== 'webhook' && f.path === undefined)
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'A handler needs a folder or file path' });
  });

export const invokeInputSchema = z
  .object({
    id: idSchema,
    eventId: idSchema.optional(),
    payload: z
      .json()
      .refine((p) => JSON.stringify(p).length <= MAX_CUSTOM_PAYLOAD_CHARS, { message: 'A custom event is limited to 256 KB of JSON' })
      .optional(),
    event: z
      .object({
        type: z.string().max(64).optional(),
        bucket: z.string().max(255).optional(),
        key: z.string().max(1024).optional(),
        size: z.number().int().min(0).optional(),
        format: z.enum(DIALECTS).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((i) => [i.eventId, i.event, i.payload].filter((x) => x !== undefined).length <= 1, {
    message: 'Give one of: a sample event, the id of a recorded event to replay, or a custom payload',
    path: ['eventId'],
  });

/** S3/SCF deliver at most 256 KB per event; a custom test payload has the same bound. */
export const MAX_CUSTOM_PAYLOAD_CHARS = 256 * 1024;

const codePath = z.string().min(1).max(1024);
export const readCodeSchema = z.object({ id: idSchema }).strict();
export const readFileSchema = z.object({ id: idSchema, path: codePath }).strict();
// 1 MiB of text is at most 1,048,576 UTF-16 units too; the service checks the UTF-8 byte size.
export const writeFileSchema = z.object({ id: idSchema, path: codePath, content: z.string().max(1024 * 1024) }).strict();
export const scaffoldSchema = z
  .object({ name, runtime: z.enum(['nodejs', 'python']), path: z.string().min(1).max(4096).optional() })
  .strict();

export const idInputSchema = z.object({ id: idSchema }).strict();
export const setEnabledSchema = z.object({ id: idSchema, enabled: z.boolean() }).strict();
export const triggerListSchema = z
  .object({ connectionId: idSchema.optional(), bucket: z.string().max(255).optional() })
  .strict()
  .optional();

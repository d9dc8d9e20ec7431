// AppApi['functions']: saved functions, test invocations, runtime availability.
//
// Constructor: new FunctionsService({ engine, functionsDir })
//   engine        TriggerEngine (notifications/engine.ts)
//   functionsDir  where scaffolded functions get their folder (<dataDir>/functions); undefined = scaffold refused
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_TYPES, type BucketEvent, type EventType } from '../../shared/bucket-event.ts';
import type { AppApi } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import type { ExecutionRecord } from '../../shared/timeline.ts';
import { LOCAL_CONNECTION_ID, type FunctionCode, type FunctionDto, type FunctionInput, type InvokeInput, type RuntimeAvailability, type ScaffoldInput } from '../../shared/triggers.ts';
import { codeRoot, listCodeFiles, readCodeFile, writeCodeFile } from '../functions/function-files.ts';
import { resolveHandler } from '../functions/resolve-handler.ts';
import { starterFor } from '../functions/starter-handlers.ts';
import type { TriggerEngine } from '../notifications/engine.ts';
import { deliveredEventName, normaliseEventName } from '../../shared/event-names.ts';
import { formatCosPayload } from '../notifications/format-cos.ts';
import { DEFAULT_FORMAT_CONTEXT } from '../notifications/format-context.ts';
import { formatS3Payload } from '../notifications/format-s3.ts';
import { nextSequencer } from '../notifications/sequencer.ts';
import { describeCustomPayload, recordTestInvocation, type TestInvocation } from '../timeline/test-invocation.ts';

export class FunctionsService implements Readonly<AppApi['functions']> {
  readonly #engine: TriggerEngine;
  readonly #functionsDir: string | undefined;

  constructor(options: { engine: TriggerEngine; functionsDir?: string | undefined }) {
    this.#engine = options.engine;
    this.#functionsDir = options.functionsDir;
  }

  async list(): Promise<FunctionDto[]> {
    return this.#engine.functions.list();
  }

  async save(input: FunctionInput): Promise<FunctionDto> {
    return this.#engine.functions.save(input);
  }

  async remove(input: { id: string }): Promise<void> {
    this.#engine.removeFunction(input.id);
  }

  async runtimes(): Promise<RuntimeAvailability[]> {
    return this.#engine.runner.runtimes();
  }

  /** Writes a starter handler into a new (or empty) folder, then saves the function with default limits. */
  async scaffold(input: ScaffoldInput): Promise<FunctionDto> {
    if (this.#engine.functions.byName(input.name) !== undefined) {
      throw new AppError({ code: 'Conflict', message: `A function named ${input.name} exists`, fields: { name: 'Name already used' } });
    }
    let dir: string;
    if (input.path !== undefined) dir = path.resolve(input.path);
    else if (this.#functionsDir !== undefined) dir = path.join(this.#functionsDir, input.name);
    else throw new AppError({ code: 'Unavailable', message: 'No data directory to create the function in; give a folder' });
    if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
      // Never overwrite someone's code: an existing folder with files is to be used as it is, through save.
      throw new AppError({
        code: 'Conflict',
        message: `${dir} already holds files`,
        hint: 'Choose another name, or save a function whose path is that folder',
        fields: { path: 'Folder is not empty' },
      });
    }
    const starter = starterFor(input.runtime);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, starter.file), starter.text);
    return this.#engine.functions.save({ name: input.name, runtime: input.runtime, path: dir, handler: 'index.main_handler' });
  }

  async readCode(input: { id: string }): Promise<FunctionCode> {
    const fn = this.#codeFunction(input.id);
    const code = codeRoot(fn.path ?? '');
    const { files, truncated } = listCodeFiles(code);
    let entry = '';
    try {
      const file = resolveHandler(fn.runtime === 'python' ? 'python' : 'nodejs', fn.path ?? '', fn.handler).file;
      entry = path.relative(code.root, file).split(path.sep).join('/');
    } catch {
      // No handler file yet: the editor shows the list and says so.
    }
    return { root: code.root, files, truncated, entry, content: entry === '' ? '' : readCodeFile(code, entry) };
  }

  async readFile(input: { id: string; path: string }): Promise<{ path: string; content: string }> {
    const fn = this.#codeFunction(input.id);
    return { path: input.path, content: readCodeFile(codeRoot(fn.path ?? ''), input.path) };
  }

  async writeFile(input: { id: string; path: string; content: string }): Promise<{ path: string; size: number }> {
    const fn = this.#codeFunction(input.id);
    writeCodeFile(codeRoot(fn.path ?? ''), input.path, input.content);
    // The runner notices a changed handler file by its mtime, but not a changed helper module it imports.
    // Retired, not dropped: an execution in progress finishes on the old code.
    this.#engine.runner.retire(fn.id);
    return { path: input.path, size: Buffer.byteLength(input.content, 'utf8') };
  }

  async stopTests(input: { id: string }): Promise<{ stopped: number }> {
    return { stopped: this.#engine.dispatcher.stopTests(input.id) };
  }

  #codeFunction(id: string): FunctionDto {
    const fn = this.#engine.functions.get(id);
    if (fn === undefined) throw new AppError({ code: 'NotFound', message: `No function ${id}` });
    if (fn.runtime === 'webhook') throw new AppError({ code: 'InvalidInput', message: `${fn.name} is a webhook: it has no code here` });
    return fn;
  }

  /**
   * Runs the function once with a synthetic event (format: the input's, else its first trigger's, else COS), or
   * with a recorded event's payload exactly as it was delivered; recorded as a test: no retries, no dead letter.
   */
  async invoke(input: InvokeInput): Promise<ExecutionRecord> {
    const fn = this.#engine.functions.get(input.id);
    if (fn === undefined) throw new AppError({ code: 'NotFound', message: `No function ${input.id}` });
    if (input.eventId !== undefined) return this.#replay(fn, input.eventId);
    if (input.payload !== undefined) return this.#invokeWith(fn, input.payload);
    const e = input.event ?? {};
    const type: EventType = (e.type !== undefined ? normaliseEventName(e.type) : undefined) ?? EVENT_TYPES[0];
    const removal = type.startsWith('ObjectRemoved:');
    const now = new Date();
    const event: BucketEvent = {
      type,
      bucket: e.bucket ?? 'test-bucket',
      key: e.key ?? 'test/hello world.txt',
      size: removal ? 0 : (e.size ?? 1024),
      etag: removal ? '' : 'd41d8cd98f00b204e9800998ecf8427e',
      versionId: '',
      sequencer: nextSequencer(now.getTime()),
      time: now.toISOString(),
      requestId: randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
      sourceIp: '127.0.0.1',
      contentType: 'text/plain',
      source: 'embedded',
    };
    const format = e.format ?? this.#engine.triggers.usingFunction(fn.id)[0]?.format ?? 'cos';
    const server = this.#engine.serverAccess;
    const ctx = {
      ...DEFAULT_FORMAT_CONTEXT,
      configurationId: 'test-invocation',
      functionName: fn.name,
      endpoint: server?.endpoint,
      ...(server !== undefined ? { region: server.region } : {}),
    };
    const payload = format === 'cos' ? formatCosPayload([event], ctx) : formatS3Payload(event, ctx);
    return this.#runTest(fn, { connectionId: LOCAL_CONNECTION_ID, eventName: deliveredEventName(type, format), bucket: event.bucket, key: event.key, payload });
  }

  /**
   * On the timeline as action -> the event (payload exactly as the handler gets it) -> execution, then run once:
   * no retries, no dead letter.
   */
  #runTest(fn: FunctionDto, test: Omit<TestInvocation, 'functionId' | 'function'>, note?: string): Promise<ExecutionRecord> {
    const { actionId, eventId } = recordTestInvocation(this.#engine.timeline, { functionId: fn.id, function: fn.name, ...test });
    return this.#engine.dispatcher.invokeOnce(fn, test.payload, eventId, actionId, note);
  }

  /** The user's own event document, passed through untouched. */
  #invokeWith(fn: FunctionDto, payload: unknown): Promise<ExecutionRecord> {
    return this.#runTest(fn, { connectionId: LOCAL_CONNECTION_ID, ...describeCustomPayload(payload), payload }, 'test invocation with a custom event');
  }

  #replay(fn: FunctionDto, recordedEventId: string): Promise<ExecutionRecord> {
    const original = this.#engine.timeline.findEvent(recordedEventId);
    if (original === undefined) throw new AppError({ code: 'NotFound', message: 'That event is no longer on the timeline (cleared, or older than the records kept).' });
    if (original.payload === undefined) {
      throw new AppError({ code: 'InvalidInput', message: `${original.eventName} on ${original.key} was not delivered to any function, so there is no payload to replay.` });
    }
    return this.#runTest(
      fn,
      {
        connectionId: original.connectionId ?? LOCAL_CONNECTION_ID,
        eventName: original.eventName,
        bucket: original.bucket,
        key: original.key,
        payload: original.payload,
        replayOf: { eventId: original.eventId, seq: original.seq },
      },
      `replay of event #${original.seq}`,
    );
  }
}

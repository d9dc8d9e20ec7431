// AppApi['functions']: saved functions, test invocations, runtime availability.
//
// Constructor: new FunctionsService({ engine })
//   engine  TriggerEngine (notifications/engine.ts)
import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type BucketEvent, type EventType } from '../../shared/bucket-event.ts';
import type { AppApi } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import type { ExecutionRecord } from '../../shared/timeline.ts';
import type { FunctionDto, FunctionInput, InvokeInput, RuntimeAvailability } from '../../shared/triggers.ts';
import type { TriggerEngine } from '../notifications/engine.ts';
import { normaliseEventName } from '../notifications/event-names.ts';
import { formatCosPayload } from '../notifications/format-cos.ts';
import { DEFAULT_FORMAT_CONTEXT } from '../notifications/format-context.ts';
import { formatS3Payload } from '../notifications/format-s3.ts';
import { nextSequencer } from '../notifications/sequencer.ts';

export class FunctionsService implements Readonly<AppApi['functions']> {
  readonly #engine: TriggerEngine;

  constructor(options: { engine: TriggerEngine }) {
    this.#engine = options.engine;
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

  /** Runs the function once with a synthetic event (format: the input's, else its first trigger's, else COS). */
  async invoke(input: InvokeInput): Promise<ExecutionRecord> {
    const fn = this.#engine.functions.get(input.id);
    if (fn === undefined) throw new AppError({ code: 'NotFound', message: `No function ${input.id}` });
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
    return this.#engine.dispatcher.invokeOnce(fn, payload, `test-${randomUUID()}`);
  }
}

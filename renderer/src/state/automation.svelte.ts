// Triggers, functions and dead letters. None of them is pushed by main, so each mutation reloads its list;
// dead letters are also reloaded shortly after a failed execution shows up in the timeline.
import type { ApiClient } from '../api/index.ts';
import type { AppErrorDto } from '../../../electron/shared/errors.ts';
import type { ExecutionRecord } from '../../../electron/shared/timeline.ts';
import type {
  DeadLetterDto,
  FunctionCode,
  FunctionDto,
  FunctionInput,
  InvokeInput,
  RuntimeAvailability,
  ScaffoldInput,
  TriggerDto,
  TriggerInput,
} from '../../../electron/shared/triggers.ts';
import { describeError } from '../lib/format/errors.ts';

export class AutomationState {
  triggers = $state.raw<TriggerDto[]>([]);
  functions = $state.raw<FunctionDto[]>([]);
  runtimes = $state.raw<RuntimeAvailability[]>([]);
  deadLetters = $state.raw<DeadLetterDto[]>([]);
  loaded = $state(false);
  error = $state<AppErrorDto | undefined>();

  #api: ApiClient;
  #off: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async start(): Promise<void> {
    this.#off = this.#api.onEvent((e) => {
      if (e.name === 'timeline' && e.payload.type === 'execution' && e.payload.status !== 'success' && e.payload.status !== 'running') {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.loadDeadLetters(), 400);
      }
      // Set from outside the window too (put-bucket-notification-configuration on the embedded server).
      if (e.name === 'triggers') void this.loadTriggers();
    });
    await Promise.all([this.loadTriggers(), this.loadFunctions(), this.loadDeadLetters(), this.#loadRuntimes()]);
    this.loaded = true;
  }

  dispose(): void {
    this.#off?.();
    clearTimeout(this.#timer);
  }

  async loadTriggers(): Promise<void> {
    try {
      this.triggers = await this.#api.triggers.list();
    } catch (err) {
      this.error = describeError(err);
    }
  }

  async loadFunctions(): Promise<void> {
    try {
      this.functions = await this.#api.functions.list();
    } catch (err) {
      this.error = describeError(err);
    }
  }

  async loadDeadLetters(): Promise<void> {
    try {
      this.deadLetters = await this.#api.deliveries.deadLetters();
    } catch {
      /* shown as empty */
    }
  }

  async #loadRuntimes(): Promise<void> {
    try {
      this.runtimes = await this.#api.functions.runtimes();
    } catch {
      /* every runtime is offered; main rejects what it cannot run */
    }
  }

  fn(id: string | undefined): FunctionDto | undefined {
    return id ? this.functions.find((f) => f.id === id) : undefined;
  }

  triggersFor(connectionId: string | undefined, bucket: string | undefined): TriggerDto[] {
    return this.triggers.filter((t) => t.connectionId === connectionId && t.bucket === bucket);
  }

  triggersOf(functionId: string): TriggerDto[] {
    return this.triggers.filter((t) => t.functionId === functionId);
  }

  async saveTrigger(input: TriggerInput): Promise<TriggerDto> {
    const saved = await this.#api.triggers.save(input);
    await this.loadTriggers();
    return saved;
  }

  async removeTrigger(id: string): Promise<void> {
    await this.#api.triggers.remove({ id });
    await this.loadTriggers();
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    const updated = await this.#api.triggers.setEnabled({ id, enabled });
    this.triggers = this.triggers.map((t) => (t.id === id ? updated : t));
  }

  async saveFunction(input: FunctionInput): Promise<FunctionDto> {
    const saved = await this.#api.functions.save(input);
    await this.loadFunctions();
    return saved;
  }

  async removeFunction(id: string): Promise<void> {
    await this.#api.functions.remove({ id });
    await Promise.all([this.loadFunctions(), this.loadTriggers()]);
  }

  /** A new Node.js/Python function with a starter handler that main writes into its data directory. */
  async scaffoldFunction(input: ScaffoldInput): Promise<FunctionDto> {
    const created = await this.#api.functions.scaffold(input);
    await this.loadFunctions();
    return created;
  }

  /** Unsaved editor text by function and file, so leaving a function's screen does not lose an edit. */
  readonly drafts = new Map<string, string>();

  static draftKey(id: string, path: string): string {
    return `${id}\u0000${path}`;
  }

  readCode(id: string): Promise<FunctionCode> {
    return this.#api.functions.readCode({ id });
  }

  readFile(id: string, path: string): Promise<{ path: string; content: string }> {
    return this.#api.functions.readFile({ id, path });
  }

  writeFile(id: string, path: string, content: string): Promise<{ path: string; size: number }> {
    return this.#api.functions.writeFile({ id, path, content });
  }

  invoke(input: InvokeInput): Promise<ExecutionRecord> {
    return this.#api.functions.invoke(input);
  }

  stopTests(id: string): Promise<{ stopped: number }> {
    return this.#api.functions.stopTests({ id });
  }

  async redeliver(id: string): Promise<void> {
    await this.#api.deliveries.redeliver({ id });
    await this.loadDeadLetters();
  }

  async discard(id: string): Promise<void> {
    await this.#api.deliveries.discard({ id });
    await this.loadDeadLetters();
  }
}

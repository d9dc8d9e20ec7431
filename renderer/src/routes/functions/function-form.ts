import { DEFAULT_CONCURRENCY, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, type FunctionDto, type FunctionInput, type RuntimeKind } from '../../../../electron/shared/triggers.ts';

export interface Pair {
  key: string;
  value: string;
}

export interface FunctionForm {
  id?: string;
  name: string;
  runtime: RuntimeKind;
  path: string;
  handler: string;
  url: string;
  headers: Pair[];
  timeoutMs: number;
  memoryMb: number;
  concurrency: number;
  env: Pair[];
}

const pairs = (r: Record<string, string> | undefined): Pair[] => Object.entries(r ?? {}).map(([key, value]) => ({ key, value }));

export function formFromFunction(f: FunctionDto | undefined): FunctionForm {
  return {
    id: f?.id,
    name: f?.name ?? '',
    runtime: f?.runtime ?? 'nodejs',
    path: f?.path ?? '',
    handler: f?.handler ?? 'index.main_handler',
    url: f?.url ?? '',
    headers: pairs(f?.headers),
    timeoutMs: f?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    memoryMb: f?.memoryMb ?? DEFAULT_MEMORY_MB,
    concurrency: f?.concurrency ?? DEFAULT_CONCURRENCY,
    env: pairs(f?.env),
  };
}

/** `needsPath: false` when main writes a starter handler (functions.scaffold) instead. */
export function validateFunction(form: FunctionForm, options: { needsPath?: boolean } = {}): Record<string, string> {
  const e: Record<string, string> = {};
  if (!form.name.trim()) e.name = 'Give the function a name.';
  else if (!/^[A-Za-z0-9_-]+$/.test(form.name.trim())) e.name = 'Use letters, digits, - and _ only.';
  if (form.runtime === 'webhook') {
    try {
      const u = new URL(form.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') e.url = 'The URL must start with http:// or https://.';
    } catch {
      e.url = 'Enter the URL the payload is POSTed to.';
    }
  } else {
    if (options.needsPath !== false && !form.path.trim()) e.path = 'Enter the folder or file that holds the handler.';
    if (!/^[A-Za-z0-9_./-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/.test(form.handler)) e.handler = 'Handler is <file>.<export>, e.g. index.main_handler.';
  }
  if (!(form.timeoutMs >= 100 && form.timeoutMs <= 900_000)) e.timeoutMs = 'Between 100 ms and 900,000 ms.';
  if (!(form.memoryMb >= 16 && form.memoryMb <= 10_240)) e.memoryMb = 'Between 16 and 10,240 MB.';
  if (!(form.concurrency >= 1 && form.concurrency <= 1000)) e.concurrency = 'Between 1 and 1,000.';
  const envError = pairsError(form.env);
  if (envError !== undefined) e.env = envError;
  return e;
}

/**
 * What is wrong with the environment variables, if anything: a bad name, a name given twice (only the last
 * was saved, silently) or a value without a name (dropped, silently). Names are trimmed as on save.
 */
function pairsError(list: Pair[]): string | undefined {
  const seen = new Set<string>();
  for (const p of list) {
    const key = p.key.trim();
    if (!key) {
      // (the value is not repeated here: it may be a secret)
      if (p.value !== '') return 'A value has no variable name: name it or clear it.';
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `“${key}” is not a valid variable name: letters, digits and _, not starting with a digit.`;
    if (seen.has(key)) return `${key} is set twice: keep one.`;
    seen.add(key);
  }
  return undefined;
}

const record = (list: Pair[]) => Object.fromEntries(list.filter((p) => p.key.trim()).map((p) => [p.key.trim(), p.value]));

export function toFunctionInput(form: FunctionForm): FunctionInput {
  const input: FunctionInput = {
    name: form.name.trim(),
    runtime: form.runtime,
    timeoutMs: Math.round(form.timeoutMs),
    memoryMb: Math.round(form.memoryMb),
    concurrency: Math.round(form.concurrency),
    env: record(form.env),
  };
  if (form.id) input.id = form.id;
  if (form.runtime === 'webhook') {
    input.url = form.url.trim();
    input.headers = record(form.headers);
  } else {
    input.path = form.path.trim();
    input.handler = form.handler.trim();
  }
  return input;
}

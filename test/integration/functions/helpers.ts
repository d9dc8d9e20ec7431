import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FunctionDto } from '../../../electron/shared/triggers.ts';

/** Writes files into a fresh temp folder and returns its path. */
export function writeFunction(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bucketscope-fn-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

let n = 0;
export function fnDto(partial: Partial<FunctionDto> & Pick<FunctionDto, 'runtime'>): FunctionDto {
  n += 1;
  return {
    id: `fn-${n}`,
    name: `fn${n}`,
    timeoutMs: 3000,
    memoryMb: 128,
    concurrency: 4,
    env: {},
    createdAt: new Date().toISOString(),
    ...partial,
  };
}

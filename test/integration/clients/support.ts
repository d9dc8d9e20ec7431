// Real S3 clients from Debian against the local server. A missing tool skips loudly with its install command,
// except under CI=true, where it fails (CI installs them in .ci/run).
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'vitest';

export interface Tool {
  /** Absolute path when found. */
  path: string | undefined;
  install: string;
}

export function findTool(candidates: string[], install: string, probe?: () => boolean): Tool {
  const path = candidates.find((p) => existsSync(p) && (probe?.() ?? true));
  return { path, install };
}

/** `it` when the tool exists; otherwise a loud skip, or a failing test under CI=true. */
export function itWithTool(tool: Tool, name: string, fn: (path: string) => Promise<void>, timeout = 60_000): void {
  if (tool.path) {
    const path = tool.path;
    it(name, () => fn(path), timeout);
  } else if (process.env.CI === 'true') {
    it(name, () => {
      throw new Error(`required tool missing under CI=true; install it with: ${tool.install}`);
    });
  } else {
    console.warn(`\n*** SKIPPING "${name}": tool not installed. Install it with: ${tool.install} ***\n`);
    it.skip(`${name} (tool missing: ${tool.install})`, () => undefined);
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a tool without the user's AWS settings leaking in (AWS_CA_BUNDLE unset, as rclone needs). */
export function run(file: string, args: string[], env: Record<string, string> = {}, cwd?: string): Promise<RunResult> {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('AWS_') || k.startsWith('RCLONE_')) delete base[k];
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: { ...base, ...env }, cwd, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}\n${stdout}`));
      else resolve({ stdout, stderr });
    });
  });
}

export const sha256File = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');

/** A small file and a 12 MiB file (multipart with 5 MiB parts). */
export async function makeFiles(dir: string): Promise<{ small: string; big: string }> {
  const small = join(dir, 'small.txt');
  const big = join(dir, 'big.bin');
  await writeFile(small, `hello from a real client ${randomBytes(8).toString('hex')}\n`);
  await writeFile(big, randomBytes(12 * 1024 * 1024));
  return { small, big };
}

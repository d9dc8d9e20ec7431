// Which function kinds can run here: Node always (it is us), Python when an interpreter answers, webhooks always.
import { execFile } from 'node:child_process';
import type { RuntimeAvailability } from '../../shared/triggers.ts';

export interface PythonProbe {
  available: boolean;
  command: string;
  version?: string;
  reason?: string;
}

function probe(command: string): Promise<PythonProbe> {
  return new Promise((resolve) => {
    execFile(command, ['-c', 'import sys, json; print(sys.version.split()[0])'], { timeout: 5000 }, (err, stdout) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        resolve({ available: false, command, reason: code === 'ENOENT' ? `${command} is not on PATH` : `${command} failed: ${err.message}` });
      } else resolve({ available: true, command, version: `Python ${stdout.trim()}` });
    });
  });
}

let cached: Promise<PythonProbe> | undefined;

/** First working interpreter among `BUCKETSCOPE_PYTHON`, `python3`, `/usr/bin/python3`. */
export function findPython(): Promise<PythonProbe> {
  cached ??= (async () => {
    const candidates = [process.env['BUCKETSCOPE_PYTHON'], 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
    let last: PythonProbe = { available: false, command: 'python3', reason: 'python3 is not on PATH' };
    for (const c of candidates) {
      const p = await probe(c);
      if (p.available) return p;
      if (c === 'python3') last = p;
    }
    return { ...last, reason: `${last.reason ?? 'python3 not found'}; install Python 3 (e.g. apt-get install python3) to run Python handlers` };
  })();
  return cached;
}

export async function runtimeAvailability(): Promise<RuntimeAvailability[]> {
  const python = await findPython();
  return [
    { runtime: 'nodejs', available: true, version: `Node.js ${process.version}` },
    python.available
      ? { runtime: 'python', available: true, ...(python.version ? { version: python.version } : {}) }
      : { runtime: 'python', available: false, reason: python.reason ?? 'python3 not found' },
    { runtime: 'webhook', available: true },
  ];
}

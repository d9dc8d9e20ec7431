// The CodeMirror language for a file, by its extension (a function's entry file follows its runtime).
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { python } from '@codemirror/lang-python';
import type { Extension } from '@codemirror/state';

export type CodeLanguage = 'javascript' | 'typescript' | 'python' | 'json' | 'text';

export function languageOf(path: string): CodeLanguage {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (['js', 'mjs', 'cjs', 'jsx'].includes(ext)) return 'javascript';
  if (['ts', 'mts', 'cts'].includes(ext)) return 'typescript';
  if (ext === 'py') return 'python';
  if (ext === 'json') return 'json';
  return 'text';
}

export function languageExtension(language: CodeLanguage): Extension {
  switch (language) {
    case 'javascript':
      return javascript();
    case 'typescript':
      return javascript({ typescript: true });
    case 'python':
      return python();
    case 'json':
      return json();
    default:
      return [];
  }
}

import { describe, expect, it } from 'vitest';
import { LayoutState, defaultBottomHeight } from './layout.svelte.ts';

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

describe('layout defaults', () => {
  it('starts the bottom panel shorter in a short window, never above 240 px or below 140 px', () => {
    expect(defaultBottomHeight(900)).toBe(240);
    expect(defaultBottomHeight(800)).toBe(240);
    expect(defaultBottomHeight(600)).toBe(180);
    expect(defaultBottomHeight(400)).toBe(140);
    expect(defaultBottomHeight(undefined)).toBe(240);
  });

  it('a height the user chose wins over the default', () => {
    const storage = memoryStorage();
    const first = new LayoutState(storage);
    first.bottomHeight = 420;
    first.save();
    expect(new LayoutState(storage).bottomHeight).toBe(420);
  });
});

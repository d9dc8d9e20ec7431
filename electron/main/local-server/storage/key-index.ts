// In-memory sorted index of one bucket's keys: binary search for listings, O(log n) lookups by prefix.
import type { KeyEntry, SortedKeys } from './object-store.ts';
import { compareUtf8 } from './utf8-order.ts';

export class KeyIndex implements SortedKeys {
  private keys: string[] = [];
  private readonly entries_ = new Map<string, KeyEntry>();

  get size(): number {
    return this.keys.length;
  }

  at(index: number): string {
    return this.keys[index] as string;
  }

  get(key: string): KeyEntry | undefined {
    return this.entries_.get(key);
  }

  /** Every entry, in key order. */
  *entries(): IterableIterator<KeyEntry> {
    for (const k of this.keys) yield this.entries_.get(k) as KeyEntry;
  }

  /** Bulk load at start-up: one sort instead of n insertions. */
  load(entries: KeyEntry[]): void {
    for (const e of entries) this.entries_.set(e.key, e);
    this.keys = [...this.entries_.keys()].sort(compareUtf8);
  }

  set(entry: KeyEntry): void {
    if (!this.entries_.has(entry.key)) {
      const i = this.lowerBound(entry.key);
      this.keys.splice(i, 0, entry.key);
    }
    this.entries_.set(entry.key, entry);
  }

  delete(key: string): void {
    if (!this.entries_.delete(key)) return;
    const i = this.lowerBound(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  /** Removes many keys: one pass over the sorted array instead of one splice per key. */
  deleteMany(keys: Iterable<string>): void {
    let removed = 0;
    const single: string[] = [];
    for (const k of keys) {
      if (!this.entries_.delete(k)) continue;
      removed++;
      if (single.length < 8) single.push(k);
    }
    if (removed === 0) return;
    if (removed <= 8) {
      for (const k of single) {
        const i = this.lowerBound(k);
        if (this.keys[i] === k) this.keys.splice(i, 1);
      }
      return;
    }
    this.keys = this.keys.filter((k) => this.entries_.has(k));
  }

  lowerBound(key: string, exclusive = false): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareUtf8(this.keys[mid] as string, key);
      if (c < 0 || (exclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  endOfPrefix(prefix: string, from: number): number {
    let lo = from;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string).startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// Warm instances per function: reuse an idle live instance (warm), otherwise start one (cold); reap
// instances idle longer than `idleMs`; drop every instance of a function whose code or settings changed.
import type { RuntimeInstance } from './types.ts';

interface Slot {
  instance: RuntimeInstance;
  busy: boolean;
  lastUsed: number;
  version: string;
}

/** The version of a busy instance whose code changed under it (matches no real version). */
const RETIRED = '\0retired';

export class InstancePool {
  private slots = new Map<string, Slot[]>();
  private reaper: NodeJS.Timeout;

  constructor(private readonly idleMs: number) {
    this.reaper = setInterval(() => this.reap(), Math.max(50, Math.min(idleMs / 2, 30_000)));
    this.reaper.unref();
  }

  /**
   * An idle warm instance of this function at this version, or a fresh one from `create` (cold).
   * `version` changes when the handler file or the function's settings change.
   */
  acquire(functionId: string, version: string, create: () => RuntimeInstance): { instance: RuntimeInstance; cold: boolean } {
    const slots = this.slots.get(functionId) ?? [];
    // A stale instance still running an execution finishes it; release() ends it afterwards.
    for (const slot of slots) {
      if (!slot.busy && (slot.version !== version || !slot.instance.alive)) slot.instance.kill();
    }
    const live = slots.filter((s) => (s.version === version && s.instance.alive) || (s.busy && s.instance.alive));
    const idle = live.find((s) => !s.busy && s.version === version);
    if (idle !== undefined) {
      idle.busy = true;
      this.slots.set(functionId, live);
      return { instance: idle.instance, cold: false };
    }
    const slot: Slot = { instance: create(), busy: true, lastUsed: Date.now(), version };
    live.push(slot);
    this.slots.set(functionId, live);
    return { instance: slot.instance, cold: true };
  }

  release(functionId: string, instance: RuntimeInstance): void {
    const slot = this.slots.get(functionId)?.find((s) => s.instance === instance);
    if (slot === undefined) return;
    slot.busy = false;
    slot.lastUsed = Date.now();
    if (!instance.alive || slot.version === RETIRED) this.remove(functionId, instance);
  }

  remove(functionId: string, instance: RuntimeInstance): void {
    instance.kill();
    const slots = this.slots.get(functionId)?.filter((s) => s.instance !== instance) ?? [];
    if (slots.length === 0) this.slots.delete(functionId);
    else this.slots.set(functionId, slots);
  }

  warmCount(functionId: string): number {
    return (this.slots.get(functionId) ?? []).filter((s) => s.instance.alive).length;
  }

  /**
   * Its code changed: idle instances end now, busy ones after their execution (never reused). The next
   * execution starts cold. Unlike drop(), a run in progress is not cut short.
   */
  retire(functionId: string): void {
    for (const slot of [...(this.slots.get(functionId) ?? [])]) {
      if (slot.busy) slot.version = RETIRED;
      else this.remove(functionId, slot.instance);
    }
  }

  /** Ends all instances of one function (function removed, app closing); `reason` ends a run in progress. */
  drop(functionId: string, reason?: string): void {
    for (const slot of this.slots.get(functionId) ?? []) slot.instance.kill(reason);
    this.slots.delete(functionId);
  }

  reap(now = Date.now()): void {
    for (const [functionId, slots] of this.slots) {
      const keep = slots.filter((s) => s.busy || (s.instance.alive && now - s.lastUsed < this.idleMs));
      for (const s of slots) if (!keep.includes(s)) s.instance.kill();
      if (keep.length === 0) this.slots.delete(functionId);
      else this.slots.set(functionId, keep);
    }
  }

  close(): void {
    clearInterval(this.reaper);
    for (const functionId of [...this.slots.keys()]) this.drop(functionId);
  }
}

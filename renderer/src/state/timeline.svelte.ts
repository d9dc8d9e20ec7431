// The live timeline: records arrive as push events (and once as a snapshot), are grouped action -> events
// -> executions, and flattened into rows for the virtualized list. Updates are batched per animation
// frame so a burst of 10,000 events re-renders once, not 10,000 times.
import type { ApiClient } from '../api/index.ts';
import { TIMELINE_MAX_BYTES, TIMELINE_MAX_RECORDS } from '../../../electron/shared/timeline.ts';
import type { ActionRecord, EventRecord, ExecutionRecord, ExecutionStatus, TimelineRecord } from '../../../electron/shared/timeline.ts';

export interface EventGroup {
  event: EventRecord;
  executions: ExecutionRecord[];
}

export interface TimelineGroup {
  id: string;
  firstSeq: number;
  action?: ActionRecord;
  events: EventGroup[];
}

export type TimelineRow =
  | { kind: 'action'; id: string; group: TimelineGroup; record: ActionRecord }
  | { kind: 'event'; id: string; group: TimelineGroup; record: EventRecord }
  | { kind: 'execution'; id: string; group: TimelineGroup; record: ExecutionRecord };

export interface ObjectActivity {
  ok: number;
  failed: number;
  running: number;
  time: string;
}

export const FAILED_STATUSES: ExecutionStatus[] = ['error', 'timeout', 'out-of-memory'];

/**
 * The executions that still tell an event's outcome: for each function, only its latest attempt. A retry or a
 * redelivered dead letter supersedes the failed attempts before it (same event id and function id, higher seq).
 */
export function currentExecutions(executions: readonly ExecutionRecord[]): readonly ExecutionRecord[] {
  // Most events ran one function once: no map to build on every derivation over a long timeline.
  if (executions.length < 2) return executions;
  const latest = new Map<string, ExecutionRecord>();
  for (const x of executions) {
    const seen = latest.get(x.functionId);
    if (!seen || seen.seq < x.seq) latest.set(x.functionId, x);
  }
  return executions.filter((x) => latest.get(x.functionId) === x);
}

/** What main keeps (its store trims at the same limits): a window open through a long session holds no more. */
const MAX_RECORDS = TIMELINE_MAX_RECORDS;
const MAX_CHARS = TIMELINE_MAX_BYTES;

/**
 * About how much of the budget a record takes, without serialising it: its logs, error and text result are what
 * grow without bound (a chatty handler writes up to 512 K characters a run); the rest is about a few hundred.
 */
function weight(r: TimelineRecord): number {
  if (r.type === 'action') return 400;
  if (r.type === 'event') return r.payload === undefined ? 400 : 2000;
  let n = 600;
  for (const line of r.logs) n += line.length + 1;
  if (r.error) n += (r.error.stack ?? r.error.message).length;
  if (typeof r.result === 'string') n += r.result.length;
  return n;
}
/** Records per request while loading the history. */
const SNAPSHOT_PAGE = 5_000;
/** Shortest time between two applications of pushed records. */
const FLUSH_INTERVAL_MS = 200;

export class TimelineState {
  /** Bumped on every flush; the derived rows read it. */
  version = $state(0);
  loaded = $state(false);
  filterBucket = $state('');
  filterEvent = $state('');
  filterStatus = $state<'' | 'ok' | 'failed' | 'running'>('');
  /** Case-insensitive text in the key, bucket, operation, event name or a function's name. */
  filterText = $state('');
  /** The Timeline tab's selected row. */
  selectedId = $state<string | undefined>();
  /** The Problems tab's selected row: each tab keeps its own selection and detail pane. */
  problemSelectedId = $state<string | undefined>();

  #api: ApiClient;
  #groups: TimelineGroup[] = [];
  #groupsById = new Map<string, TimelineGroup>();
  #eventGroups = new Map<string, { group: TimelineGroup; eg: EventGroup }>();
  #orphanExecutions = new Map<string, ExecutionRecord[]>();
  /**
   * Each group's rows, built again only when a record of the group changed (its revision): a flush re-derived
   * every row object of a 50,000-record timeline, several times a second while records stream in.
   */
  #revs = new WeakMap<TimelineGroup, number>();
  #groupRows = new WeakMap<TimelineGroup, { rev: number; rows: TimelineRow[] }>();
  /** Buckets and event names seen, kept as records arrive (recounted when groups are dropped). */
  #bucketNames = new Set<string>();
  #eventNameSet = new Set<string>();
  #pending: TimelineRecord[] = [];
  #scheduled = false;
  #lastFlush = -Infinity;
  #count = 0;
  #chars = 0;
  /** The highest record number seen: main numbers every record it pushes one after another. */
  #maxSeq = 0;
  #catchingUp = false;
  /** The history is loaded: only then is a gap in the pushed numbers something missed. */
  #snapshotDone = false;
  /** Older records were dropped in this window (or main's history is at its limit). */
  #trimmed = false;
  #off: (() => void) | undefined;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async start(): Promise<void> {
    // Subscribe first, then pull the snapshot: nothing falls between the two (DESIGN.md §3).
    this.#off = this.#api.onEvent((e) => {
      if (e.name === 'timeline') this.push(e.payload);
    });
    // The whole kept history, oldest first, in pages: one list() gave only main's default newest 1,000, so after a
    // restart or reload most of a long timeline (main keeps 50,000) was out of reach, its oldest group cut in half.
    try {
      let after = 0;
      for (;;) {
        const page = await this.#api.timeline.list({ afterSeq: after, limit: SNAPSHOT_PAGE });
        for (const r of page) {
          this.#add(r);
          if (r.seq > this.#maxSeq) this.#maxSeq = r.seq;
        }
        // Show what is there while the rest arrives.
        this.loaded = true;
        this.version++;
        if (page.length < SNAPSHOT_PAGE) break;
        after = page.at(-1)!.seq;
      }
    } finally {
      this.loaded = true;
      this.#snapshotDone = true;
      this.version++;
    }
  }

  /**
   * Selects a record from elsewhere (a function's recent runs, an object's "What it triggered"). A filter that
   * hides it is cleared, else the click showed nothing.
   */
  reveal(id: string): void {
    this.selectedId = id;
    if (this.rows.some((r) => r.id === id)) return;
    this.filterBucket = '';
    this.filterEvent = '';
    this.filterStatus = '';
    this.filterText = '';
  }

  dispose(): void {
    this.#off?.();
  }

  push(record: TimelineRecord): void {
    // A jump in the numbers is records this window never got (the socket was down longer than main's replay of
    // missed events covers): fetch them from the kept history.
    if (this.#snapshotDone && record.seq > this.#maxSeq + 1) void this.#catchUp();
    if (record.seq > this.#maxSeq) this.#maxSeq = record.seq;
    this.#pending.push(record);
    if (this.#scheduled) return;
    this.#scheduled = true;
    const flush = () => {
      this.#scheduled = false;
      this.#lastFlush = performance.now();
      for (const r of this.#pending.splice(0)) this.#add(r);
      this.version++;
    };
    if (typeof requestAnimationFrame !== 'function') return queueMicrotask(flush);
    // Every flush re-derives the rows, filters and per-object activity from the whole timeline: at most one per
    // FLUSH_INTERVAL_MS, so a burst of events (a bulk upload) does not redo that work every frame. Done so, the
    // window took so much CPU that the embedded server served the burst about 2.5 times slower.
    const wait = this.#lastFlush + FLUSH_INTERVAL_MS - performance.now();
    if (wait <= 0) requestAnimationFrame(flush);
    else setTimeout(() => requestAnimationFrame(flush), wait);
  }

  /** Pages the kept history after the last record before the gap, until it is closed; one run at a time. */
  async #catchUp(): Promise<void> {
    if (this.#catchingUp) return;
    this.#catchingUp = true;
    const from = this.#maxSeq;
    try {
      let after = from;
      for (;;) {
        const page = await this.#api.timeline.list({ afterSeq: after, limit: SNAPSHOT_PAGE });
        for (const r of page) this.#pending.push(r);
        if (page.length < SNAPSHOT_PAGE) break;
        after = page.at(-1)!.seq;
      }
      this.flush();
    } catch {
      // Unreachable main: the next push after the reconnect tries again.
      if (this.#maxSeq > from) this.#maxSeq = from;
    } finally {
      this.#catchingUp = false;
    }
  }

  /** Applies pending pushes now (tests). */
  flush(): void {
    for (const r of this.#pending.splice(0)) this.#add(r);
    this.version++;
  }

  async clear(): Promise<void> {
    await this.#api.timeline.clear();
    this.#groups = [];
    this.#groupsById.clear();
    this.#eventGroups.clear();
    this.#orphanExecutions.clear();
    this.#bucketNames.clear();
    this.#eventNameSet.clear();
    this.#count = 0;
    this.#chars = 0;
    this.#trimmed = false;
    this.selectedId = undefined;
    this.problemSelectedId = undefined;
    this.version++;
  }

  get groups(): readonly TimelineGroup[] {
    void this.version;
    return this.#groups;
  }

  #group(id: string, seq: number): TimelineGroup {
    let group = this.#groupsById.get(id);
    if (!group) {
      group = { id, firstSeq: seq, events: [] };
      this.#groupsById.set(id, group);
      this.#groups.push(group);
      if (this.#groups.length > 1 && this.#groups[this.#groups.length - 2]!.firstSeq > seq) this.#groups.sort((a, b) => a.firstSeq - b.firstSeq);
    }
    return group;
  }

  #touch(group: TimelineGroup) {
    this.#revs.set(group, (this.#revs.get(group) ?? 0) + 1);
  }

  #add(r: TimelineRecord) {
    this.#count++;
    this.#chars += weight(r);
    if (r.type === 'action') {
      const group = this.#group(r.actionId, r.seq);
      group.action = r;
      this.#bucketNames.add(r.bucket);
      this.#touch(group);
    } else if (r.type === 'event') {
      this.#eventNameSet.add(r.eventName);
      const existing = this.#eventGroups.get(r.eventId);
      if (existing) {
        this.#count--;
        this.#chars -= weight(existing.eg.event);
        existing.eg.event = r;
        this.#touch(existing.group);
      } else {
        const group = this.#group(r.actionId ?? `event:${r.eventId}`, r.seq);
        const eg: EventGroup = { event: r, executions: this.#orphanExecutions.get(r.eventId) ?? [] };
        this.#orphanExecutions.delete(r.eventId);
        group.events.push(eg);
        this.#eventGroups.set(r.eventId, { group, eg });
        if (!group.action) this.#bucketNames.add(group.events[0]!.event.bucket);
        this.#touch(group);
      }
    } else {
      const target = this.#eventGroups.get(r.eventId);
      if (target) this.#touch(target.group);
      const list = target ? target.eg.executions : (this.#orphanExecutions.get(r.eventId) ?? []);
      if (!target) this.#orphanExecutions.set(r.eventId, list);
      // A later record for the same execution (running -> success) replaces the earlier one, never the reverse: a
      // history page listing it running can arrive after the pushed final record.
      const at = list.findIndex((x) => x.executionId === r.executionId);
      if (at < 0) list.push(r);
      else {
        this.#count--;
        if (list[at]!.seq < r.seq) {
          this.#chars -= weight(list[at]!);
          list[at] = r;
        } else this.#chars -= weight(r);
      }
    }
    if (this.#count > MAX_RECORDS * 1.1 || this.#chars > MAX_CHARS * 1.1) this.#trim();
  }

  /** Drops the oldest groups until the window holds at most 90 % of the record and size budgets. */
  #trim() {
    let n = 0;
    while (n < this.#groups.length - 1 && (this.#count > MAX_RECORDS * 0.9 || this.#chars > MAX_CHARS * 0.9)) {
      const g = this.#groups[n++]!;
      this.#groupsById.delete(g.id);
      if (g.action) {
        this.#count--;
        this.#chars -= weight(g.action);
      }
      for (const eg of g.events) {
        this.#eventGroups.delete(eg.event.eventId);
        this.#count -= 1 + eg.executions.length;
        this.#chars -= weight(eg.event) + eg.executions.reduce((sum, x) => sum + weight(x), 0);
      }
    }
    this.#groups.splice(0, n);
    this.#trimmed = true;
    this.#bucketNames.clear();
    this.#eventNameSet.clear();
    for (const g of this.#groups) {
      const bucket = g.action?.bucket ?? g.events[0]?.event.bucket;
      if (bucket) this.#bucketNames.add(bucket);
      for (const eg of g.events) this.#eventNameSet.add(eg.event.eventName);
    }
  }

  /** A group's rows: its action, each event and the executions under it (cached per revision of the group). */
  #rowsOf(group: TimelineGroup): TimelineRow[] {
    const rev = this.#revs.get(group) ?? 0;
    const cached = this.#groupRows.get(group);
    if (cached?.rev === rev) return cached.rows;
    const rows: TimelineRow[] = [];
    if (group.action) rows.push({ kind: 'action', id: `a:${group.id}`, group, record: group.action });
    for (const eg of group.events) {
      rows.push({ kind: 'event', id: `e:${eg.event.eventId}`, group, record: eg.event });
      for (const x of eg.executions) rows.push({ kind: 'execution', id: `x:${x.executionId}`, group, record: x });
    }
    this.#groupRows.set(group, { rev, rows });
    return rows;
  }

  /**
   * The history is at (or near) what the timeline keeps: older records were or are about to be removed, which the
   * list says, rather than seeming to end at an arbitrary record.
   */
  get atLimit(): boolean {
    void this.version;
    return this.#trimmed || this.#count >= MAX_RECORDS * 0.9 || this.#chars >= MAX_CHARS * 0.9;
  }

  /** Every record held, in sequence order (for export). */
  allRecords(): TimelineRecord[] {
    const out: TimelineRecord[] = [];
    for (const g of this.#groups) {
      if (g.action) out.push(g.action);
      for (const eg of g.events) out.push(eg.event, ...eg.executions);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  groupStatus(group: TimelineGroup): 'ok' | 'failed' | 'running' | 'none' {
    let any = false;
    let running = false;
    if (group.action?.result === 'error') return 'failed';
    for (const eg of group.events) {
      if (eg.event.missing) return 'failed';
      for (const x of currentExecutions(eg.executions)) {
        any = true;
        if (FAILED_STATUSES.includes(x.status)) return 'failed';
        if (x.status === 'running') running = true;
      }
    }
    return running ? 'running' : any ? 'ok' : 'none';
  }

  buckets = $derived.by(() => {
    void this.version;
    return [...this.#bucketNames].sort();
  });

  eventNames = $derived.by(() => {
    void this.version;
    return [...this.#eventNameSet].sort();
  });

  /** Newest first; a group's events and executions indented under it. */
  rows: TimelineRow[] = $derived.by(() => {
    void this.version;
    const bucket = this.filterBucket;
    const eventName = this.filterEvent;
    const status = this.filterStatus;
    const text = this.filterText.trim().toLowerCase();
    const out: TimelineRow[] = [];
    for (let i = this.#groups.length - 1; i >= 0; i--) {
      const group = this.#groups[i]!;
      if (bucket && (group.action?.bucket ?? group.events[0]?.event.bucket) !== bucket) continue;
      if (eventName && !group.events.some((eg) => eg.event.eventName === eventName)) continue;
      if (text && !groupMentions(group, text)) continue;
      if (status) {
        const s = this.groupStatus(group);
        if (status === 'ok' ? s !== 'ok' && s !== 'none' : s !== status) continue;
      }
      for (const row of this.#rowsOf(group)) out.push(row);
    }
    return out;
  });

  selected: TimelineRow | undefined = $derived(this.selectedId ? this.rows.find((r) => r.id === this.selectedId) : undefined);

  /**
   * What the last action on an object triggered, for the object table's Events column: by connection, bucket and
   * key (two connections may each have a bucket 'data' with a key 'x.csv'), and by bucket and key on any connection.
   */
  activity = $derived.by(() => {
    void this.version;
    const map = new Map<string, ObjectActivity>();
    for (const g of this.#groups) {
      const bucket = g.action?.bucket ?? g.events[0]?.event.bucket;
      const key = g.action?.key ?? g.events[0]?.event.key;
      const connection = groupConnection(g);
      // A test invocation names a sample object: it did not happen to that object.
      if (!bucket || !key || g.action?.test) continue;
      const a: ObjectActivity = { ok: 0, failed: 0, running: 0, time: g.action?.time ?? g.events[0]?.event.time ?? '' };
      for (const eg of g.events) {
        for (const x of currentExecutions(eg.executions)) {
          if (x.status === 'success') a.ok++;
          else if (x.status === 'running') a.running++;
          else if (FAILED_STATUSES.includes(x.status)) a.failed++;
        }
      }
      map.set(`\u0000${bucket}\u0000${key}`, a);
      if (connection !== undefined) map.set(`${connection}\u0000${bucket}\u0000${key}`, a);
    }
    return map;
  });

  /** With a connection id, only what happened on that connection's bucket. */
  activityFor(bucket: string, key: string, connectionId?: string): ObjectActivity | undefined {
    return this.activity.get(`${connectionId ?? ''}\u0000${bucket}\u0000${key}`);
  }

  /**
   * Every group that touched this object, newest first (details panel "What it triggered"); with a connection id,
   * only on that connection (another connection's bucket of the same name is another bucket).
   */
  groupsFor(bucket: string, key: string, connectionId?: string): TimelineGroup[] {
    void this.version;
    const out: TimelineGroup[] = [];
    for (let i = this.#groups.length - 1; i >= 0 && out.length < 20; i--) {
      const g = this.#groups[i]!;
      if (g.action?.test) continue;
      if (connectionId !== undefined && groupConnection(g) !== undefined && groupConnection(g) !== connectionId) continue;
      if ((g.action?.bucket ?? g.events[0]?.event.bucket) === bucket && (g.action?.key ?? g.events[0]?.event.key) === key) out.push(g);
    }
    return out;
  }

  /** A function's latest executions with the event and group each belongs to, newest first. */
  executionsOf(functionId: string, limit = 20): { group: TimelineGroup; event: EventRecord; execution: ExecutionRecord }[] {
    void this.version;
    const out: { group: TimelineGroup; event: EventRecord; execution: ExecutionRecord }[] = [];
    for (let i = this.#groups.length - 1; i >= 0 && out.length < limit; i--) {
      const group = this.#groups[i]!;
      for (const eg of group.events) {
        for (const x of eg.executions) if (x.functionId === functionId && out.length < limit) out.push({ group, event: eg.event, execution: x });
      }
    }
    return out;
  }

  /** Events that were expected but never arrived: they still need attention (the Problems count). */
  missingCount = $derived.by(() => {
    void this.version;
    let n = 0;
    for (const g of this.#groups) for (const eg of g.events) if (eg.event.missing) n++;
    return n;
  });

  /** Failed executions not superseded by a later attempt, failed actions and missing events, newest first. */
  problems = $derived.by(() => {
    void this.version;
    const out: TimelineRow[] = [];
    for (let i = this.#groups.length - 1; i >= 0; i--) {
      const group = this.#groups[i]!;
      if (group.action?.result === 'error') out.push({ kind: 'action', id: `a:${group.id}`, group, record: group.action });
      for (const eg of group.events) {
        if (eg.event.missing) out.push({ kind: 'event', id: `e:${eg.event.eventId}`, group, record: eg.event });
        // A failed test invocation is shown where it was run, not as a delivery needing attention.
        if (eg.event.source === 'test') continue;
        for (const x of currentExecutions(eg.executions)) if (FAILED_STATUSES.includes(x.status)) out.push({ kind: 'execution', id: `x:${x.executionId}`, group, record: x });
      }
    }
    return out;
  });
}

/** The connection a group happened on (an unattributed event may not say). */
function groupConnection(group: TimelineGroup): string | undefined {
  return group.action?.connectionId ?? group.events[0]?.event.connectionId;
}

/** Whether a group's action, events or executions mention `text` (already lower-case) where a user would look. */
function groupMentions(group: TimelineGroup, text: string): boolean {
  const a = group.action;
  const fields = [a?.bucket, a?.key, a?.operation, a?.test?.function];
  for (const eg of group.events) {
    fields.push(eg.event.bucket, eg.event.key, eg.event.eventName);
    for (const x of eg.executions) fields.push(x.function);
  }
  return fields.some((f) => f !== undefined && f.toLowerCase().includes(text));
}

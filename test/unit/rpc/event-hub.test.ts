import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../electron/main/rpc/event-hub.ts';

describe('EventHub', () => {
  it('numbers events and replays what a late subscriber missed', () => {
    const hub = new EventHub();
    hub.emit('connections', { changed: true });
    hub.emit('connections', { changed: true });
    const seen: number[] = [];
    hub.subscribe((event) => seen.push(event.seq));
    hub.emit('connections', { changed: true });
    expect(seen).toEqual([3]);
    expect(hub.since(1).map((event) => event.seq)).toEqual([2, 3]);
    expect(hub.lastSeq).toBe(3);
  });

  it('keeps a bounded window and keeps delivering when a listener throws', () => {
    const hub = new EventHub(3);
    const seen: number[] = [];
    hub.subscribe(() => {
      throw new Error('broken transport');
    });
    hub.subscribe((event) => seen.push(event.seq));
    for (let i = 0; i < 5; i++) hub.emit('connections', { changed: true });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(hub.since(0).map((event) => event.seq)).toEqual([3, 4, 5]);
  });

  it('stops delivering after unsubscribe', () => {
    const hub = new EventHub();
    const seen: number[] = [];
    const off = hub.subscribe((event) => seen.push(event.seq));
    hub.emit('connections', { changed: true });
    off();
    hub.emit('connections', { changed: true });
    expect(seen).toEqual([1]);
  });
});

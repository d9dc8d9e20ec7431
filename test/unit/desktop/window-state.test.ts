import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  parseWindowState,
  restoreWindowState,
  trackWindowState,
  type Rect,
  type WindowState,
} from '../../../electron/main/platform/window-state.ts';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window state restore', () => {
  it('restores a saved state that is on a display', () => {
    const saved = { x: 1600, y: 100, width: 1300, height: 900, maximized: true };
    expect(restoreWindowState(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('centres a window whose monitor is gone, clamped to the primary work area', () => {
    const saved = { x: 1600, y: 100, width: 2000, height: 1200, maximized: false };
    expect(restoreWindowState(saved, [laptop])).toEqual({ width: 1440, height: 875, maximized: false });
  });

  it('moves a window that only peeks in by a few pixels', () => {
    const saved = { x: 1435, y: 10, width: 1000, height: 700, maximized: false };
    expect(restoreWindowState(saved, [laptop]).x).toBeUndefined();
  });

  it('falls back to defaults for missing or hand-mangled state', () => {
    for (const bad of [undefined, null, 'big', { width: 'x', height: 2 }, { width: 10, height: 10 }, { width: NaN, height: 700 }]) {
      expect(parseWindowState(bad)).toBeUndefined();
      expect(restoreWindowState(bad, [rightMonitor])).toEqual(DEFAULT_WINDOW_STATE);
    }
    expect(parseWindowState({ width: 1000.4, height: 700, x: 'a', y: 3 })).toEqual({ width: 1000, height: 700, maximized: false });
  });
});

describe('window state tracking', () => {
  afterEach(() => vi.useRealTimers());

  function fakeWindow() {
    const emitter = new EventEmitter();
    const win = Object.assign(emitter, {
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      maximized: false,
      destroyed: false,
      getNormalBounds: () => win.bounds,
      isMaximized: () => win.maximized,
      isFullScreen: () => false,
      isDestroyed: () => win.destroyed,
    });
    return win;
  }

  it('saves once after moves settle, and on close', () => {
    vi.useFakeTimers();
    const win = fakeWindow();
    const saved: WindowState[] = [];
    trackWindowState(win, (s) => saved.push(s), 500);
    win.emit('move');
    win.bounds = { x: 30, y: 40, width: 1100, height: 750 };
    win.emit('resize');
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(saved).toEqual([{ x: 30, y: 40, width: 1100, height: 750, maximized: false, fullScreen: false }]);
    win.maximized = true;
    win.emit('maximize');
    win.emit('close');
    expect(saved[1]).toMatchObject({ maximized: true, width: 1100 });
    vi.advanceTimersByTime(1000);
    expect(saved).toHaveLength(2);
  });

  it('saves nothing from a destroyed window', () => {
    const win = fakeWindow();
    const saved: WindowState[] = [];
    const flush = trackWindowState(win, (s) => saved.push(s));
    win.destroyed = true;
    flush();
    expect(saved).toEqual([]);
  });
});

// Window size, position and maximized state, saved on change and restored at start-up. Pure: the
// caller supplies the displays' work areas, so a window saved on a monitor that is gone comes back on
// a visible one instead of off-screen.
import type { WindowBounds } from './window-options.ts';

export interface WindowState extends WindowBounds {
  maximized: boolean;
  fullScreen?: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Accepts only a well-formed saved state (the settings file is user-editable). */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (!isFiniteNumber(v.width) || !isFiniteNumber(v.height) || v.width < 100 || v.height < 100) return undefined;
  const state: WindowState = { width: Math.round(v.width), height: Math.round(v.height), maximized: v.maximized === true };
  if (isFiniteNumber(v.x) && isFiniteNumber(v.y)) {
    state.x = Math.round(v.x);
    state.y = Math.round(v.y);
  }
  if (v.fullScreen === true) state.fullScreen = true;
  return state;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The state to open the window with: the saved one when enough of it is on some display (at least a
 * 100x50 area, enough to grab the title bar), otherwise the saved size clamped to the primary work area
 * and centred (no x/y).
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const state = parseWindowState(saved) ?? { ...DEFAULT_WINDOW_STATE };
  const primary = workAreas[0];
  if (state.x !== undefined && state.y !== undefined) {
    const rect: Rect = { x: state.x, y: state.y, width: state.width, height: state.height };
    const visible = workAreas.some((area) => overlap(rect, area) >= 100 * 50);
    if (visible) return state;
  }
  const { x: _x, y: _y, ...rest } = state;
  if (!primary) return rest;
  return { ...rest, width: Math.min(rest.width, primary.width), height: Math.min(rest.height, primary.height) };
}

/** The part of BrowserWindow the tracker reads. */
export interface TrackedWindow {
  on(event: string, listener: (...args: any[]) => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isDestroyed(): boolean;
}

/** Saves the window's state after moves/resizes settle and once more on close. Returns a flush function. */
export function trackWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  debounceMs = 500,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const snapshot = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed()) return;
    // Normal bounds, not current ones: a maximized window reopens maximized over its old normal size.
    const bounds = win.getNormalBounds();
    save({ ...bounds, maximized: win.isMaximized(), fullScreen: win.isFullScreen() });
  };
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(snapshot, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen']) {
    win.on(event, schedule);
  }
  win.on('close', snapshot);
  return snapshot;
}

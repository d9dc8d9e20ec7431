// BrowserWindow options as a pure function, so a unit test can assert the security switches without
// Electron. See https://www.electronjs.org/docs/latest/tutorial/security (checklist items 2-4, 6, 9).
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface WindowBounds {
  x?: number | undefined;
  y?: number | undefined;
  width: number;
  height: number;
}

export interface WindowOptionsInput {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
  bounds: WindowBounds;
  title?: string;
  /** Matches the renderer's first paint so the window does not flash white. */
  backgroundColor?: string;
  /** Linux window icon (other platforms take it from the app bundle). */
  icon?: string | undefined;
}

export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 560;

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // The page runs in its own JS world and an OS-level sandbox; it reaches main only through the
    // preload's allowlisted bridge.
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { bounds } = input;
  const options: BrowserWindowConstructorOptions = {
    width: Math.max(bounds.width, MIN_WIDTH),
    height: Math.max(bounds.height, MIN_HEIGHT),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: input.title ?? 'Bucketscope',
    backgroundColor: input.backgroundColor ?? '#0f172a',
    // Shown on 'ready-to-show' so the user never sees an empty frame.
    show: false,
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(input.preloadPath),
  };
  if (bounds.x !== undefined && bounds.y !== undefined) {
    options.x = bounds.x;
    options.y = bounds.y;
  } else {
    options.center = true;
  }
  if (input.icon) options.icon = input.icon;
  return options;
}

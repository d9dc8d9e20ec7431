import { describe, expect, it } from 'vitest';
import { createWindowOptions, MIN_HEIGHT, MIN_WIDTH, secureWebPreferences } from '../../../electron/main/platform/window-options.ts';

describe('BrowserWindow options', () => {
  const options = createWindowOptions({ preloadPath: '/app/out/preload/index.cjs', bounds: { width: 1200, height: 800 } });
  const prefs = options.webPreferences!;

  it('isolates and sandboxes the page, with no Node integration anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads the built CommonJS preload and nothing else', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(Object.keys(prefs).sort()).toEqual(Object.keys(secureWebPreferences('x')).sort());
  });

  it('opens hidden (shown on ready-to-show), centred when no position was saved', () => {
    expect(options.show).toBe(false);
    expect(options.center).toBe(true);
    expect(options.x).toBeUndefined();
  });

  it('uses a saved position and never opens smaller than the minimum size', () => {
    const placed = createWindowOptions({ preloadPath: 'p', bounds: { x: 40, y: 50, width: 300, height: 200 } });
    expect(placed).toMatchObject({ x: 40, y: 50, width: MIN_WIDTH, height: MIN_HEIGHT, minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT });
    expect(placed.center).toBeUndefined();
    expect(placed.webPreferences?.sandbox).toBe(true);
  });
});

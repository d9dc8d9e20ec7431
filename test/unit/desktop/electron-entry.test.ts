// The Electron entry (electron/main/index.ts) wired against a stand-in `electron` module: the only way to
// check the lifecycle here, where Electron's binary cannot run. The fake records what index.ts asks of
// Electron; the host is replaced too (its own tests cover it). Everything index.ts decides with comes
// from the pure platform modules, tested on their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  type Listener = (...args: any[]) => unknown;
  const state = {
    dir: '',
    lock: true,
    appListeners: new Map<string, Listener[]>(),
    windows: [] as any[],
    calls: [] as string[],
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    ipcHandlers: new Map<string, Listener>(),
    menu: undefined as unknown,
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    opened: [] as string[],
    hostOptions: undefined as any,
  };
  const emitter = () => {
    const listeners = new Map<string, Listener[]>();
    return {
      listeners,
      on(event: string, fn: Listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), fn]);
        return this;
      },
      once(event: string, fn: Listener) {
        return this.on(event, fn);
      },
      emit(event: string, ...args: unknown[]) {
        for (const fn of listeners.get(event) ?? []) fn(...args);
      },
    };
  };
  class FakeBrowserWindow {
    static getAllWindows = () => state.windows.filter((w) => !w.destroyed);
    static getFocusedWindow = () => null;
    options: any;
    destroyed = false;
    minimized = false;
    loaded: string[] = [];
    events = emitter();
    webContents: any;
    constructor(options: any) {
      this.options = options;
      const contents = emitter();
      this.webContents = Object.assign(contents, {
        id: state.windows.length + 1,
        sent: [] as unknown[],
        send: (...args: unknown[]) => this.webContents.sent.push(args),
        isDestroyed: () => this.destroyed,
        setWindowOpenHandler: vi.fn(),
      });
      state.windows.push(this);
    }
    on(event: string, fn: Listener) {
      this.events.on(event, fn);
      return this;
    }
    once(event: string, fn: Listener) {
      this.events.on(event, fn);
      return this;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => this.minimized;
    restore = () => state.calls.push('restore');
    show = () => state.calls.push('show');
    focus = () => state.calls.push('focus');
    maximize = () => state.calls.push('maximize');
    setFullScreen = () => state.calls.push('fullscreen');
    getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 });
    isMaximized = () => false;
    isFullScreen = () => false;
  }
  const electron = {
    app: {
      isPackaged: false,
      getPath: (name: string) => `${state.dir}/${name}`,
      getVersion: () => '9.8.7',
      getName: () => 'Bucketscope',
      requestSingleInstanceLock: () => state.lock,
      quit: () => state.calls.push('quit'),
      exit: () => state.calls.push('exit'),
      setAppUserModelId: () => state.calls.push('appUserModelId'),
      enableSandbox: () => state.calls.push('enableSandbox'),
      whenReady: () => Promise.resolve(),
      on(event: string, fn: Listener) {
        state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), fn]);
      },
    },
    BrowserWindow: FakeBrowserWindow,
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => (state.menu = menu) },
    Notification: class {
      static isSupported = () => true;
      on() {}
      show() {}
    },
    clipboard: { writeText: () => {} },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showMessageBox: async () => ({ response: 0 }),
      showErrorBox: (title: string) => state.calls.push(`error-box:${title}`),
    },
    ipcMain: {
      handle: (channel: string, fn: Listener) => state.ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => state.ipcHandlers.delete(channel),
    },
    net: { fetch: async () => new Response('ok') },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
      handle: (scheme: string, fn: Listener) => state.protocolHandlers.set(scheme, fn),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Listener) => (state.permissionCheck = fn),
      },
    },
    shell: {
      openExternal: async (url: string) => void state.opened.push(url),
      openPath: async () => '',
      showItemInFolder: (p: string) => state.calls.push(`show-item:${p}`),
    },
  };
  return { state, electron, emitter };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
vi.mock('../../../electron/main/host.ts', async () => {
  const { EventHub } = await import('../../../electron/main/rpc/event-hub.ts');
  const { DEFAULT_SETTINGS } = await import('../../../electron/shared/settings.ts');
  return {
    createHost: async (options: unknown) => {
      fake.state.hostOptions = options;
      const hub = new EventHub();
      return {
        api: {},
        dispatch: async (method: string) => ({ ok: true, result: method }),
        hub,
        transfers: {},
        settings: { current: () => DEFAULT_SETTINGS },
        close: async () => fake.state.calls.push('host-closed'),
      };
    },
  };
});

const { state } = fake;
type AnyListener = (...args: any[]) => void;
let processListeners: { exception: AnyListener[]; rejection: AnyListener[] };

async function loadEntry() {
  await import('../../../electron/main/index.ts');
}

async function started() {
  await loadEntry();
  await vi.waitFor(() => expect(state.windows).toHaveLength(1), { timeout: 15_000 });
  return state.windows[0];
}

beforeEach(() => {
  vi.resetModules();
  state.dir = mkdtempSync(path.join(tmpdir(), 'bs-entry-'));
  state.lock = true;
  state.appListeners.clear();
  state.windows.length = 0;
  state.calls.length = 0;
  state.privileged.length = 0;
  state.protocolHandlers.clear();
  state.ipcHandlers.clear();
  state.opened.length = 0;
  state.menu = undefined;
  state.hostOptions = undefined;
  processListeners = { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
});

afterEach(() => {
  // index.ts logs uncaught errors in Electron; do not leave that on the test worker.
  for (const l of process.listeners('uncaughtException')) if (!processListeners.exception.includes(l)) process.off('uncaughtException', l as never);
  for (const l of process.listeners('unhandledRejection')) if (!processListeners.rejection.includes(l)) process.off('unhandledRejection', l as never);
  rmSync(state.dir, { recursive: true, force: true });
});

// Importing the entry (and its module graph) afresh per test is slow on a busy machine.
describe('Electron entry (index.ts) against a stand-in electron module', { timeout: 30_000 }, () => {
  it('quits at once when another instance holds the lock', async () => {
    state.lock = false;
    await loadEntry();
    await new Promise((r) => setTimeout(r, 20));
    expect(state.calls).toContain('quit');
    expect(state.windows).toHaveLength(0);
    expect(state.hostOptions).toBeUndefined();
  });

  it('registers the app:// scheme as privileged before ready, then serves the renderer from it', async () => {
    const win = await started();
    expect(state.calls[0]).toBe('enableSandbox');
    expect(state.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect([...state.protocolHandlers.keys()]).toEqual(['app']);
    expect(win.loaded).toEqual(['app://bucketscope/index.html']);
  });

  it('opens one hidden, sandboxed, isolated window with the CommonJS preload, shown when ready', async () => {
    const win = await started();
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.options.webPreferences.preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    win.events.emit('ready-to-show');
    expect(state.calls).toContain('show');
  });

  it('builds the host with the user-data dir, electron mode, version, safeStorage secrets and desktop adapters', async () => {
    await started();
    expect(state.hostOptions).toMatchObject({ dataDir: `${state.dir}/userData`, mode: 'electron', version: '9.8.7', logsDir: `${state.dir}/logs` });
    expect(state.hostOptions.secretStore.kind).toBe('OS keychain (safeStorage)');
    expect(typeof state.hostOptions.desktop.dialogs.chooseUploadFiles).toBe('function');
  });

  it('answers IPC only from the window it attached, and pushes hub events to it', async () => {
    const win = await started();
    const handler = state.ipcHandlers.get('bucketscope:rpc')!;
    const frame = { url: 'app://bucketscope/index.html', parent: null };
    await expect(handler({ sender: { id: win.webContents.id }, senderFrame: frame }, 'app.info')).resolves.toEqual({ ok: true, result: 'app.info' });
    await expect(handler({ sender: { id: 99 }, senderFrame: frame }, 'app.info')).resolves.toMatchObject({ ok: false });
  });

  it('guards every web contents created and denies permissions', async () => {
    await started();
    const contents = Object.assign(fake.emitter(), { setWindowOpenHandler: vi.fn() });
    for (const fn of state.appListeners.get('web-contents-created') ?? []) fn({}, contents);
    const deny = contents.setWindowOpenHandler.mock.calls[0]![0];
    expect(deny({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(state.opened).toEqual(['https://example.com/']);
    let prevented = false;
    contents.emit('will-navigate', { url: 'https://evil.example/', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    let granted: boolean | undefined;
    state.permissionRequest!({}, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    expect(state.permissionCheck!({}, 'geolocation')).toBe(false);
  });

  it('focuses (and restores) the existing window on a second launch', async () => {
    const win = await started();
    win.minimized = true;
    for (const fn of state.appListeners.get('second-instance') ?? []) fn();
    expect(state.calls).toEqual(expect.arrayContaining(['restore', 'show', 'focus']));
    expect(state.windows).toHaveLength(1);
  });

  it('installs the native menu with Help → Show Logs opening the log file', async () => {
    await started();
    const items = (state.menu as any[]).flatMap((m) => [m, ...(Array.isArray(m.submenu) ? m.submenu : [])]);
    items.find((i) => i.id === 'show-logs').click();
    expect(state.calls).toContain(`show-item:${state.dir}/logs/main.log`);
  });

  it('closes the host before quitting', async () => {
    await started();
    let prevented = false;
    for (const fn of state.appListeners.get('will-quit') ?? []) fn({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(state.calls).toEqual(expect.arrayContaining(['host-closed', 'quit'])), { timeout: 15_000 });
  });
});

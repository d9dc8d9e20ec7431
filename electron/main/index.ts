// Electron lifecycle only: single-instance lock, the secure window, menu, notifications, logging.
// Every service comes from the host (host.ts), which runs under plain Node too; this file only wires
// Electron's APIs to it. The decisions (window options, guards, menu, window state, notification rules)
// live in pure modules under platform/ and are unit tested there.
import './threadpool.ts';
import { app, BrowserWindow, Menu, Notification, clipboard, dialog, ipcMain, net, protocol, safeStorage, screen, session, shell } from 'electron';
import path from 'node:path';
import { FileSecretStore } from './connections/file-secret-store.ts';
import { createHost, type Host } from './host.ts';
import { RotatingLog } from './logging/rotating-log.ts';
import { startActivityNotifier } from './platform/activity-notifier.ts';
import { aboutDetail, buildMenuTemplate } from './platform/app-menu.ts';
import { APP_ID } from './platform/app-identity.ts';
import { createDesktopDialogs } from './platform/dialogs.ts';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './platform/app-protocol.ts';
import { SafeStorageSecretStore, safeStorageIsStrong } from './platform/safe-storage-secret-store.ts';
import { APP_ORIGIN, installWebGuards, isPermissionAllowed } from './platform/web-guards.ts';
import { createWindowOptions } from './platform/window-options.ts';
import { restoreWindowState, trackWindowState } from './platform/window-state.ts';
import { createIpcTransport, type IpcTransport } from './rpc/ipc-transport.ts';
import { ConfSettingsStore } from './settings/settings-store.ts';

const here = import.meta.dirname;
const PRELOAD_PATH = path.join(here, '../preload/index.cjs');
const RENDERER_DIR = path.join(here, '../renderer');
/** Linux takes the window icon from the window (electron-builder.yml copies it next to app.asar). */
const LINUX_ICON =
  process.platform !== 'linux'
    ? undefined
    : app.isPackaged
      ? path.join(process.resourcesPath, 'icon.png')
      : path.join(here, '../../resources/build/icons/512x512.png');
/** electron-vite's dev server, honoured only in an unpackaged run. */
const DEV_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const APP_ORIGINS = DEV_URL ? [APP_ORIGIN, new URL(DEV_URL).origin] : [APP_ORIGIN];

// Packaged, the function runtime's worker/bootstrap files are unpacked next to app.asar (electron-builder.yml
// asarUnpack): worker threads and python3 need real files, not paths inside the archive.
if (app.isPackaged && !process.env.BUCKETSCOPE_RUNTIME_DIR) {
  process.env.BUCKETSCOPE_RUNTIME_DIR = path.join(process.resourcesPath, 'app.asar.unpacked', 'resources', 'runtime');
}

// Both must happen before 'ready'. enableSandbox makes every renderer sandboxed, whatever its webPreferences.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const log = new RotatingLog({ dir: app.getPath('logs'), echo: !app.isPackaged });
let mainWindow: BrowserWindow | undefined;
let host: Host | undefined;
let transport: IpcTransport | undefined;
let stopNotifier: (() => void) | undefined;

process.on('uncaughtException', (err) => log.error('uncaught exception', err));
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));

if (!app.requestSingleInstanceLock()) {
  // Another Bucketscope is running: it gets 'second-instance' and comes to the front.
  app.quit();
} else {
  app.on('second-instance', () => focusMainWindow());
  app.whenReady().then(start).catch(fatal);
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    if (host) createMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  // Without it Windows shows no notifications for an unpackaged run and groups the taskbar wrongly.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  log.info(`Bucketscope ${app.getVersion()} starting`, { electron: process.versions.electron, platform: process.platform, userData });

  // Every page (this window, anything it might open) gets the same guards and no permissions.
  app.on('web-contents-created', (_event, contents) => {
    installWebGuards(contents, { appOrigins: APP_ORIGINS, openExternal: (url) => void shell.openExternal(url), log: (m) => log.warn(m) });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
  registerAppProtocol({ handle: (scheme, handler) => protocol.handle(scheme, handler), fetchFile: (url) => net.fetch(url) }, RENDERER_DIR);

  const strong = safeStorageIsStrong(safeStorage, process.platform);
  const secretStore = strong ? new SafeStorageSecretStore({ dir: userData, safeStorage }) : new FileSecretStore({ dir: userData });
  log.info(`secrets: ${secretStore.kind}`);

  const built = await createHost({
    dataDir: userData,
    mode: 'electron',
    version: app.getVersion(),
    secretStore,
    logsDir: log.dir,
    desktop: {
      // A sheet on the main window (macOS), a modal dialog elsewhere.
      dialogs: createDesktopDialogs((options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options))),
      reveal: async (location) => {
        if (location === 'logs') shell.showItemInFolder(log.path);
        else await openFolder(userData);
      },
    },
    log: (level, message, detail) => log.write(level, message, detail),
  });
  host = built;
  transport = createIpcTransport({ ipcMain, dispatch: built.dispatch, hub: built.hub, appOrigins: APP_ORIGINS, log: (m) => log.warn(m) });
  stopNotifier = startActivityNotifier({
    subscribe: (listener) => built.hub.subscribe(listener),
    isWindowFocused: () => BrowserWindow.getFocusedWindow() !== null,
    // Read at each event, so turning notifications off in the settings screen applies at once.
    isEnabled: () => Notification.isSupported() && built.settings.current().notifications.enabled,
    notify: ({ title, body }) => {
      const notification = new Notification({ title, body });
      notification.on('click', () => focusMainWindow());
      notification.show();
    },
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        appName: app.getName(),
        platform: process.platform,
        devTools: !app.isPackaged,
        actions: { showAbout, showLogs: () => shell.showItemInFolder(log.path), openDataFolder: () => void openFolder(userData) },
      }),
    ),
  );

  createMainWindow();
  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open opens one.
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
}

function createMainWindow(): void {
  const windowState = new ConfSettingsStore({ cwd: app.getPath('userData'), configName: 'window-state' });
  const state = restoreWindowState(
    windowState.get('window'),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const win = new BrowserWindow(createWindowOptions({ preloadPath: PRELOAD_PATH, bounds: state, title: app.getName(), icon: LINUX_ICON }));
  mainWindow = win;
  if (state.maximized) win.maximize();
  if (state.fullScreen) win.setFullScreen(true);
  trackWindowState(win, (next) => windowState.set('window', next));
  transport?.attach(win.webContents);
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_event, details) => log.error('renderer process gone', details));
  // Page errors land in the same log, so Help → Show Logs has both sides of a problem.
  win.webContents.on('console-message', (event) => {
    if (event.level === 'error') log.warn(`renderer: ${event.message}`, { source: event.sourceId, line: event.lineNumber });
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  win.loadURL(DEV_URL ?? APP_ENTRY_URL).catch((err: unknown) => log.error('could not load the renderer', err));
}

async function openFolder(folder: string): Promise<void> {
  // shell.openPath reports failure as a message, not an exception.
  const error = await shell.openPath(folder);
  if (error) log.warn(`could not open ${folder}: ${error}`);
}

function showAbout(): void {
  const detail = aboutDetail({
    appName: app.getName(),
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
  });
  const options = { type: 'info' as const, title: `About ${app.getName()}`, message: app.getName(), detail, buttons: ['OK', 'Copy'], defaultId: 0 };
  const shown = mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options);
  void shown.then(({ response }) => {
    if (response === 1) clipboard.writeText(`${app.getName()}\n${detail}`);
  });
}

function fatal(err: unknown): void {
  log.error('could not start', err);
  dialog.showErrorBox('Bucketscope could not start', `${err instanceof Error ? err.message : String(err)}\n\nDetails: ${log.path}`);
  app.exit(1);
}

app.on('window-all-closed', () => {
  // macOS apps stay alive without windows until Cmd+Q.
  if (process.platform !== 'darwin') app.quit();
});

let closing = false;
app.on('will-quit', (event) => {
  if (closing || !host) return;
  // Give the host (embedded server, transfers, function workers) a moment to stop cleanly.
  event.preventDefault();
  closing = true;
  stopNotifier?.();
  transport?.close();
  const stopped = host.close().catch((err: unknown) => log.error('error while closing', err));
  const timeout = new Promise((resolve) => setTimeout(resolve, 5000));
  void Promise.race([stopped, timeout]).finally(() => {
    log.info('stopped');
    app.quit();
  });
});

// The native application menu as a pure template builder (roles give the platform's usual shortcuts:
// copy/paste, undo, reload, zoom, full screen, minimize). macOS gets its app menu first; elsewhere
// About lives under Help. https://www.electronjs.org/docs/latest/api/menu#examples
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  showAbout(): void;
  showLogs(): void;
  openDataFolder(): void;
}

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  /** Developer tools only in unpackaged builds. */
  devTools: boolean;
  actions: MenuActions;
}

export function buildMenuTemplate({ appName, platform, devTools, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { id: 'about', label: `About ${appName}`, click: () => actions.showAbout() };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { id: 'open-data-folder', label: 'Open Data Folder', click: () => actions.openDataFolder() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      { role: 'reload' },
      ...(devTools ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: '&Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  template.push({
    role: 'help',
    label: '&Help',
    submenu: [
      { id: 'show-logs', label: 'Show Logs', click: () => actions.showLogs() },
      ...(mac ? [] : [{ type: 'separator' } as const, about]),
    ],
  });
  return template;
}

export interface AboutInfo {
  appName: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  platform: string;
  arch: string;
}

/** Text of the About box (also what "Copy" puts on the clipboard when reporting a bug). */
export function aboutDetail(info: AboutInfo): string {
  return [
    `Version ${info.version}`,
    `Electron ${info.electron} · Chromium ${info.chrome} · Node ${info.node}`,
    `${info.platform} ${info.arch}`,
  ].join('\n');
}

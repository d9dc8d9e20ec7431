import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { aboutDetail, buildMenuTemplate, type MenuActions } from '../../../electron/main/platform/app-menu.ts';

function build(platform: NodeJS.Platform, devTools = false) {
  const clicked: string[] = [];
  const actions: MenuActions = {
    showAbout: () => clicked.push('about'),
    showLogs: () => clicked.push('logs'),
    openDataFolder: () => clicked.push('data'),
  };
  return { template: buildMenuTemplate({ appName: 'Bucketscope', platform, devTools, actions }), clicked };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function click(items: MenuItemConstructorOptions[], id: string): void {
  const item = flatten(items).find((i) => i.id === id);
  (item!.click as () => void)();
}

describe('application menu', () => {
  it('gives macOS an app menu first, with About and Quit', () => {
    const { template } = build('darwin');
    expect(template[0]!.label).toBe('Bucketscope');
    const appMenu = template[0]!.submenu as MenuItemConstructorOptions[];
    expect(appMenu[0]!.id).toBe('about');
    expect(appMenu.map((i) => i.role)).toContain('quit');
    expect(flatten(template).filter((i) => i.id === 'about')).toHaveLength(1);
  });

  it('puts About under Help elsewhere, with no app menu', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { template } = build(platform);
      expect(template.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
      const help = template.at(-1)!.submenu as MenuItemConstructorOptions[];
      expect(help.map((i) => i.id).filter(Boolean)).toEqual(['show-logs', 'about']);
    }
  });

  it('uses roles for the usual shortcuts', () => {
    const roles = flatten(build('linux').template).map((i) => i.role).filter(Boolean);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'minimize', 'quit']) {
      expect(roles, role).toContain(role);
    }
  });

  it('offers developer tools only in development', () => {
    const roles = (dev: boolean) => flatten(build('linux', dev).template).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('wires Help → Show Logs, About and Open Data Folder to their actions', () => {
    const { template, clicked } = build('win32');
    click(template, 'show-logs');
    click(template, 'about');
    click(template, 'open-data-folder');
    expect(clicked).toEqual(['logs', 'about', 'data']);
  });

  it('shows the version in About', () => {
    const text = aboutDetail({ appName: 'Bucketscope', version: '0.1.0', electron: '45.5.0', chrome: '142', node: '22.1', platform: 'linux', arch: 'x64' });
    expect(text).toContain('Version 0.1.0');
    expect(text).toContain('Electron 45.5.0');
  });
});

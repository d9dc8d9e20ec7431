import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  decideNavigation,
  installWebGuards,
  isAppUrl,
  isPermissionAllowed,
  isSafeExternalUrl,
  type GuardableContents,
} from '../../../electron/main/platform/web-guards.ts';

const ORIGINS = [APP_ORIGIN, 'http://localhost:5173'];

/** Records the listeners the guards install, the way WebContents would call them. */
function fakeContents() {
  const listeners = new Map<string, (...args: any[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents: GuardableContents = {
    on(event, listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  const fire = (event: string, url?: string) => {
    let prevented = false;
    listeners.get(event)!({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('navigation decisions', () => {
  it('allows the app origin and the dev server, by whole origin', () => {
    expect(decideNavigation('app://bucketscope/index.html#/buckets', ORIGINS)).toBe('allow');
    expect(decideNavigation('http://localhost:5173/', ORIGINS)).toBe('allow');
    expect(decideNavigation('http://localhost:5174/', ORIGINS)).toBe('block');
    expect(decideNavigation('app://evil/index.html', ORIGINS)).toBe('block');
    expect(decideNavigation('https://bucketscope.example/', ORIGINS)).toBe('block');
    expect(decideNavigation('file:///etc/passwd', ORIGINS)).toBe('block');
    expect(decideNavigation('not a url', ORIGINS)).toBe('block');
    expect(isAppUrl('app://bucketscope.evil.com/', ORIGINS)).toBe(false);
  });

  it('hands only web and mail links to the OS, never ones carrying credentials', () => {
    expect(isSafeExternalUrl('https://docs.aws.amazon.com/AmazonS3/latest/API/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    expect(isSafeExternalUrl('mailto:someone@example.com')).toBe(true);
    expect(isSafeExternalUrl('file:///C:/Windows/system32/calc.exe')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('smb://server/share')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
  });

  it('grants no permission except sanitized clipboard writes', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fileSystem', 'hid', 'serial']) {
      expect(isPermissionAllowed(p), p).toBe(false);
    }
  });
});

describe('installed guards', () => {
  function setup() {
    const opened: string[] = [];
    const logged: string[] = [];
    const fake = fakeContents();
    installWebGuards(fake.contents, { appOrigins: ORIGINS, openExternal: (url) => opened.push(url), log: (m) => logged.push(m) });
    return { ...fake, opened, logged };
  }

  it('lets in-app navigation through untouched', () => {
    const g = setup();
    expect(g.fire('will-navigate', 'app://bucketscope/index.html')).toBe(false);
    expect(g.opened).toEqual([]);
  });

  it('blocks navigation to another origin and opens web links in the system browser instead', () => {
    const g = setup();
    expect(g.fire('will-navigate', 'https://example.com/page')).toBe(true);
    expect(g.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(g.opened).toEqual(['https://example.com/page']);
    expect(g.logged.join('\n')).toContain('file:///etc/passwd');
  });

  it('blocks redirects away from the app without opening anything', () => {
    const g = setup();
    expect(g.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(g.opened).toEqual([]);
  });

  it('denies every new window, opening safe links externally', () => {
    const g = setup();
    expect(g.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(g.open('app://bucketscope/index.html')).toEqual({ action: 'deny' });
    expect(g.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(g.opened).toEqual(['https://example.com/']);
  });

  it('refuses to attach a <webview>', () => {
    expect(setup().fire('will-attach-webview')).toBe(true);
  });
});

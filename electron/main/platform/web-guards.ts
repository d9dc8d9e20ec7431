// What the window's page may do beyond rendering: navigate only within the app's own origin, never open
// a window of its own (links go to the system browser), never attach a <webview>, and get no permission
// except writing to the clipboard. Pure over a minimal WebContents shape so the rules are unit tested.
// See https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation and #14.

/** The custom scheme the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bucketscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type NavigationDecision = 'allow' | 'block';

/** Schemes handed to the OS; anything else (file:, javascript:, custom handlers) is dropped. */
const EXTERNAL_SCHEMES = new Set(['https:', 'http:', 'mailto:']);

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Origins are compared whole (scheme, host, port); `appOrigins` come from app-protocol / the dev server. */
export function isAppUrl(url: string, appOrigins: readonly string[]): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  // Non-special schemes (app:) report origin "null"; rebuild it from protocol + host.
  const origin = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  return appOrigins.includes(origin);
}

export function decideNavigation(url: string, appOrigins: readonly string[]): NavigationDecision {
  return isAppUrl(url, appOrigins) ? 'allow' : 'block';
}

/** Whether a URL the page wants to leave to may be given to the OS (system browser, mail client). */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed || !EXTERNAL_SCHEMES.has(parsed.protocol)) return false;
  // Credentials in a link are a phishing device, never something the app produces.
  return parsed.username === '' && parsed.password === '';
}

const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

/** The part of WebContents the guards attach to. */
export interface GuardableContents {
  on(event: string, listener: (...args: any[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

export interface GuardOptions {
  appOrigins: readonly string[];
  openExternal: (url: string) => void;
  log?: (message: string) => void;
}

interface PreventableEvent {
  preventDefault(): void;
  url?: string;
}

export function installWebGuards(contents: GuardableContents, options: GuardOptions): void {
  const { appOrigins, openExternal, log = () => {} } = options;
  const leave = (url: string): void => {
    if (isSafeExternalUrl(url)) openExternal(url);
    else log(`blocked opening ${url.slice(0, 200)}`);
  };
  const guardNavigation = (event: PreventableEvent, legacyUrl?: unknown): void => {
    const url = event.url ?? (typeof legacyUrl === 'string' ? legacyUrl : '');
    if (decideNavigation(url, appOrigins) === 'allow') return;
    event.preventDefault();
    log(`blocked navigation to ${url.slice(0, 200)}`);
    // A plain link to the web still does what the user expects: it opens in the system browser.
    leave(url);
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', (event: PreventableEvent, legacyUrl?: unknown) => {
    const url = event.url ?? (typeof legacyUrl === 'string' ? legacyUrl : '');
    if (decideNavigation(url, appOrigins) === 'allow') return;
    event.preventDefault();
    log(`blocked redirect to ${url.slice(0, 200)}`);
  });
  contents.on('will-attach-webview', (event: PreventableEvent) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    leave(url);
    return { action: 'deny' };
  });
}

// Browser mode: the server prints a URL with `#token=...`. The fragment never reaches server logs; we keep
// the token for this tab in sessionStorage and remove it from the visible URL (and from history).
const STORAGE_KEY = 'bucketscope.token';

export function takeToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    storage.setItem(STORAGE_KEY, token);
    const rest = loc.hash.replace(/(?:^#|&)token=[^&]+/, '').replace(/^&/, '');
    history.replaceState(history.state, '', loc.pathname + loc.search + (rest ? `#${rest}` : ''));
    return token;
  }
  return storage.getItem(STORAGE_KEY) ?? undefined;
}

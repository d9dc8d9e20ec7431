import { configure } from '@testing-library/svelte';
// jsdom has no layout engine and no ResizeObserver (Svelte's bind:clientWidth needs one): a no-op stand-in,
// so sizes stay 0 and virtualized lists fall back to rendering their first rows.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

if (typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}

// The machine that runs the suite may be busy (2 cores shared by parallel work): give UI waits room instead
// of failing a correct test on a slow tick. Nothing here waits on a timer for correctness.
configure({ asyncUtilTimeout: 10_000 });

// Shared set-up for component tests: a fake backend behind the real client, and an AppState for context.
import { createFakeClient } from './api/fake/fake-client.ts';
import type { FakeOptions } from './api/fake/fake-backend.ts';
import { setApi } from './api/index.ts';
import { AppState, appContext } from './state/app.svelte.ts';

export function makeApp(options: FakeOptions = {}) {
  const { api, backend } = createFakeClient(options);
  setApi(api);
  localStorage.clear();
  const app = new AppState(api, localStorage);
  return { api, backend, app, context: appContext(app) };
}

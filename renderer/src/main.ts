import { mount } from 'svelte';
import './lib/theme.css';
import App from './App.svelte';
import { connect, setApi, type ApiClient } from './api/index.ts';
import { WsTransport } from './api/ws-transport.ts';
import { takeToken } from './api/token.ts';
import NeedsToken from './routes/shell/NeedsToken.svelte';
import type { SocketState } from './routes/shell/socket-state.ts';

async function boot() {
  let api: ApiClient;
  let socketState: (() => SocketState) | undefined;
  // Dev-only preview with in-memory data (`vite build --mode fake`, then open `?fake`). In production
  // builds MODE is 'production', so this branch and the fake backend are removed from the bundle.
  if (import.meta.env.MODE === 'fake' && new URLSearchParams(location.search).has('fake')) {
    const { createFakeClient } = await import('./api/fake/fake-client.ts');
    api = createFakeClient({ sample: true }).api;
  } else if (!window.bucketscope && !takeToken()) {
    document.documentElement.dataset.theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    mount(NeedsToken, { target: document.getElementById('app')! });
    return;
  } else {
    let state: SocketState = 'connecting';
    let opened = false;
    let transport: WsTransport | undefined;
    api = connect((t: WsTransport) => {
      transport = t;
      t.onState((s) => {
        if (s === 'open') opened = true;
        state = s === 'open' ? 'open' : opened ? 'reconnecting' : 'connecting';
      });
    });
    // Never connected after a few tries: the server is gone or this tab's token is stale.
    if (api.mode === 'browser') socketState = () => (state === 'connecting' && (transport?.failures ?? 0) >= 3 ? 'unreachable' : state);
    // Pasting a fresh link (new token) into this tab only changes the fragment: start over with it.
    window.addEventListener('hashchange', () => {
      if (location.hash.includes('token=')) location.reload();
    });
  }
  setApi(api);
  mount(App, { target: document.getElementById('app')!, props: { api, socketState } });
}

void boot();

import { mount } from 'svelte';
import './lib/theme.css';
import App from './App.svelte';
import { connect, setApi, type ApiClient } from './api/index.ts';
import { WsTransport } from './api/ws-transport.ts';
import { takeToken } from './api/token.ts';
import NeedsToken from './routes/shell/NeedsToken.svelte';

async function boot() {
  let api: ApiClient;
  let socketState: (() => 'open' | 'connecting' | 'reconnecting') | undefined;
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
    let state: 'open' | 'connecting' | 'reconnecting' = 'connecting';
    let opened = false;
    api = connect((t: WsTransport) =>
      t.onState((s) => {
        if (s === 'open') opened = true;
        state = s === 'open' ? 'open' : opened ? 'reconnecting' : 'connecting';
      }),
    );
    if (api.mode === 'browser') socketState = () => state;
  }
  setApi(api);
  mount(App, { target: document.getElementById('app')!, props: { api, socketState } });
}

void boot();

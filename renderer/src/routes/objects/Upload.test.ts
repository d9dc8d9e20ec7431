import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import { createClient } from '../../api/client.ts';
import type { MethodId } from '../../../../electron/shared/contract.ts';
import type { RpcResponse } from '../../../../electron/shared/envelope.ts';
import { makeApp } from '../../test-support.ts';
import { confirmReplacing } from './upload-flow.ts';

describe('upload and settings', { timeout: 30_000 }, () => {
  it('uploads picked files into the open folder, shows them as transfers and lists them', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    expect(await screen.findByTestId('empty-folder')).toHaveTextContent('This bucket is empty');
    const files = [new File(['hello'], 'a.txt', { type: 'text/plain' }), new File(['12345678'], 'b.txt', { type: 'text/plain' })];
    await fireEvent.change(screen.getByTestId('upload-input'), { target: { files } });
    // Two small files: the bottom panel opens on the timeline (what they fire is the point), not Transfers.
    await waitFor(() => expect(screen.getByTestId('tab-timeline')).toHaveAttribute('aria-selected', 'true'));
    expect(screen.getByTestId('tab-transfers')).toHaveAttribute('aria-selected', 'false');
    // Both finish; the folder refreshes with the new keys.
    await fireEvent.click(screen.getByTestId('tab-transfers'));
    await waitFor(() => {
      const done = screen.getAllByTestId('transfer-row').filter((r) => r.dataset.state === 'done' && r.dataset.key?.endsWith('.txt') && !r.dataset.key.includes('/'));
      expect(done.map((r) => r.dataset.key).sort()).toEqual(['a.txt', 'b.txt']);
    });
    await waitFor(() => expect(screen.getAllByTestId('object-row').map((r) => r.dataset.key)).toEqual(['a.txt', 'b.txt']));
  });

  it('a long upload (more than 10 files) opens Transfers to watch it; the user’s own choice of Transfers is kept for a short one', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await screen.findByTestId('empty-folder');
    const many = Array.from({ length: 11 }, (_, i) => new File(['x'], `f${i}.txt`, { type: 'text/plain' }));
    await fireEvent.change(screen.getByTestId('upload-input'), { target: { files: many } });
    await waitFor(() => expect(screen.getByTestId('tab-transfers')).toHaveAttribute('aria-selected', 'true'));
    const done = (re: RegExp) => screen.getAllByTestId('transfer-row').filter((r) => r.dataset.state === 'done' && re.test(r.dataset.key ?? ''));
    await waitFor(() => expect(done(/^f\d+\.txt$/)).toHaveLength(11));
    await fireEvent.change(screen.getByTestId('upload-input'), { target: { files: [new File(['y'], 'one.txt', { type: 'text/plain' })] } });
    await waitFor(() => expect(done(/^one\.txt$/)).toHaveLength(1));
    expect(screen.getByTestId('tab-transfers')).toHaveAttribute('aria-selected', 'true');
  });

  it('checks a folder of 1,500 files for objects it would replace by listing its folders, not with 1,500 HEAD requests', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    backend.putObject('local', 'thumbs', 'shots/day-2/img-0002.jpg', 10, 0);
    backend.putObject('local', 'thumbs', 'shots/cover.jpg', 10, 0);
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(screen.getAllByTestId('object-row').map((r) => r.dataset.key)).toEqual(['shots/']));
    const files = Array.from({ length: 1500 }, (_, i) => {
      const file = new File(['x'], `img-${String(i).padStart(4, '0')}.jpg`, { type: 'image/jpeg' });
      Object.defineProperty(file, 'webkitRelativePath', { value: `shots/day-${i % 3}/${file.name}` });
      return file;
    });
    files.push(Object.defineProperty(new File(['c'], 'cover.jpg'), 'webkitRelativePath', { value: 'shots/cover.jpg' }));
    const before = backend.calls.length;
    await fireEvent.change(screen.getByTestId('upload-folder-input'), { target: { files } });
    await waitFor(() => expect(screen.getByTestId('confirm-items').textContent).toBe('shots/day-2/img-0002.jpgshots/cover.jpg'), { timeout: 10_000 });
    const asked = backend.calls.slice(before).map((c) => c.method);
    expect(asked.filter((m) => m === 'objects.head')).toEqual(['objects.head']);
    // shots/day-0/, day-1/, day-2/ (500 keys each): one page each; shots/cover.jpg alone: one HEAD.
    expect(asked.filter((m) => m === 'objects.list')).toHaveLength(3);
    await fireEvent.click(screen.getByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(backend.calls.slice(before).some((c) => c.method.startsWith('transfers.'))).toBe(false);
    expect(screen.queryAllByTestId('transfer-row')).toEqual([]);
  });

  it('checks a retried upload on the connection it was for, while the window shows another', async () => {
    const { app, backend } = makeApp({ sample: true });
    backend.putObject('local', 'thumbs', 'a.txt', 3, 0);
    // The window is on no connection at all (it moved on); the upload was for Local's thumbs.
    const answer = confirmReplacing(app, { connectionId: 'local', bucket: 'thumbs' }, ['a.txt', 'b.txt']);
    await waitFor(() => expect(app.ui.dialog?.kind).toBe('confirm'));
    const ask = app.ui.dialog as { kind: 'confirm'; request: { items?: string[] }; resolve: (ok: boolean) => void };
    expect(ask.request.items).toEqual(['a.txt']);
    expect(backend.calls.filter((c) => c.method === 'objects.head').map((c) => (c.input as { connectionId: string }).connectionId)).toEqual(['local', 'local']);
    ask.resolve(false);
    expect(await answer).toBeUndefined();
  });

  it('Skip existing: the question counts replaced and new files, starts on Skip, and uploads only the new keys', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    backend.putObject('local', 'thumbs', 'a.txt', 3, 0);
    backend.putObject('local', 'thumbs', 'c.txt', 4, 0);
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(screen.getAllByTestId('object-row').map((r) => r.dataset.key)).toEqual(['a.txt', 'c.txt']));
    const files = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'].map((name) => new File([`new ${name}`], name, { type: 'text/plain' }));
    await fireEvent.change(screen.getByTestId('upload-input'), { target: { files } });
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(screen.getByTestId('confirm-items').textContent).toBe('a.txtc.txt');
    expect(dialog).toHaveTextContent('These 2 keys in bucket “thumbs” already hold objects. Replace them, or skip them and upload only the 3 new files:');
    expect(screen.getByTestId('confirm-ok')).toHaveTextContent('Replace 2 objects');
    // Keyboard: the dialog opens on Skip existing, so Enter takes it.
    expect(document.activeElement).toBe(screen.getByTestId('confirm-alternative'));
    expect(screen.getByTestId('confirm-alternative')).toHaveTextContent('Skip 2 existing');
    await fireEvent.click(screen.getByTestId('confirm-alternative'));
    await fireEvent.click(screen.getByTestId('tab-transfers'));
    const uploaded = () => screen.getAllByTestId('transfer-row').filter((r) => r.dataset.key?.endsWith('.txt'));
    await waitFor(() => expect(uploaded().filter((r) => r.dataset.state === 'done').map((r) => r.dataset.key).sort()).toEqual(['b.txt', 'd.txt', 'e.txt']));
    expect(uploaded()).toHaveLength(3);
    // The skipped objects keep their old sizes.
    const heads = await Promise.all(['a.txt', 'c.txt'].map((key) => api.objects.head({ connectionId: 'local', bucket: 'thumbs', key })));
    expect(heads.map((h) => h.size)).toEqual([3, 4]);
  });

  it('does not offer Skip existing when every file exists (it would upload nothing)', async () => {
    const { app, backend } = makeApp({ sample: true });
    backend.putObject('local', 'thumbs', 'a.txt', 3, 0);
    const answer = confirmReplacing(app, { connectionId: 'local', bucket: 'thumbs' }, ['a.txt', 'folder/']);
    await waitFor(() => expect(app.ui.dialog?.kind).toBe('confirm'));
    const ask = app.ui.dialog as { kind: 'confirm'; request: { alternativeLabel?: string; message: string }; resolve: (ok: boolean) => void };
    expect(ask.request.alternativeLabel).toBeUndefined();
    expect(ask.request.message).toBe('This key in bucket “thumbs” already holds an object. The upload replaces it:');
    ask.resolve(true);
    expect(await answer).toEqual({ skip: [] });
  });

  it('switches the theme from the status bar and saves it in the app settings', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await screen.findAllByTestId('connection-item');
    expect(document.documentElement.dataset.theme).toBe('light');
    await fireEvent.click(screen.getByTestId('theme-toggle'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
    await fireEvent.click(screen.getByTestId('theme-toggle'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await waitFor(() => expect(backend.settings.theme).toBe('dark'));
    expect(JSON.parse(localStorage.getItem('bucketscope.layout.v1')!).theme).toBe('dark');
  });
  it('desktop app: asks before a folder picked in the native dialog (expanded by main) or dropped replaces objects', async () => {
    localStorage.clear();
    const { backend } = createFakeClient({ sample: true });
    backend.putObject('local', 'thumbs', 'shots/b.jpg', 2048, 0);
    const api = backend.api as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
    api.desktop!.openDialog = async () => ({ paths: ['/home/me/shots'] });
    // Main walks the folder: these are the keys uploadPaths would write.
    const planned: unknown[] = [];
    api.transfers!.planUpload = async (input) => {
      planned.push(input);
      return { keys: ['shots/a.jpg', 'shots/b.jpg', 'shots/sub/c.jpg'] };
    };
    const uploads: unknown[] = [];
    api.transfers!.uploadPaths = async (input) => {
      uploads.push(input);
      return [];
    };
    const electron = createClient(
      {
        async invoke(method: MethodId, input: unknown): Promise<RpcResponse> {
          const [ns, fn] = method.split('.') as [string, string];
          return { ok: true, result: await api[ns]![fn]!(input) };
        },
        subscribe: (listener) => {
          backend.listeners.add(listener);
          return () => backend.listeners.delete(listener);
        },
      },
      'electron',
      { downloadUrl: () => undefined, pathForFile: (f) => `/home/me/${f.name}` },
    );
    render(App, { props: { api: electron } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(screen.getAllByTestId('object-row').map((r) => r.dataset.key)).toEqual(['shots/']));
    await fireEvent.click(screen.getByTestId('upload-folder'));
    expect(await screen.findByTestId('confirm-items')).toHaveTextContent(/^shots\/b\.jpg$/);
    expect(planned).toEqual([{ connectionId: 'local', bucket: 'thumbs', prefix: '', paths: ['/home/me/shots'] }]);
    await fireEvent.click(screen.getByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(uploads).toEqual([]);

    // Dropped from the file manager: main reads the folder by its path, and the same question comes first.
    const dropped = new File([], 'shots');
    await fireEvent.drop(screen.getByTestId('object-list'), { dataTransfer: { types: ['Files'], files: [dropped] } });
    expect(await screen.findByTestId('confirm-items')).toHaveTextContent(/^shots\/b\.jpg$/);
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(uploads).toEqual([{ connectionId: 'local', bucket: 'thumbs', prefix: '', paths: ['/home/me/shots'] }]));

    // Skip existing: main is told which planned keys to leave out.
    await fireEvent.click(screen.getByTestId('upload-folder'));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('or skip it and upload only the 2 new files');
    await fireEvent.click(screen.getByTestId('confirm-alternative'));
    await waitFor(() => expect(uploads).toHaveLength(2));
    expect(uploads[1]).toEqual({ connectionId: 'local', bucket: 'thumbs', prefix: '', paths: ['/home/me/shots'], skip: ['shots/b.jpg'] });
  });

  it('desktop app: asks before files picked in the native dialog replace objects, and uploads nothing on Cancel', async () => {
    localStorage.clear();
    const { backend } = createFakeClient({ sample: true });
    backend.putObject('local', 'thumbs', 'report.pdf', 2048, 0);
    const api = backend.api as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
    api.desktop!.openDialog = async () => ({ paths: ['/home/me/Documents/report.pdf', 'C:\\Users\\me\\notes.txt'] });
    const uploads: unknown[] = [];
    api.transfers!.uploadPaths = async (input) => {
      uploads.push(input);
      return [];
    };
    // The fake backend behind a client in Electron's mode (files are read by main from their paths).
    const electron = createClient(
      {
        async invoke(method: MethodId, input: unknown): Promise<RpcResponse> {
          const [ns, fn] = method.split('.') as [string, string];
          try {
            return { ok: true, result: await api[ns]![fn]!(input) };
          } catch (err) {
            return { ok: false, error: { code: (err as { code?: string }).code ?? 'Internal', message: (err as Error).message } };
          }
        },
        subscribe: (listener) => {
          backend.listeners.add(listener);
          return () => backend.listeners.delete(listener);
        },
      },
      'electron',
      { downloadUrl: () => undefined, pathForFile: () => undefined },
    );
    render(App, { props: { api: electron } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(screen.getAllByTestId('object-row').map((r) => r.dataset.key)).toEqual(['report.pdf']));
    await fireEvent.click(screen.getByTestId('upload-button'));
    expect(await screen.findByTestId('confirm-items')).toHaveTextContent(/^report\.pdf$/);
    await fireEvent.click(screen.getByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(uploads).toEqual([]);
    await fireEvent.click(screen.getByTestId('upload-button'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(uploads).toEqual([{ connectionId: 'local', bucket: 'thumbs', prefix: '', paths: ['/home/me/Documents/report.pdf', 'C:\\Users\\me\\notes.txt'] }]));
  });
});

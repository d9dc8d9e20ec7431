// Renaming or copying onto a key that is taken: S3's CopyObject would replace that object without a word, so
// the dialog says what is there and only a second, explicit "replace" goes ahead.
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

function keys() {
  return screen.getAllByTestId('object-row').map((r) => r.getAttribute('data-key'));
}

/** The sample app with `objects` (key, size) in bucket thumbs, the first one's copy or move dialog open. */
async function openDialog(button: 'copy-object' | 'move-object', objects: [string, number][]) {
  localStorage.clear();
  const { api, backend } = createFakeClient({ sample: true });
  for (const [key, size] of objects) backend.putObject('local', 'thumbs', key, size, 0);
  render(App, { props: { api } });
  await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
  await waitFor(() => expect(keys()).toEqual(objects.map(([key]) => key)));
  await fireEvent.click(screen.getAllByTestId('object-row')[0]!);
  await fireEvent.click(await screen.findByTestId(button));
  return { backend, dialog: await screen.findByTestId('copy-dialog') };
}

describe('copy / move dialog', { timeout: 30_000 }, () => {
  it('warns before a rename replaces an existing object, and asks again when the key changes', async () => {
    const { dialog } = await openDialog('move-object', [['one.txt', 3], ['two.txt', 7_168]]);
    const key = within(dialog).getByTestId('copy-target-key');
    // One test id, one element: the details panel's "Copy key" button (open behind the dialog) is another id.
    expect(screen.getAllByTestId('copy-target-key')).toEqual([key]);
    expect(key.tagName).toBe('INPUT');
    expect(screen.getAllByTestId('copy-key').map((el) => el.tagName)).toEqual(['BUTTON']);
    await fireEvent.input(key, { target: { value: 'two.txt' } });
    await fireEvent.click(within(dialog).getByTestId('copy-submit'));

    // Nothing moved yet: the dialog names what is in the way and that it cannot be undone (no versioning).
    const warning = await within(dialog).findByTestId('copy-replace-warning');
    expect(warning).toHaveTextContent('two.txt already exists in thumbs (7 KB');
    expect(warning).toHaveTextContent('cannot be undone');
    expect(within(dialog).getByTestId('copy-submit')).toHaveTextContent('Move and replace');
    expect(keys()).toEqual(['one.txt', 'two.txt']);

    // Another key: the warning goes, and that key is checked afresh.
    await fireEvent.input(key, { target: { value: 'three.txt' } });
    expect(within(dialog).queryByTestId('copy-replace-warning')).toBeNull();
    expect(within(dialog).getByTestId('copy-submit')).toHaveTextContent(/^Move$/);

    // Back to the taken key: asked again, then the explicit replace moves it.
    await fireEvent.input(key, { target: { value: 'two.txt' } });
    await fireEvent.click(within(dialog).getByTestId('copy-submit'));
    await within(dialog).findByTestId('copy-replace-warning');
    await fireEvent.click(within(dialog).getByTestId('copy-submit'));
    await waitFor(() => expect(screen.queryByTestId('copy-dialog')).toBeNull());
    await waitFor(() => expect(keys()).toEqual(['two.txt']));
    expect(screen.getByTestId('object-row')).toHaveTextContent('3 B');
  });

  it('copies to a free key at once', async () => {
    const { dialog } = await openDialog('copy-object', [['one.txt', 3]]);
    await fireEvent.click(within(dialog).getByTestId('copy-submit'));
    await waitFor(() => expect(screen.queryByTestId('copy-dialog')).toBeNull());
    await waitFor(() => expect(keys()).toEqual(['one (copy).txt', 'one.txt']));
  });

  it('says a key longer than S3 allows is too long, before sending it', async () => {
    const { backend, dialog } = await openDialog('move-object', [['one.txt', 3]]);
    // 600 characters, under a 1,024-character limit, but 'é' is two bytes in UTF-8: 1,200 bytes.
    await fireEvent.input(within(dialog).getByTestId('copy-target-key'), { target: { value: 'é'.repeat(600) } });
    expect(dialog).toHaveTextContent('Keys are limited to 1,024 bytes (UTF-8); this one has 1,200.');
    expect(within(dialog).getByTestId('copy-submit')).toBeDisabled();
    expect(backend.calls.some((c) => c.method === 'objects.copy')).toBe(false);
  });

  it('moves several selected objects and a folder into another folder, warning first about a name already there', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    for (const key of ['a.txt', 'b.txt', 'sub/c.txt', 'sub/d/e.txt', 'dest/b.txt']) backend.putObject('local', 'thumbs', key, 5, 0);
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(keys()).toEqual(['dest/', 'sub/', 'a.txt', 'b.txt']));
    const row = (key: string) => screen.getAllByTestId('object-row').find((r) => r.getAttribute('data-key') === key)!;
    await fireEvent.click(row('sub/'));
    await fireEvent.click(row('a.txt'), { ctrlKey: true });
    await fireEvent.click(row('b.txt'), { ctrlKey: true });
    await fireEvent.contextMenu(row('b.txt'));
    const item = await screen.findByTestId('menu-rename');
    expect(item).toHaveTextContent('Move 3 items to…');
    await fireEvent.click(item);
    const dialog = await screen.findByTestId('copy-dialog');
    expect(within(dialog).getByTestId('copy-delete-original')).toBeChecked();
    // Into the folder they are in: nothing to do.
    expect(within(dialog).getByTestId('copy-submit')).toBeDisabled();
    await fireEvent.input(within(dialog).getByTestId('copy-target-key'), { target: { value: 'sub/deeper' } });
    expect(dialog).toHaveTextContent('A folder cannot go inside itself.');
    await fireEvent.input(within(dialog).getByTestId('copy-target-key'), { target: { value: 'dest' } });
    await fireEvent.click(within(dialog).getByTestId('copy-submit'));
    const warning = await within(dialog).findByTestId('copy-replace-warning');
    expect(warning).toHaveTextContent('thumbs/dest/ already holds b.txt');
    expect(keys()).toEqual(['dest/', 'sub/', 'a.txt', 'b.txt']);
    await fireEvent.click(within(dialog).getByTestId('copy-submit'));
    await waitFor(() => expect(keys()).toEqual(['dest/']));
    await fireEvent.dblClick(row('dest/'));
    await waitFor(() => expect(keys()).toEqual(['dest/sub/', 'dest/a.txt', 'dest/b.txt']));
    await fireEvent.dblClick(row('dest/sub/'));
    await waitFor(() => expect(keys()).toEqual(['dest/sub/d/', 'dest/sub/c.txt']));
  });
});


// A keyboard user keeps their place in the object list when the listing reloads underneath them: F5, and
// the refresh after a confirmed delete, used to remove the focused list and leave the focus on <body>.
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

function keys() {
  return screen.getAllByTestId('object-row').map((r) => r.getAttribute('data-key'));
}

function selected() {
  return screen.getAllByTestId('object-row').filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.getAttribute('data-key'));
}

describe('object list focus across reloads', { timeout: 30_000 }, () => {
  it('keeps the focus in the list after F5 and after deleting with Delete and the confirmation, on the next row', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    // An unversioned bucket: a deleted object leaves the listing.
    for (const key of ['a.txt', 'b.txt', 'c.txt']) backend.putObject('local', 'thumbs', key, 10, 0);
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(keys()).toEqual(['a.txt', 'b.txt', 'c.txt']));
    screen.getByTestId('object-list').focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(selected()).toEqual(['b.txt']);

    // F5 reloads the folder: the new listing has the focus, with the same row selected.
    await fireEvent.keyDown(document.activeElement!, { key: 'F5' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('object-list')));
    expect(selected()).toEqual(['b.txt']);

    // Delete asks first, with the focus on Cancel (a stray Enter must not delete); the delete button deletes.
    await fireEvent.keyDown(document.activeElement!, { key: 'Delete' });
    const ok = await screen.findByTestId('confirm-ok');
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    await fireEvent.click(ok);
    await waitFor(() => expect(keys()).toEqual(['a.txt', 'c.txt']));
    // Back in the list, on the row that took the deleted one's place: Delete again would go on from there.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('object-list')));
    await waitFor(() => expect(selected()).toEqual(['c.txt']));
  });

  it('builds a selection of rows that are not next to each other from the keyboard: Ctrl+arrows move, Ctrl+Space adds', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    for (const key of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) backend.putObject('local', 'thumbs', key, 10, 0);
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(keys()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']));
    screen.getByTestId('object-list').focus();
    const press = (key: string, mods: { ctrlKey?: boolean; shiftKey?: boolean } = {}) => fireEvent.keyDown(document.activeElement!, { key, ...mods });
    await press('Home');
    expect(selected()).toEqual(['a.txt']);
    // Ctrl+Down twice: the focus reaches c.txt, a.txt stays the one selected row.
    await press('ArrowDown', { ctrlKey: true });
    await press('ArrowDown', { ctrlKey: true });
    expect(selected()).toEqual(['a.txt']);
    await press(' ', { ctrlKey: true });
    expect(selected()).toEqual(['a.txt', 'c.txt']);
    expect(screen.getByTestId('selection-count')).toHaveTextContent('2 selected');
    // What is selected is what Delete offers to delete (not the focused row alone).
    await press('ArrowDown', { ctrlKey: true });
    await press('Delete');
    expect(await screen.findByTestId('confirm-items')).toHaveTextContent(/^a\.txtc\.txt$/);
    await fireEvent.click(screen.getByTestId('confirm-cancel'));
    // Ctrl+Space on a selected row takes it out again; a plain click selects the row clicked.
    await press('ArrowUp', { ctrlKey: true });
    await press(' ', { ctrlKey: true });
    expect(selected()).toEqual(['a.txt']);
    // And the last one: nothing is selected, so the menu key opens no (empty) menu and Delete asks nothing.
    await press(' ', { ctrlKey: true });
    expect(selected()).toEqual([]);
    await press('F10', { shiftKey: true });
    await press('Delete');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    await fireEvent.click(screen.getAllByTestId('object-row')[3]!);
    expect(selected()).toEqual(['d.txt']);
  });

  it('F6 into the bottom panel lands on its current tab, not the first one', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(keys()).toEqual(['albums/', 'README.txt']));
    await fireEvent.click(screen.getByTestId('tab-transfers'));
    expect(screen.getByTestId('tab-transfers')).toHaveAttribute('aria-selected', 'true');
    screen.getByTestId('object-list').focus();
    const panel = screen.getByTestId('bottom-panel');
    for (let i = 0; i < 4 && !panel.contains(document.activeElement); i++) await fireEvent.keyDown(window, { key: 'F6' });
    expect(document.activeElement).toBe(screen.getByTestId('tab-transfers'));
  });

  it('deleting with the details panel’s Delete button leaves the focus in the object list, not on <body>', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    for (const key of ['a.txt', 'b.txt']) backend.putObject('local', 'thumbs', key, 10, 0);
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(keys()).toEqual(['a.txt', 'b.txt']));
    await fireEvent.click(screen.getAllByTestId('object-row')[0]!);
    const remove = await screen.findByTestId('delete-object');
    remove.focus();
    await fireEvent.click(remove);
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(keys()).toEqual(['b.txt']));
    await waitFor(() => expect(screen.queryByTestId('delete-object')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('object-list')));
  });
});

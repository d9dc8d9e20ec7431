import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

function rowsText() {
  return screen.getAllByTestId('object-row').map((r) => r.getAttribute('data-key'));
}

function crumbs() {
  return within(screen.getByTestId('breadcrumbs'))
    .getAllByTestId('breadcrumb')
    .map((b) => b.textContent?.trim());
}

describe('object browser', { timeout: 30_000 }, () => {
  it('opens the Local connection, goes into nested folders and back up through the breadcrumb', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });

    // Local is opened at start-up; its buckets are listed.
    const bucket = await screen.findByRole('button', { name: /photos/ });
    expect(screen.getAllByTestId('bucket-item').map((b) => b.getAttribute('data-bucket'))).toEqual(['big', 'logs', 'photos', 'thumbs']);
    await fireEvent.click(bucket);
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    expect(crumbs()).toEqual(['photos']);

    // Folders first, then objects; clicking a folder name opens it.
    await fireEvent.click(within(screen.getByTestId('object-list')).getByText('albums/'));
    await waitFor(() => expect(rowsText()).toEqual(['albums/2025/', 'albums/2026/', 'albums/index.json']));
    await fireEvent.dblClick(screen.getAllByTestId('object-row')[1]!);
    await waitFor(() => expect(rowsText()).toEqual(['albums/2026/raw/', 'albums/2026/cat 1.jpg', 'albums/2026/dog.png']));
    expect(crumbs()).toEqual(['photos', 'albums', '2026']);
    expect(screen.getAllByTestId('breadcrumb').at(-1)).toHaveAttribute('aria-current', 'location');

    // Selecting an object loads its HEAD into the details panel.
    await fireEvent.click(screen.getAllByTestId('object-row')[1]!);
    expect(await screen.findByTestId('details-content-type')).toHaveTextContent('image/jpeg');
    expect(screen.getByTestId('details-key')).toHaveTextContent('albums/2026/cat 1.jpg');
    // The size line under the name: a space on both sides of the separator.
    expect(screen.getByTestId('details-panel')).toHaveTextContent(/\d KB · image\/jpeg/);

    // Back to "albums" with the breadcrumb.
    await fireEvent.click(screen.getAllByTestId('breadcrumb')[1]!);
    await waitFor(() => expect(rowsText()).toEqual(['albums/2025/', 'albums/2026/', 'albums/index.json']));
    expect(crumbs()).toEqual(['photos', 'albums']);

    // Keyboard: Backspace goes up one folder, to the bucket root.
    await fireEvent.keyDown(screen.getByTestId('object-list'), { key: 'Backspace' });
    await waitFor(() => expect(crumbs()).toEqual(['photos']));
    // ...and the folder it came from stays selected, so Enter goes straight back in.
    expect(screen.getAllByTestId('object-row')[0]).toHaveAttribute('aria-selected', 'true');
    await fireEvent.keyDown(screen.getByTestId('object-list'), { key: 'Enter' });
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums']));
  });

  it('Alt+Left and Alt+Right go back and forward through the folders opened, across buckets, as the Back and Forward buttons do', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    expect(screen.getByTestId('folder-back')).toBeDisabled();
    await fireEvent.dblClick(screen.getAllByTestId('object-row')[0]!);
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums']));
    await fireEvent.dblClick(screen.getAllByTestId('object-row')[1]!);
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums', '2026']));

    const list = () => screen.getByTestId('object-list');
    const alt = (key: string) => fireEvent.keyDown(list(), { key, altKey: true });
    await alt('ArrowLeft');
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums']));
    // Back in the parent, the folder it came from is selected.
    await waitFor(() => expect(screen.getAllByTestId('object-row')[1]).toHaveAttribute('aria-selected', 'true'));
    await alt('ArrowLeft');
    await waitFor(() => expect(crumbs()).toEqual(['photos']));
    expect(screen.getByTestId('folder-back')).toBeDisabled();
    await alt('ArrowRight');
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums']));
    await fireEvent.click(screen.getByTestId('folder-forward'));
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums', '2026']));
    expect(screen.getByTestId('folder-forward')).toBeDisabled();

    // Another bucket is a step too; a new visit drops what Forward had.
    await alt('ArrowLeft');
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums']));
    await fireEvent.click(screen.getByRole('button', { name: /logs/ }));
    await waitFor(() => expect(crumbs()).toEqual(['logs']));
    expect(screen.getByTestId('folder-forward')).toBeDisabled();
    await fireEvent.click(screen.getByTestId('folder-back'));
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums']));
    await waitFor(() => expect(rowsText()).toEqual(['albums/2025/', 'albums/2026/', 'albums/index.json']));
  });

  it('the column headers sort the list, as buttons a keyboard and a screen reader reach', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await fireEvent.click(await screen.findByText('albums/'));
    await fireEvent.dblClick((await screen.findAllByTestId('object-row'))[1]!);
    await waitFor(() => expect(rowsText()).toEqual(['albums/2026/raw/', 'albums/2026/cat 1.jpg', 'albums/2026/dog.png']));
    const size = screen.getByRole('button', { name: 'Sort by size' });
    expect(size.tabIndex).toBe(0);
    await fireEvent.click(size);
    expect(rowsText()).toEqual(['albums/2026/raw/', 'albums/2026/dog.png', 'albums/2026/cat 1.jpg']);
    expect(size).toHaveAccessibleName('Sort by size, descending');
    expect(screen.getAllByRole('columnheader')[1]).toHaveAttribute('aria-sort', 'descending');
    await fireEvent.click(size);
    expect(rowsText()).toEqual(['albums/2026/raw/', 'albums/2026/cat 1.jpg', 'albums/2026/dog.png']);
    expect(screen.getAllByRole('columnheader')[1]).toHaveAttribute('aria-sort', 'ascending');
  });

  it('undeletes from the versions list: a delete marker row offers to remove it, in words that say nothing is lost', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    await fireEvent.click(screen.getAllByTestId('object-row')[1]!);
    await fireEvent.keyDown(screen.getByTestId('object-list'), { key: 'Delete' });
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(rowsText()).toEqual(['albums/']));

    await fireEvent.click(screen.getByTestId('toggle-versions'));
    const marker = await waitFor(() => screen.getAllByTestId('object-row').find((r) => r.textContent?.includes('delete marker'))!);
    await fireEvent.contextMenu(marker);
    const item = await screen.findByTestId('menu-delete');
    expect(item).toHaveTextContent('Undelete (remove this delete marker)…');
    await fireEvent.click(item);
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog).toHaveTextContent('Remove the delete marker?');
    expect(dialog).toHaveTextContent('brings the object back');
    expect(dialog).not.toHaveTextContent('cannot be undone');
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getAllByTestId('object-row').some((r) => r.textContent?.includes('delete marker'))).toBe(false));
    await fireEvent.click(screen.getByTestId('toggle-versions'));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
  });

  it('saving properties in a versioned bucket says a new version was made', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    await fireEvent.click(screen.getAllByTestId('object-row')[1]!);
    await fireEvent.click(await screen.findByTestId('edit-properties'));
    const type = await screen.findByTestId('properties-content-type');
    await fireEvent.input(type, { target: { value: 'text/markdown' } });
    await fireEvent.click(screen.getByTestId('properties-save'));
    expect(await screen.findByText('Properties saved as a new version')).toBeInTheDocument();
    expect(screen.getByText(/the previous version keeps the old ones/)).toBeInTheDocument();
  });

  it('F6 lands on the open bucket in the sidebar, then straight in the object list, where the arrow keys work', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    await fireEvent.keyDown(window, { key: 'F6' });
    // In the sidebar, the open bucket: the arrow keys move between buckets from there.
    expect(document.activeElement).toBe(screen.getAllByTestId('bucket-item').find((b) => b.dataset.bucket === 'photos'));
    await fireEvent.keyDown(window, { key: 'F6' });
    expect(document.activeElement).toBe(screen.getByTestId('object-list'));

    // Enter opens the folder; the new listing replaces the old one and keeps the focus, so Backspace works.
    await fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    await waitFor(() => expect(crumbs()).toEqual(['photos', 'albums']));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('object-list')));
    await fireEvent.keyDown(document.activeElement!, { key: 'Backspace' });
    await waitFor(() => expect(crumbs()).toEqual(['photos']));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('object-list')));
  });

  it('is one grid for screen readers: its column headers are its first row, each row has its place, several may be selected', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    const grid = screen.getByRole('grid', { name: 'Objects in photos/' });
    expect(grid).toHaveAttribute('aria-multiselectable', 'true');
    // The header row was outside the grid (an ARIA error, and no column was named): now it is inside, first.
    const rows = within(grid).getAllByRole('row');
    expect(within(rows[0]!).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Size', 'Modified', 'Storage class', 'ETag', 'Events']);
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toEqual(['1', '2', '3']);
    expect(grid).toHaveAttribute('aria-rowcount', '3');
    // The header drawn above the list is not read a second time.
    expect(screen.getAllByRole('columnheader')).toHaveLength(6);
    expect(within(rows[2]!).getAllByRole('gridcell')).toHaveLength(6);
  });

  it('filters the folder and says so when nothing matches', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /logs/ }));
    await waitFor(() => expect(rowsText()).toEqual(['2026/']));
    await fireEvent.click(within(screen.getByTestId('object-list')).getByText('2026/'));
    await fireEvent.click(await within(screen.getByTestId('object-list')).findByText('11/'));
    await waitFor(() => expect(rowsText()).toHaveLength(30));
    await fireEvent.input(screen.getByTestId('object-filter'), { target: { value: '07' } });
    await waitFor(() => expect(rowsText()).toEqual(['2026/11/07/']));
    await fireEvent.input(screen.getByTestId('object-filter'), { target: { value: 'nothing-like-this' } });
    expect(await screen.findByTestId('empty-filter')).toHaveTextContent('Nothing matches “nothing-like-this”');
  });

  it('pages a 20,000-key folder with continuation tokens', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /^big$/ }));
    await fireEvent.click(await within(screen.getByTestId('object-list')).findByText('keys/'));
    await waitFor(() => expect(screen.getByTestId('object-count')).toHaveTextContent('1,000 objects loaded'));
    // jsdom has no layout: only the first rows are rendered, never 1,000 DOM rows.
    expect(screen.getAllByTestId('object-row').length).toBeLessThanOrEqual(60);
    await fireEvent.click(screen.getByTestId('load-more'));
    await waitFor(() => expect(screen.getByTestId('object-count')).toHaveTextContent('2,000 objects loaded'));
    const lists = backend.calls.filter((c) => c.method === 'objects.list').map((c) => c.input as { token?: string; prefix: string });
    expect(lists.at(-1)).toMatchObject({ prefix: 'keys/', token: '1000' });
  });

  it('deletes with the Delete key after a confirmation that lists exactly what goes', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    // A folder expands to every key under it.
    await fireEvent.click(screen.getAllByTestId('object-row')[0]!);
    await fireEvent.keyDown(screen.getByTestId('object-list'), { key: 'Delete' });
    const items = await screen.findByTestId('confirm-items');
    expect(within(items).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'albums/2025/beach.jpg', 'albums/2025/snow.jpg', 'albums/2026/cat 1.jpg', 'albums/2026/dog.png', 'albums/2026/raw/IMG_0001.dng', 'albums/index.json',
    ]);
    // photos is versioned: the dialog says the objects stay restorable.
    expect(screen.getByTestId('confirm-dialog')).toHaveTextContent('delete marker');
    await fireEvent.click(screen.getByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(backend.calls.some((c) => c.method === 'objects.remove')).toBe(false);

    await fireEvent.click(screen.getAllByTestId('object-row')[1]!);
    await fireEvent.keyDown(screen.getByTestId('object-list'), { key: 'Delete' });
    expect(await screen.findByTestId('confirm-items')).toHaveTextContent('README.txt');
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(rowsText()).toEqual(['albums/']));
    expect(backend.calls.find((c) => c.method === 'objects.remove')?.input).toMatchObject({ bucket: 'photos', objects: [{ key: 'README.txt' }] });
  });

  it('lists every object below the folder in the flat view, so the filter searches the whole tree', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    await fireEvent.input(screen.getByTestId('object-filter'), { target: { value: 'jpg' } });
    // In the folder view the filter only sees this level: nothing here ends in .jpg.
    await waitFor(() => expect(screen.queryAllByTestId('object-row')).toHaveLength(0));

    await fireEvent.click(screen.getByTestId('toggle-flat'));
    await waitFor(() => expect(rowsText()).toEqual(['albums/2025/beach.jpg', 'albums/2025/snow.jpg', 'albums/2026/cat 1.jpg']));
    expect(screen.getByTestId('toggle-flat')).toHaveAttribute('aria-pressed', 'true');
    // The listing asked for no delimiter.
    expect(backend.calls.filter((c) => c.method === 'objects.list').at(-1)?.input).toMatchObject({ bucket: 'photos', prefix: '', delimiter: '' });
    expect(screen.getAllByTestId('object-row')[2]).toHaveTextContent('albums/2026/cat 1.jpg');

    await fireEvent.click(screen.getByTestId('toggle-flat'));
    await fireEvent.input(screen.getByTestId('object-filter'), { target: { value: '' } });
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
  });

  it('opens a context menu on a row, whose items act on that row', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'README.txt']));
    await fireEvent.contextMenu(screen.getAllByTestId('object-row')[1]!, { clientX: 300, clientY: 200 });
    const menu = await screen.findByTestId('context-menu');
    expect(within(menu).getAllByRole('menuitem').map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['Show details Enter', 'Copy key', 'Copy share link (valid 1 hour)', 'Copy to…', 'Rename or move…', 'Delete… Del']);
    await fireEvent.click(within(menu).getByTestId('menu-rename'));
    const dialog = await screen.findByTestId('copy-dialog');
    const key = within(dialog).getByTestId('copy-target-key') as HTMLInputElement;
    await fireEvent.input(key, { target: { value: 'docs/README.md' } });
    await fireEvent.click(within(dialog).getByTestId('copy-submit'));
    await waitFor(() => expect(rowsText()).toEqual(['albums/', 'docs/']));
    expect(backend.calls.find((c) => c.method === 'objects.copy')?.input).toMatchObject({ from: { bucket: 'photos', key: 'README.txt' }, to: { bucket: 'photos', key: 'docs/README.md' } });
    expect(backend.calls.filter((c) => c.method === 'objects.remove').at(-1)?.input).toMatchObject({ objects: [{ key: 'README.txt' }] });
  });
  it('deletes a folder of 2,500 keys in requests of 1,000 at most, then lists it gone', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    for (let i = 0; i < 2500; i++) backend.putObject('local', 'thumbs', `many/k-${String(i).padStart(4, '0')}.txt`, 1, 0);
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    await waitFor(() => expect(rowsText()).toEqual(['many/']));
    await fireEvent.click(screen.getAllByTestId('object-row')[0]!);
    await fireEvent.click(screen.getByTestId('delete-selected'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getByTestId('empty-folder')).toBeInTheDocument());
    const removes = backend.calls.filter((c) => c.method === 'objects.remove').map((c) => (c.input as { objects: unknown[] }).objects.length);
    // One request per 1,000 keys, so the toast can say how far the delete got after each.
    expect(removes).toEqual([1000, 1000, 500]);
  });
});

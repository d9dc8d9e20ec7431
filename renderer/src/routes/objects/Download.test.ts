// Browser mode's folder and selection downloads: the menu and the details panel hand the selection to the
// transport's zip download (the endpoint itself is tested in test/integration/transfers/zip-download.test.ts).
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import type { FileAccess, ZipSelection } from '../../api/client.ts';
import '../../test-support.ts';

function rows() {
  return screen.getAllByTestId('object-row');
}

async function openPhotos() {
  localStorage.clear();
  const { api, backend } = createFakeClient({ sample: true });
  const zips: ZipSelection[] = [];
  (api.files as FileAccess).downloadZip = async (selection) => void zips.push(selection);
  render(App, { props: { api } });
  await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
  await waitFor(() => expect(rows().map((r) => r.dataset.key)).toEqual(['albums/', 'README.txt']));
  return { backend, zips };
}

describe('zip downloads (browser mode)', { timeout: 30_000 }, () => {
  it('downloads a folder as a zip from its context menu and from the details panel', async () => {
    const { zips } = await openPhotos();
    await fireEvent.contextMenu(rows()[0]!, { clientX: 300, clientY: 200 });
    const menu = await screen.findByTestId('context-menu');
    const item = within(menu).getByTestId('menu-download-zip');
    expect(item).toHaveTextContent('Download as zip');
    await fireEvent.click(item);
    await waitFor(() => expect(zips).toEqual([{ connectionId: 'local', bucket: 'photos', prefix: '', objects: [{ key: 'albums/' }] }]));
    expect(await screen.findByText('Downloading “albums/” as a zip')).toBeInTheDocument();

    await fireEvent.click(rows()[0]!);
    await fireEvent.click(await screen.findByTestId('download-zip'));
    await waitFor(() => expect(zips).toHaveLength(2));
    expect(zips[1]).toEqual(zips[0]);
  });

  it('downloads a selection of a folder and a file as one zip', async () => {
    const { zips } = await openPhotos();
    await fireEvent.click(rows()[0]!);
    await fireEvent.click(rows()[1]!, { shiftKey: true });
    await fireEvent.contextMenu(rows()[1]!, { clientX: 300, clientY: 200 });
    const menu = await screen.findByTestId('context-menu');
    await fireEvent.click(within(menu).getByText('Download 2 items as zip'));
    await waitFor(() => expect(zips).toEqual([{ connectionId: 'local', bucket: 'photos', prefix: '', objects: [{ key: 'albums/' }, { key: 'README.txt' }] }]));
  });

  it('offers no zip for a single file (it downloads as itself)', async () => {
    const { zips } = await openPhotos();
    await fireEvent.contextMenu(rows()[1]!, { clientX: 300, clientY: 200 });
    expect(within(await screen.findByTestId('context-menu')).queryByTestId('menu-download-zip')).toBeNull();
    expect(zips).toEqual([]);
  });
});

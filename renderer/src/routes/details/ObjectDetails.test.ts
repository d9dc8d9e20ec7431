// An object another client deleted while its row was still listed: the details say it is gone and offer to list
// the folder again, not to copy, rename or delete what is no longer there (those could only fail or mislead).
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

const keys = () => screen.getAllByTestId('object-row').map((r) => r.getAttribute('data-key'));

describe('details of an object deleted elsewhere', { timeout: 30_000 }, () => {
  it('offers Refresh list instead of Copy to, Rename and Delete', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(keys()).toEqual(['albums/', 'README.txt']));
    // Another client deletes it (photos is versioned: a delete marker); the list has not been refreshed.
    await api.objects.remove({ connectionId: 'local', bucket: 'photos', objects: [{ key: 'README.txt' }] });
    await fireEvent.click(screen.getAllByTestId('object-row')[1]!);
    await waitFor(() => expect(screen.getByTestId('details-summary')).toHaveTextContent('Deleted — the latest version is a delete marker'));
    for (const id of ['copy-object', 'move-object', 'delete-object']) expect(screen.queryByTestId(id)).toBeNull();
    expect(screen.getByTestId('copy-key')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('details-refresh'));
    await waitFor(() => expect(keys()).toEqual(['albums/']));
  });
});

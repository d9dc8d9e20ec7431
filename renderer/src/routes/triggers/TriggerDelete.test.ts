// Deleting a trigger from the keyboard: the confirmation names an unnamed trigger by its function (not “”),
// and once it is gone the focus is on the next row's Delete button (then Add trigger), not on <body>.
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

describe('deleting triggers', { timeout: 30_000 }, () => {
  it('names an unnamed trigger by its function and keeps the focus in the list', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    // The sample's first trigger, without a name (most triggers made in the window have none).
    backend.triggers[0]!.name = '';
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await fireEvent.click(await screen.findByTestId('bucket-tab-triggers'));
    await waitFor(() => expect(screen.getAllByTestId('trigger-row')).toHaveLength(2));

    // Every row has the same buttons: each is named by its trigger (the first by its function and filter).
    const [one, two] = screen.getAllByTestId('trigger-row') as [HTMLElement, HTMLElement];
    expect(within(one).getByTestId('delete-trigger')).toHaveAccessibleName('Delete the trigger that runs thumbnailer on albums/*.jpg');
    expect(within(one).getByTestId('edit-trigger')).toHaveAccessibleName('Edit the trigger that runs thumbnailer on albums/*.jpg');
    expect(within(one).getByRole('switch')).toHaveAccessibleName('Enabled: the trigger that runs thumbnailer on albums/*.jpg');
    expect(within(two).getByTestId('delete-trigger')).toHaveAccessibleName(/^Delete (trigger “.+”|the trigger that runs .+)$/);
    expect(within(two).getByTestId('delete-trigger').getAttribute('aria-label')).not.toBe(within(one).getByTestId('delete-trigger').getAttribute('aria-label'));

    const first = within(one).getByTestId('delete-trigger');
    first.focus();
    await fireEvent.click(first);
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog).toHaveTextContent('Delete the trigger that runs thumbnailer?');
    expect(dialog).not.toHaveTextContent('“”');
    expect(within(dialog).getByTestId('confirm-items')).toHaveTextContent(/^cos:ObjectCreated:\* · prefix albums\/, suffix \.jpg$/);
    await fireEvent.click(within(dialog).getByTestId('confirm-ok'));

    await waitFor(() => expect(screen.getAllByTestId('trigger-row')).toHaveLength(1));
    const next = within(screen.getByTestId('trigger-row')).getByTestId('delete-trigger');
    await waitFor(() => expect(document.activeElement).toBe(next));

    // The last one: the focus goes to Add trigger.
    await fireEvent.click(next);
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await screen.findByTestId('triggers-empty');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('add-trigger')));
  });
});

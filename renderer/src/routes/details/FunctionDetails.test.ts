// On a function's screen the details panel is about the function. It kept showing the object last selected in
// the bucket (README.txt with its Download, Copy to, Rename and Delete), as if the function screen were about it.
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

describe('details panel on a function screen', { timeout: 30_000 }, () => {
  it("shows the function's settings and triggers, not the object selected before", async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    await waitFor(() => expect(screen.getAllByTestId('object-row')).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId('object-row')[1]!);
    const panel = screen.getByTestId('details-panel');
    await waitFor(() => expect(panel).toHaveTextContent('README.txt'));

    await fireEvent.click((await screen.findAllByTestId('function-item'))[0]!);
    await screen.findByTestId('function-view');
    await waitFor(() => expect(within(panel).getByTestId('details-function')).toHaveTextContent('thumbnailer'));
    expect(panel).not.toHaveTextContent('README.txt');
    for (const id of ['copy-key', 'delete-object', 'delete-bucket']) expect(within(panel).queryByTestId(id)).toBeNull();
    expect(within(panel).getByTestId('details-function-triggers')).toHaveTextContent('photos');

    // Back to the bucket: its selection's details again.
    await fireEvent.click(within(screen.getByRole('navigation', { name: /./ })).getByRole('button', { name: /photos/ }));
    await waitFor(() => expect(within(panel).queryByTestId('details-function')).toBeNull());
  });

  it('says a new function has no details until it is saved', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByTestId('add-function'));
    await screen.findByTestId('function-view');
    expect(within(screen.getByTestId('details-panel')).getByTestId('details-function')).toHaveTextContent('New function');
  });
});

// The bucket's details describe the bucket. They used to say "Loaded 1 folder, 0 objects" for a bucket of 30 objects
// (the count was of the folder on screen, and of current objects even in the versions view); the listing's footer
// is where that count belongs.
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

describe('bucket details', { timeout: 30_000 }, () => {
  it('state nothing about the bucket that the folder on screen contradicts', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    // logs: 30 objects, all under 2026/.
    await fireEvent.click(await screen.findByRole('button', { name: /logs/ }));
    await waitFor(() => expect(screen.getByTestId('object-count')).toHaveTextContent('1 folder · 0 objects'));
    const details = screen.getByTestId('delete-bucket').closest('section') ?? document.body;
    expect(details).toHaveTextContent('logs');
    expect(details).not.toHaveTextContent(/0 objects/);
  });
});

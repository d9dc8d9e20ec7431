// Deleting a bucket or a function removes the screen whose Delete button had the focus; the focus then goes to
// the list in the sidebar, not to <body> (where a keyboard user would start again from the top).
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

function bucketNames() {
  return screen.getAllByTestId('bucket-item').map((b) => b.getAttribute('data-bucket'));
}

describe('focus after deleting a bucket or a function', { timeout: 30_000 }, () => {
  it('goes to the bucket list, then to the functions list', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    const deleteBucket = await screen.findByTestId('delete-bucket');
    deleteBucket.focus();
    await fireEvent.click(deleteBucket);
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(bucketNames()).not.toContain('thumbs'));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('bucket-item'));

    const names = () => screen.getAllByTestId('function-item').map((f) => f.textContent?.trim());
    const before = names().length;
    await fireEvent.click(screen.getAllByTestId('function-item').at(-1)!);
    const deleteFunction = await screen.findByTestId('function-delete');
    deleteFunction.focus();
    await fireEvent.click(deleteFunction);
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(names()).toHaveLength(before - 1));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('function-item'));
  });
});

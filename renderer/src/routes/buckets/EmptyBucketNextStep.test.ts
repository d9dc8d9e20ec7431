// An empty bucket with no trigger: its empty state offers the next step of the journey (a trigger), not only an
// upload whose events would run nothing.
import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

describe('empty bucket', { timeout: 30_000 }, () => {
  it('without triggers offers Add a trigger, which opens the Triggers tab', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    const empty = await screen.findByTestId('empty-folder');
    expect(empty).toHaveTextContent('No trigger runs a function for this bucket yet');
    await fireEvent.click(screen.getByTestId('empty-add-trigger'));
    await waitFor(() => expect(screen.getByTestId('bucket-tab-triggers')).toHaveAttribute('aria-selected', 'true'));
    expect(await screen.findByTestId('triggers-view')).toBeInTheDocument();
  });

  it('with a trigger says only how to upload', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    backend.triggers.push({ ...backend.triggers[0]!, id: 't9', name: 'thumbs-all', bucket: 'thumbs', prefix: '', suffix: '' });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    expect(await screen.findByTestId('empty-folder')).toHaveTextContent('This bucket is empty');
    expect(screen.queryByTestId('empty-add-trigger')).toBeNull();
  });
});

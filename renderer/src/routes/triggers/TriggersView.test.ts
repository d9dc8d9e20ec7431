import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

async function openPhotosTriggers() {
  localStorage.clear();
  const env = createFakeClient({ sample: true });
  render(App, { props: { api: env.api } });
  await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
  await fireEvent.click(await screen.findByTestId('bucket-tab-triggers'));
  return env;
}

describe('bucket triggers', { timeout: 30_000 }, () => {
  it('lists the bucket triggers and toggles one off', async () => {
    const { backend } = await openPhotosTriggers();
    const rows = await screen.findAllByTestId('trigger-row');
    expect(rows.map((r) => r.dataset.triggerId)).toEqual(['t1', 't2']);
    expect(rows[0]).toHaveTextContent('cos:ObjectCreated:*');
    expect(rows[0]).toHaveTextContent('albums/*.jpg');
    expect(rows[0]).toHaveTextContent('thumbnailer');
    const toggle = within(rows[0]!).getByTestId('trigger-toggle');
    expect(toggle).toHaveAttribute('aria-checked', 'true');
    await fireEvent.click(toggle);
    await waitFor(() => expect(within(screen.getAllByTestId('trigger-row')[0]!).getByTestId('trigger-toggle')).toHaveAttribute('aria-checked', 'false'));
    expect(backend.triggers[0]!.enabled).toBe(false);
  });

  it('adds a trigger, saying before Save which trigger a clashing one overlaps', async () => {
    const user = userEvent.setup();
    const { backend } = await openPhotosTriggers();
    await user.click(await screen.findByTestId('add-trigger'));
    const dialog = await screen.findByTestId('trigger-dialog');
    // Every event type of every key is taken ("thumbnails" has ObjectCreated:* on albums/*.jpg, "audit deletes"
    // every removal): the default, all created events, is said to clash before anything is sent.
    expect(within(dialog).getByTestId('trigger-overlap')).toHaveTextContent('Overlaps the trigger “thumbnails” (thumbnailer, albums/*.jpg): both would run on cos:ObjectCreated:* for the same keys');
    await user.type(within(dialog).getByTestId('trigger-prefix'), 'albums/2026/');
    expect(within(dialog).getByTestId('trigger-overlap')).toHaveTextContent('“thumbnails”');
    await user.click(within(dialog).getByTestId('trigger-save'));
    expect(within(dialog).getByRole('group', { name: 'Events' })).toHaveTextContent('Overlaps another trigger of this bucket');
    expect(backend.calls.some((c) => c.method === 'triggers.save')).toBe(false);

    await user.clear(within(dialog).getByTestId('trigger-prefix'));
    await user.type(within(dialog).getByTestId('trigger-prefix'), 'raw/');
    expect(within(dialog).queryByTestId('trigger-overlap')).toBeNull();
    await user.selectOptions(within(dialog).getByTestId('trigger-function'), 'f3');
    await user.click(within(dialog).getByTestId('trigger-save'));
    await waitFor(() => expect(screen.getAllByTestId('trigger-row')).toHaveLength(3));
    expect(backend.triggers.at(-1)).toMatchObject({ bucket: 'photos', prefix: 'raw/', functionId: 'f3', events: ['cos:ObjectCreated:*'], format: 'cos' });
  });
});

describe('function screen', { timeout: 30_000 }, () => {
  it('runs a test invocation and shows its status and logs', async () => {
    const user = userEvent.setup();
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await user.click((await screen.findAllByTestId('function-item'))[0]!);
    expect(await screen.findByTestId('function-view')).toHaveTextContent('thumbnailer');
    expect((screen.getByTestId('function-handler') as HTMLInputElement).value).toBe('index.main_handler');
    await user.click(screen.getByTestId('function-invoke'));
    expect(await screen.findByTestId('function-invoke-result')).toHaveTextContent('success');
    const call = backend.calls.find((c) => c.method === 'functions.invoke');
    expect(call?.input).toMatchObject({ id: 'f1', event: { type: 'ObjectCreated:Put', format: 'cos' } });
  });

  it('validates a new function before saving it', async () => {
    const user = userEvent.setup();
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await user.click(await screen.findByTestId('add-function'));
    await user.type(await screen.findByTestId('function-name'), 'bad name!');
    // Own code rather than the starter handler: then the path is required.
    await user.click(screen.getByTestId('function-source-folder'));
    await user.click(screen.getByTestId('function-save'));
    expect(await screen.findByText('Use letters, digits, - and _ only.')).toBeInTheDocument();
    expect(screen.getByText('Enter the folder or file that holds the handler.')).toBeInTheDocument();
    expect(backend.calls.some((c) => c.method === 'functions.save')).toBe(false);
  });
});

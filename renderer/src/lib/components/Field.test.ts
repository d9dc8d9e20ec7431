// A field's error or help line is read with its control: the control the label labels gets aria-describedby
// pointing at the line, and aria-invalid while the line is an error. Call sites pass nothing for it.
import { describe, expect, it } from 'vitest';
import { createRawSnippet } from 'svelte';
import { render, screen } from '@testing-library/svelte';
import Field from './Field.svelte';
import '../../test-support.ts';

const input = (attrs = '') => createRawSnippet(() => ({ render: () => `<input data-testid="control" ${attrs} />` }));

describe('form field', () => {
  it('an invalid field: the input is aria-invalid and described by the error text', async () => {
    const view = render(Field, { props: { label: 'Bucket name', error: 'Use 3 to 63 characters.', errorTestid: 'err', children: input() } });
    const control = screen.getByTestId('control');
    expect(control).toHaveAccessibleName('Bucket name');
    expect(control).toHaveAttribute('aria-invalid', 'true');
    const ids = control.getAttribute('aria-describedby')!.split(' ');
    expect(ids.map((id) => document.getElementById(id)?.textContent)).toEqual(['Use 3 to 63 characters.']);
    expect(control).toHaveAccessibleDescription('Use 3 to 63 characters.');

    // Fixed: no longer invalid and no longer pointing at a message that is gone.
    await view.rerender({ error: undefined });
    expect(control).not.toHaveAttribute('aria-invalid');
    expect(control).not.toHaveAttribute('aria-describedby');
    expect(screen.queryByTestId('err')).toBeNull();
  });

  it('a help line describes the control without marking it invalid; an error replaces it', async () => {
    const view = render(Field, { props: { label: 'Endpoint', help: 'https://host:port', children: input() } });
    const control = screen.getByTestId('control');
    expect(control).toHaveAccessibleDescription('https://host:port');
    // The line describes; it is not part of the name.
    expect(control).toHaveAccessibleName('Endpoint');
    expect(control).not.toHaveAttribute('aria-invalid');

    await view.rerender({ error: 'Not a URL.' });
    expect(control).toHaveAccessibleDescription('Not a URL.');
    expect(control).toHaveAttribute('aria-invalid', 'true');
  });

  it('keeps the control’s own aria-describedby ids', async () => {
    const view = render(Field, { props: { label: 'Key', error: 'Too long.', children: input('aria-describedby="own"') } });
    const control = screen.getByTestId('control');
    expect(control.getAttribute('aria-describedby')!.split(' ')).toEqual(['own', expect.stringMatching(/^field-msg-/)]);
    await view.rerender({ error: undefined });
    expect(control).toHaveAttribute('aria-describedby', 'own');
  });

  it('two fields get different message ids', () => {
    render(Field, { props: { label: 'A', error: 'First.', children: createRawSnippet(() => ({ render: () => '<input data-testid="a" />' })) } });
    render(Field, { props: { label: 'B', error: 'Second.', children: createRawSnippet(() => ({ render: () => '<input data-testid="b" />' })) } });
    expect(screen.getByTestId('a')).toHaveAccessibleDescription('First.');
    expect(screen.getByTestId('b')).toHaveAccessibleDescription('Second.');
  });

  it('a group (controls with their own labels) is a labelled group described by its error', () => {
    render(Field, {
      props: {
        label: 'Environment variables',
        group: true,
        error: 'Invalid variable name',
        children: createRawSnippet(() => ({ render: () => '<div><input aria-label="NAME" /><input aria-label="value" /></div>' })),
      },
    });
    const group = screen.getByRole('group', { name: 'Environment variables' });
    expect(group).toHaveAccessibleDescription('Invalid variable name');
    // A group is not a control: aria-invalid stays off it (FormDialog focuses the first aria-invalid element).
    expect(group).not.toHaveAttribute('aria-invalid');
  });
});

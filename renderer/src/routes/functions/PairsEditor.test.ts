import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import PairsEditor from './PairsEditor.svelte';
import '../../test-support.ts';

describe('PairsEditor', () => {
  it('stops adding rows at its maximum (S3 allows 10 tags)', async () => {
    const pairs = Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    render(PairsEditor, { props: { pairs, keyLabel: 'Tag key', valueLabel: 'Tag value', testid: 'tags', max: 10 } });
    const add = screen.getByRole('button', { name: 'Add' });
    expect(add).toBeEnabled();
    await fireEvent.click(add);
    expect(screen.getAllByLabelText('Tag key')).toHaveLength(10);
    expect(add).toBeDisabled();
    expect(add).toHaveAttribute('title', 'At most 10');
    // Removing one allows another.
    await fireEvent.click(screen.getByRole('button', { name: 'Remove k0' }));
    expect(add).toBeEnabled();
  });

  it('has no limit unless given one', async () => {
    render(PairsEditor, { props: { pairs: Array.from({ length: 12 }, (_, i) => ({ key: `k${i}`, value: '' })), keyLabel: 'Name', valueLabel: 'Value', testid: 'env' } });
    expect(screen.getByRole('button', { name: 'Add' })).toBeEnabled();
  });
});

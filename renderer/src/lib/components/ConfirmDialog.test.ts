// A confirmation is an alertdialog whose message is read out with its title. A destructive one opens on
// Cancel, so Enter pressed out of habit (or a key repeat) answers "no"; a Tab to the red button and Enter goes
// ahead. A harmless one opens on its confirm button.
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ConfirmDialog from './ConfirmDialog.svelte';
import type { ConfirmRequest } from '../../state/ui.svelte.ts';
import '../../test-support.ts';

const deleteRequest: ConfirmRequest = {
  title: 'Delete 2 objects?',
  message: 'These objects are deleted from photos:',
  items: ['a.jpg', 'b.jpg'],
  note: 'This cannot be undone.',
  confirmLabel: 'Delete',
  danger: true,
};

function open(request: ConfirmRequest) {
  const answers: (boolean | 'alternative')[] = [];
  render(ConfirmDialog, { props: { request, onanswer: (ok: boolean | 'alternative') => answers.push(ok) } });
  return answers;
}

describe('confirm dialog', () => {
  it('is an alertdialog described by its message and note', () => {
    open(deleteRequest);
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveAccessibleName('Delete 2 objects?');
    expect(dialog).toHaveAccessibleDescription('These objects are deleted from photos: This cannot be undone.');
    expect(dialog).toHaveAttribute('aria-modal', 'true');
  });

  // Tab itself is covered in a real browser (test/e2e/versioning.test.ts): jsdom has no layout, so the
  // modal's focus trap sees no visible buttons to move between.
  it('a destructive request starts on Cancel: Enter cancels; Enter on the destructive button confirms', async () => {
    const user = userEvent.setup();
    const answers = open(deleteRequest);
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    await user.keyboard('{Enter}');
    expect(answers).toEqual([false]);

    // The dialog is still rendered (its owner closes it).
    screen.getByTestId('confirm-ok').focus();
    await user.keyboard('{Enter}');
    expect(answers).toEqual([false, true]);
  });

  it('a harmless request starts on its confirm button', async () => {
    const user = userEvent.setup();
    const answers = open({ title: 'Reset all settings?', message: 'Every setting goes back to its default.', confirmLabel: 'Reset settings' });
    expect(document.activeElement).toBe(screen.getByTestId('confirm-ok'));
    expect(screen.getByRole('alertdialog')).toHaveAccessibleDescription('Every setting goes back to its default.');
    await user.keyboard('{Enter}');
    expect(answers).toEqual([true]);
  });

  it('a request with an alternative starts on it (goes ahead without the destructive part); the others answer as before', async () => {
    const user = userEvent.setup();
    const answers = open({ ...deleteRequest, title: 'Replace 2 objects?', confirmLabel: 'Replace 2 objects', alternativeLabel: 'Skip 2 existing' });
    const buttons = screen.getAllByRole('button').map((b) => b.textContent?.trim()).filter((t) => t !== 'Close');
    expect(buttons.slice(-3)).toEqual(['Cancel', 'Skip 2 existing', 'Replace 2 objects']);
    expect(document.activeElement).toBe(screen.getByTestId('confirm-alternative'));
    await user.keyboard('{Enter}');
    expect(answers).toEqual(['alternative']);
    screen.getByTestId('confirm-ok').focus();
    await user.keyboard('{Enter}');
    screen.getByTestId('confirm-cancel').focus();
    await user.keyboard('{Enter}');
    expect(answers).toEqual(['alternative', true, false]);
  });
});

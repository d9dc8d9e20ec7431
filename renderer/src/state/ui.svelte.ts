// Which dialog is open, plus confirm() as a promise so destructive actions read top to bottom.
import type { ConnectionDto, ObjectDetails } from '../../../electron/shared/dto.ts';
import type { TriggerDto } from '../../../electron/shared/triggers.ts';

export interface ConfirmRequest {
  title: string;
  message: string;
  /** The exact list of what goes. */
  items?: string[];
  /** Said plainly under the list, e.g. "This cannot be undone." */
  note?: string;
  confirmLabel: string;
  danger?: boolean;
  /** Shows the note as a warning; defaults to `danger`. */
  irreversible?: boolean;
  /** A second way forward beside the confirm button (e.g. "Skip 3 existing"); see UiState.choose. */
  alternativeLabel?: string;
}

export type ConfirmAnswer = 'confirm' | 'alternative' | 'cancel';

export type DialogRequest =
  | { kind: 'connection'; connection?: ConnectionDto }
  | { kind: 'create-bucket' }
  | { kind: 'settings' }
  | { kind: 'copy'; key: string; move?: boolean }
  | { kind: 'properties'; details: ObjectDetails }
  | { kind: 'trigger'; trigger?: TriggerDto; functionId?: string }
  | { kind: 'create-folder' }
  /** Open a bucket by its name, for a key that may not list the buckets. */
  | { kind: 'open-bucket' }
  | { kind: 'shortcuts' }
  | { kind: 'confirm'; request: ConfirmRequest; resolve: (ok: boolean | 'alternative') => void };

export class UiState {
  dialog = $state.raw<DialogRequest | undefined>();
  /** Focus requests from keyboard shortcuts, handled by the component that owns the element. */
  focusFilterTick = $state(0);

  open(request: Exclude<DialogRequest, { kind: 'confirm' }>): void {
    this.#cancelConfirm();
    this.dialog = request;
  }

  close(): void {
    this.#cancelConfirm();
    this.dialog = undefined;
  }

  confirm(request: ConfirmRequest): Promise<boolean> {
    return this.choose(request).then((answer) => answer === 'confirm');
  }

  /** confirm() with a third answer: the request's `alternativeLabel` button. */
  choose(request: ConfirmRequest): Promise<ConfirmAnswer> {
    this.#cancelConfirm();
    return new Promise((resolve) => {
      this.dialog = {
        kind: 'confirm',
        request,
        resolve: (ok) => {
          this.dialog = undefined;
          resolve(ok === 'alternative' ? 'alternative' : ok ? 'confirm' : 'cancel');
        },
      };
    });
  }

  #cancelConfirm() {
    const d = this.dialog;
    if (d?.kind === 'confirm') d.resolve(false);
  }
}

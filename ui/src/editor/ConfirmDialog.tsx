// A modal question with two answers, for edits that would be lost (closing the window, a new
// mapping, opening another one). Keyboard first: the safe answer has the focus, Tab stays
// inside, Escape cancels, and the focus goes back where it was.
import { useEffect, useId, useRef } from 'react';

export interface ConfirmRequest {
  title: string;
  message: string;
  /** The label of the button that goes ahead (and loses the edits). */
  confirm: string;
}

interface Props extends ConfirmRequest {
  onAnswer: (confirmed: boolean) => void;
}

export function ConfirmDialog({ title, message, confirm, onAnswer }: Props) {
  const id = useId();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancelButton.current?.focus();
    return () => {
      before?.focus();
    };
  }, []);

  return (
    <div className="modal-backdrop">
      <div
        ref={dialog}
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-message`}
        data-testid="confirm-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onAnswer(false);
          } else if (e.key === 'Tab') {
            const buttons = [...(dialog.current?.querySelectorAll('button') ?? [])];
            const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
            const next = buttons[(at + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length];
            e.preventDefault();
            next?.focus();
          }
        }}
      >
        <h2 id={`${id}-title`} className="modal__title">
          {title}
        </h2>
        <p id={`${id}-message`}>{message}</p>
        <div className="row modal__buttons">
          <button
            ref={cancelButton}
            type="button"
            className="button"
            onClick={() => {
              onAnswer(false);
            }}
          >
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => {
              onAnswer(true);
            }}
          >
            {confirm}
          </button>
        </div>
      </div>
    </div>
  );
}

// The unsaved-changes guard: whether the mapping differs from what was last opened or saved
// (shown in the window title), and a question before anything loses those edits: a new
// mapping, opening another one, closing the window.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Backend } from '../backend';
import type { ConfirmRequest } from './ConfirmDialog';
import { mappingText, type Mapping } from './model';

/** The question the guard is asking, with what answers it. */
export type Question = ConfirmRequest & { answer: (confirmed: boolean) => void };

export interface UnsavedGuard {
  unsaved: boolean;
  /** The mapping text now on disk (after opening or saving). */
  markSaved: (text: string) => void;
  /** Whether to go on with `action`, which loses the unsaved edits: at once when there are
   * none, else the user's answer in the dialog (whose go-ahead button says `confirm`). */
  mayDiscard: (action: string, confirm: string) => Promise<boolean>;
  /** The question on screen, if any. */
  question: Question | null;
}

export function useUnsavedGuard(backend: Backend, mapping: Mapping): UnsavedGuard {
  const [savedText, setSavedText] = useState(mappingText({ fields: [] }));
  const [question, setQuestion] = useState<Question | null>(null);

  const unsaved = mappingText(mapping) !== savedText;
  useEffect(() => {
    document.title = unsaved ? 'Sync Central •' : 'Sync Central';
  }, [unsaved]);

  const unsavedRef = useRef(unsaved);
  useLayoutEffect(() => {
    unsavedRef.current = unsaved;
  }, [unsaved]);
  const mayDiscard = useCallback((action: string, confirm: string): Promise<boolean> => {
    if (!unsavedRef.current) return Promise.resolve(true);
    return new Promise((resolve) => {
      setQuestion({
        title: 'Discard unsaved changes?',
        message: `The mapping has changes that are not saved. ${action} loses them.`,
        confirm,
        answer: (confirmed) => {
          setQuestion(null);
          resolve(confirmed);
        },
      });
    });
  }, []);

  // Closing the window asks first when there are unsaved edits.
  useEffect(() => {
    let stop: (() => void) | null = null;
    let current = true;
    backend
      .onCloseRequested(() => mayDiscard('Closing the window', 'Discard and close'))
      .then(
        (unlisten) => {
          if (current) stop = unlisten;
          else unlisten();
        },
        () => {
          // No window to guard (the UI runs outside the app).
        },
      );
    return () => {
      current = false;
      stop?.();
    };
  }, [backend, mayDiscard]);

  return { unsaved, markSaved: setSavedText, mayDiscard, question };
}

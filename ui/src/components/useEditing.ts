// The item a screen's edit form is open on, if any: a save that succeeds closes the form and
// loads the list again; one that fails leaves the form open to show its error.
import { useCallback, useState } from 'react';

export interface Editing<T> {
  /** What the form edits; null while it is closed. */
  editing: T | null;
  open: (item: T) => void;
  close: () => void;
  /** Waits for the save (rejecting when it fails), then closes the form and reloads. */
  saved: (save: Promise<unknown>) => Promise<void>;
}

export function useEditing<T>(reload: () => void): Editing<T> {
  const [editing, setEditing] = useState<T | null>(null);
  const close = useCallback(() => {
    setEditing(null);
  }, []);
  const saved = useCallback(
    async (save: Promise<unknown>) => {
      await save;
      setEditing(null);
      reload();
    },
    [reload],
  );
  return { editing, open: setEditing, close, saved };
}

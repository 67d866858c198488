// What a screen lists from the backend: loaded on opening and again after each change, with
// the error of the last load or action (cleared by a load that succeeds).
import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../types';

export interface Loaded<T> {
  /** The last value loaded; null before the first answer. */
  value: T | null;
  error: ApiError | null;
  setError: (error: ApiError | null) => void;
  reload: () => void;
  /** Waits for an action, then loads again; a failed action's error is shown instead. */
  act: (action: Promise<unknown>) => void;
}

/** `load` (a stable function: wrap it in useCallback) called on opening and on `reload`. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = useCallback(() => {
    load().then(
      (v) => {
        setValue(v);
        setError(null);
      },
      (reason: unknown) => {
        setError(toApiError(reason));
      },
    );
  }, [load]);
  useEffect(reload, [reload]);
  const act = useCallback(
    (action: Promise<unknown>) => {
      action.then(reload, (reason: unknown) => {
        setError(toApiError(reason));
      });
    },
    [reload],
  );
  return { value, error, setError, reload, act };
}

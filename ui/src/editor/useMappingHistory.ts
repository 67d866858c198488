// The workspace's undo history: the mapping with the sample, records path and describe it is
// built on, every edit committed to it, undo and redo from the buttons and the keyboard, and
// when the last edit happened (the live preview's timing starts there).
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { commit, redo, startHistory, undo, type History, type Mapping } from './model';

/** What undo and redo walk through: the mapping, and the sample and describe it is built on. */
export interface EditorDoc {
  mapping: Mapping;
  sample: string;
  recordsPath: string;
  describe: string;
}

const EMPTY_EDITOR_DOC: EditorDoc = {
  mapping: { fields: [] },
  sample: '',
  recordsPath: '',
  describe: '',
};

export interface MappingHistory {
  history: History<EditorDoc>;
  /** When the last edit happened (performance.now()), null before any. */
  lastEdit: RefObject<number | null>;
  /** A mapping edit; one that changes nothing is not committed. */
  edit: (change: (m: Mapping) => Mapping) => void;
  /** A change of the sample, records path or describe, undone like a mapping edit; changes
   * of one `group` in a row are undone at once. */
  change: (patch: Partial<EditorDoc>, group?: string) => void;
  setSample: (text: string) => void;
  setRecordsPath: (path: string) => void;
  /** A new history that starts from what `start` makes of the present. */
  restart: (start: (present: EditorDoc) => EditorDoc) => void;
  undo: () => void;
  redo: () => void;
}

export function useMappingHistory(): MappingHistory {
  const [history, setHistory] = useState<History<EditorDoc>>(startHistory(EMPTY_EDITOR_DOC));
  const lastEdit = useRef<number | null>(null);

  const edit = useCallback((change: (m: Mapping) => Mapping) => {
    lastEdit.current = performance.now();
    setHistory((h) => {
      const next = change(h.present.mapping);
      return next === h.present.mapping ? h : commit(h, { ...h.present, mapping: next });
    });
  }, []);
  const change = useCallback((patch: Partial<EditorDoc>, group?: string) => {
    lastEdit.current = performance.now();
    setHistory((h) => commit(h, { ...h.present, ...patch }, group));
  }, []);
  const setSample = useCallback(
    (text: string) => {
      change({ sample: text }, 'sample');
    },
    [change],
  );
  const setRecordsPath = useCallback(
    (path: string) => {
      change({ recordsPath: path }, 'records-path');
    },
    [change],
  );
  const restart = useCallback((start: (present: EditorDoc) => EditorDoc) => {
    setHistory((h) => startHistory(start(h.present)));
  }, []);
  const walk = useCallback((step: (h: History<EditorDoc>) => History<EditorDoc>) => {
    lastEdit.current = performance.now();
    setHistory(step);
  }, []);

  // Undo and redo from the keyboard, except where a text box keeps its own undo.
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      const el = e.target as HTMLElement | null;
      if (el?.closest('input, textarea, select, .cm-editor') != null) return;
      e.preventDefault();
      lastEdit.current = performance.now();
      setHistory((h) => (e.shiftKey ? redo(h) : undo(h)));
    };
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('keydown', key);
    };
  }, []);

  return {
    history,
    lastEdit,
    edit,
    change,
    setSample,
    setRecordsPath,
    restart,
    undo: () => {
      walk(undo);
    },
    redo: () => {
      walk(redo);
    },
  };
}

// The mapping's file: opened from or saved to a path typed in or chosen in the system's
// dialog, with a line saying what happened; opening asks first when edits would be lost.
// A mapping that belongs elsewhere (an option's) is saved into it instead of a file.
import { useState } from 'react';
import type { Backend } from '../backend';
import { toApiError } from '../types';
import { mappingText, toFullForm, type Mapping } from './model';

/** Where a mapping that is not a file's is saved: "option invoices". */
export interface MappingDestination {
  name: string;
  write: (text: string) => Promise<void>;
}

/** What the last open or save did. */
export interface FileMessage {
  ok: boolean;
  text: string;
}

interface Options {
  backend: Backend;
  /** The mapping being edited (what a save writes). */
  mapping: Mapping;
  /** An opened mapping replaces the one being edited (a new undo history). */
  onOpened: (mapping: Mapping) => void;
  /** The mapping text now on disk. */
  markSaved: (text: string) => void;
  /** The unsaved-changes guard's question. */
  mayDiscard: (action: string, confirm: string) => Promise<boolean>;
  /** Where the mapping is saved, when not in a file. */
  into?: MappingDestination | undefined;
}

export interface MappingFile {
  path: string;
  setPath: (path: string) => void;
  message: FileMessage | null;
  /** Opens the mapping at `path`, asking first when edits would be lost. */
  open: (path: string) => void;
  save: (path: string) => void;
  /** Opens a mapping chosen in the system's dialog, asking first when edits would be lost. */
  openChosen: () => void;
  /** Saves where the system's dialog says. */
  saveChosen: () => void;
  /** The destination's name ("option invoices"), when the mapping is not a file's. */
  into: string | null;
  /** Saves into the destination. */
  saveInto: () => void;
}

export function useMappingFile({
  backend,
  mapping,
  onOpened,
  markSaved,
  mayDiscard,
  into,
}: Options): MappingFile {
  const [path, setPath] = useState('');
  const [message, setMessage] = useState<FileMessage | null>(null);

  const read = (at: string) => {
    setMessage(null);
    backend.readTextFile(at).then(
      (text) => {
        try {
          const full = toFullForm(JSON.parse(text));
          onOpened(full);
          markSaved(mappingText(full));
          setMessage({ ok: true, text: `Opened ${at}` });
        } catch (error) {
          setMessage({ ok: false, text: `${at}: ${toApiError(error).message}` });
        }
      },
      (reason: unknown) => {
        setMessage({ ok: false, text: toApiError(reason).message });
      },
    );
  };

  const store = (write: (text: string) => Promise<void>, saved: string) => {
    const text = mappingText(mapping);
    setMessage(null);
    write(text).then(
      () => {
        markSaved(text);
        setMessage({ ok: true, text: saved });
      },
      (reason: unknown) => {
        setMessage({ ok: false, text: toApiError(reason).message });
      },
    );
  };

  const save = (at: string) => {
    store((text) => backend.writeTextFile(at, text), `Saved ${at}`);
  };

  /** A path chosen in the system's file dialog, then opened or saved to. */
  const browse = (purpose: 'open-mapping' | 'save-mapping', then: (at: string) => void) => {
    backend.pickFile(purpose).then(
      (chosen) => {
        if (chosen === null) return;
        setPath(chosen);
        then(chosen);
      },
      (reason: unknown) => {
        setMessage({ ok: false, text: toApiError(reason).message });
      },
    );
  };

  /** Goes on with `then` once the user may lose the unsaved edits. */
  const afterDiscard = (then: () => void) => {
    void mayDiscard('Opening another mapping', 'Discard and open').then((go) => {
      if (go) then();
    });
  };

  return {
    path,
    setPath,
    message,
    open: (at) => {
      afterDiscard(() => {
        read(at);
      });
    },
    save,
    openChosen: () => {
      afterDiscard(() => {
        browse('open-mapping', read);
      });
    },
    saveChosen: () => {
      browse('save-mapping', save);
    },
    into: into?.name ?? null,
    saveInto: () => {
      if (into !== undefined) store(into.write, `Saved into ${into.name}.`);
    },
  };
}

// The diff viewer's seam to the backend: the import options to compare, a page of an
// option's diff, re-sync and accept of chosen keys, and the export of the rows to a file.
// Components take it from context; tests give them a `TestDiffBackend` (src/test).

import { createContext, useContext } from 'react';
import type { DiffQuery } from '../bindings/DiffQuery';
import type { DiffRowView } from '../bindings/DiffRowView';
import type { DiffSummary } from '../bindings/DiffSummary';
import type { DiffView } from '../bindings/DiffView';
import type { FieldChangeView } from '../bindings/FieldChangeView';
import type { OptionView } from '../bindings/OptionView';
import type { ResyncView } from '../bindings/ResyncView';
import { call } from '../ipc';

export type {
  DiffQuery,
  DiffRowView,
  DiffSummary,
  DiffView,
  FieldChangeView,
  OptionView,
  ResyncView,
};

/** What the export writes. */
export type DiffExportFormat = 'csv' | 'xlsx' | 'json';

export interface DiffBackend {
  /** The workspace's options (the screen offers the imports). */
  listOptions(): Promise<OptionView[]>;
  /** The summary and one page of rows of `option`'s diff. */
  diffOption(option: string, query: DiffQuery): Promise<DiffView>;
  /** Pushes the keys' source records through a real run, then compares again. */
  resync(option: string, keys: string[]): Promise<ResyncView>;
  /** Keeps the keys' rows as accepted exceptions until either side changes; the keys accepted. */
  accept(option: string, keys: string[]): Promise<string[]>;
  /** Writes the rows `query` selects (all pages) to a file; its path. */
  exportDiff(option: string, query: DiffQuery, format: DiffExportFormat): Promise<string>;
}

/** The desktop app's diff backend: Tauri commands. */
export const tauriDiffBackend: DiffBackend = {
  listOptions: () => call('list_options'),
  diffOption: (option, query) => call('diff_option', { option, query }),
  resync: (option, keys) => call('diff_resync', { option, keys }),
  accept: (option, keys) => call('diff_accept', { option, keys }),
  exportDiff: (option, query, format) => call('export_diff', { option, query, format }),
};

/** A query with every field at its default, then `changes`. */
export function diffQuery(changes: Partial<DiffQuery> = {}): DiffQuery {
  return {
    classes: [],
    field: null,
    includeAccepted: false,
    offset: 0,
    limit: null,
    since: null,
    window: null,
    run: null,
    refresh: false,
    ...changes,
  };
}

export const DiffBackendContext = createContext<DiffBackend>(tauriDiffBackend);

export function useDiffBackend(): DiffBackend {
  return useContext(DiffBackendContext);
}

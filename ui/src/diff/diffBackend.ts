// The diff viewer's seam to the backend: the import options to compare, a page of an
// option's diff, re-sync and accept of chosen keys, and the export of the rows to a file.
// Components take it from context; tests give them a `TestDiffBackend`.

import { invoke } from '@tauri-apps/api/core';
import { createContext, useContext } from 'react';
import type { DiffQuery } from '../bindings/DiffQuery';
import type { DiffRowView } from '../bindings/DiffRowView';
import type { DiffSummary } from '../bindings/DiffSummary';
import type { DiffView } from '../bindings/DiffView';
import type { FieldChangeView } from '../bindings/FieldChangeView';
import type { OptionView } from '../bindings/OptionView';
import type { ResyncView } from '../bindings/ResyncView';
import { toApiError, type ApiError } from '../types';

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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    const error: ApiError = toApiError(reason);
    throw error;
  }
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

/** A diff backend for component tests: each method answers from `answers` (a missing one
 * rejects), and every call is logged with its arguments. */
export class TestDiffBackend implements DiffBackend {
  readonly log: { method: string; args: unknown[] }[] = [];
  answers: Partial<DiffBackend>;

  constructor(answers: Partial<DiffBackend> = {}) {
    this.answers = answers;
  }

  private async answer<K extends keyof DiffBackend>(
    method: K,
    args: Parameters<DiffBackend[K]>,
  ): Promise<Awaited<ReturnType<DiffBackend[K]>>> {
    this.log.push({ method, args });
    await Promise.resolve();
    const handler = this.answers[method] as
      | ((...a: Parameters<DiffBackend[K]>) => ReturnType<DiffBackend[K]>)
      | undefined;
    if (handler === undefined) throw toApiError(`the test backend has no ${method}`);
    try {
      return await handler(...args);
    } catch (reason) {
      throw toApiError(reason);
    }
  }

  calls(method: keyof DiffBackend) {
    return this.log.filter((l) => l.method === method);
  }

  listOptions() {
    return this.answer('listOptions', []);
  }
  diffOption(option: string, query: DiffQuery) {
    return this.answer('diffOption', [option, query]);
  }
  resync(option: string, keys: string[]) {
    return this.answer('resync', [option, keys]);
  }
  accept(option: string, keys: string[]) {
    return this.answer('accept', [option, keys]);
  }
  exportDiff(option: string, query: DiffQuery, format: DiffExportFormat) {
    return this.answer('exportDiff', [option, query, format]);
  }
}

export const DiffBackendContext = createContext<DiffBackend>(tauriDiffBackend);

export function useDiffBackend(): DiffBackend {
  return useContext(DiffBackendContext);
}

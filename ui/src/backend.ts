// The one seam between the UI and the desktop backend. Components take a `Backend` from
// context, so tests give them a `TestBackend` and need no window.

import { invoke } from '@tauri-apps/api/core';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open, save } from '@tauri-apps/plugin-dialog';
import { createContext, useContext } from 'react';
import {
  toApiError,
  type ApiError,
  type DemoWorkspace,
  type EditorInput,
  type MappingIssue,
  type PreviewReport,
  type SourceOutline,
  type Suggestions,
  type TargetObject,
  type TestReport,
} from './types';

export interface Backend {
  /** The mock preview of the bundled demo mapping. Rejects with an `ApiError`. */
  demoPreview(): Promise<PreviewReport>;
  /** The bundled demo's sample, describe and mapping, as text. */
  demoWorkspace(): Promise<DemoWorkspace>;
  /** The live preview of the mapping being edited. */
  previewMapping(input: EditorInput): Promise<PreviewReport>;
  /** Every problem of the mapping being edited, each at its JSON pointer. */
  checkMapping(input: EditorInput): Promise<MappingIssue[]>;
  /** The fields of a describe, for the target panel. */
  describeFields(describe: string): Promise<TargetObject>;
  /** The records count and leaf paths of a sample, for the source panel. */
  sourcePaths(sample: string, recordsPath: string | null): Promise<SourceOutline>;
  /** Runs the test cases the mapping being edited carries. */
  testMapping(input: EditorInput): Promise<TestReport>;
  /** Proposed mappings from the sample to the describe. */
  suggestMapping(input: EditorInput): Promise<Suggestions>;
  readTextFile(path: string): Promise<string>;
  /** A sample file (JSON, CSV or XLSX) as JSON text. */
  readSampleFile(path: string): Promise<string>;
  writeTextFile(path: string, text: string): Promise<void>;
  /** A path chosen in the system's file dialog, or null when it was cancelled. */
  pickFile(purpose: FilePurpose): Promise<string | null>;
  /** Asks `allow` before the window closes (the title bar's ×, Alt+F4): the window stays
   * open when it answers false. Resolves to the function that stops asking. */
  onCloseRequested(allow: () => Promise<boolean>): Promise<() => void>;
}

/** What a file dialog is for: opening a mapping or a sample, or saving a mapping. */
export type FilePurpose = 'open-mapping' | 'open-sample' | 'save-mapping';

const MAPPING_FILTER = [{ name: 'Mapping (JSON)', extensions: ['json'] }];
const SAMPLE_FILTER = [{ name: 'Sample (JSON, CSV, XLSX)', extensions: ['json', 'csv', 'xlsx'] }];

async function pickWithDialog(purpose: FilePurpose): Promise<string | null> {
  try {
    if (purpose === 'save-mapping') {
      return await save({ filters: MAPPING_FILTER, defaultPath: 'mapping.json' });
    }
    const filters = purpose === 'open-sample' ? SAMPLE_FILTER : MAPPING_FILTER;
    return await open({ multiple: false, directory: false, filters });
  } catch (reason) {
    const error: ApiError = toApiError(reason);
    throw error;
  }
}

/** Calls a backend command; a rejection always carries an `ApiError`. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    const error: ApiError = toApiError(reason);
    throw error;
  }
}

/** The backend of the desktop app: Tauri commands over IPC. */
export const tauriBackend: Backend = {
  demoPreview: () => call<PreviewReport>('demo_preview'),
  demoWorkspace: () => call<DemoWorkspace>('demo_workspace'),
  previewMapping: (input) => call<PreviewReport>('preview_mapping', { input }),
  checkMapping: (input) => call<MappingIssue[]>('check_mapping', { input }),
  describeFields: (describe) => call<TargetObject>('describe_fields', { describe }),
  sourcePaths: (sample, recordsPath) => call<SourceOutline>('source_paths', { sample, recordsPath }),
  testMapping: (input) => call<TestReport>('test_mapping', { input }),
  suggestMapping: (input) => call<Suggestions>('suggest_mapping', { input }),
  readTextFile: (path) => call<string>('read_text_file', { path }),
  readSampleFile: (path) => call<string>('read_sample_file', { path }),
  writeTextFile: (path, text) => call<undefined>('write_text_file', { path, text }),
  pickFile: pickWithDialog,
  onCloseRequested: (allow) =>
    getCurrentWindow().onCloseRequested(async (event) => {
      if (!(await allow())) event.preventDefault();
    }),
};

/** What a `TestBackend` answers: a report, or a failure with this error. */
export type TestAnswer = PreviewReport | { error: unknown };

/** The editor side of a `TestBackend`: each method may be replaced by a test. */
export type EditorAnswers = Omit<Backend, 'demoPreview' | 'onCloseRequested'>;

function rejection(reason: unknown): never {
  const error: ApiError = toApiError(reason);
  throw error;
}

/** A backend that answers from memory, for component tests. The demo preview answers with
 * `answers` in turn; the editor methods answer from `editor` (default: no workspace). */
export class TestBackend implements Backend {
  /** How many times the preview was asked for. */
  calls = 0;
  /** The editor calls made, in order: method name and its first argument. */
  readonly log: { method: string; arg: unknown }[] = [];
  private readonly answers: TestAnswer[];
  private readonly editor: Partial<EditorAnswers>;

  /** Answers with each of `answers` in turn, then keeps giving the last one. */
  constructor(answers: TestAnswer[], editor: Partial<EditorAnswers> = {}) {
    this.answers = answers;
    this.editor = editor;
  }

  static returning(report: PreviewReport): TestBackend {
    return new TestBackend([report]);
  }

  static failing(error: unknown): TestBackend {
    return new TestBackend([{ error }]);
  }

  async demoPreview(): Promise<PreviewReport> {
    const answer = this.answers[Math.min(this.calls, this.answers.length - 1)];
    this.calls += 1;
    // Resolve on a later tick, like IPC does.
    await Promise.resolve();
    if (answer === undefined || 'error' in answer) {
      return rejection(answer?.error ?? 'the test backend has no answer');
    }
    return answer;
  }

  private async answer<K extends keyof EditorAnswers>(
    method: K,
    args: Parameters<EditorAnswers[K]>,
  ): Promise<Awaited<ReturnType<EditorAnswers[K]>>> {
    this.log.push({ method, arg: args[0] });
    await Promise.resolve();
    const handler = this.editor[method] as
      | ((...a: Parameters<EditorAnswers[K]>) => ReturnType<EditorAnswers[K]>)
      | undefined;
    if (handler === undefined) return rejection(`the test backend has no ${method}`);
    try {
      return await handler(...args);
    } catch (reason) {
      return rejection(reason);
    }
  }

  demoWorkspace() {
    return this.answer('demoWorkspace', []);
  }
  previewMapping(input: EditorInput) {
    return this.answer('previewMapping', [input]);
  }
  checkMapping(input: EditorInput) {
    return this.answer('checkMapping', [input]);
  }
  describeFields(describe: string) {
    return this.answer('describeFields', [describe]);
  }
  sourcePaths(sample: string, recordsPath: string | null) {
    return this.answer('sourcePaths', [sample, recordsPath]);
  }
  testMapping(input: EditorInput) {
    return this.answer('testMapping', [input]);
  }
  suggestMapping(input: EditorInput) {
    return this.answer('suggestMapping', [input]);
  }
  readTextFile(path: string) {
    return this.answer('readTextFile', [path]);
  }
  readSampleFile(path: string) {
    return this.answer('readSampleFile', [path]);
  }
  writeTextFile(path: string, text: string) {
    return this.answer('writeTextFile', [path, text]);
  }
  pickFile(purpose: FilePurpose) {
    return this.answer('pickFile', [purpose]);
  }

  private closeGuards: (() => Promise<boolean>)[] = [];

  onCloseRequested(allow: () => Promise<boolean>): Promise<() => void> {
    this.closeGuards.push(allow);
    return Promise.resolve(() => {
      this.closeGuards = this.closeGuards.filter((g) => g !== allow);
    });
  }

  /** What closing the window would do: true when every guard lets it close. */
  async requestClose(): Promise<boolean> {
    for (const allow of this.closeGuards) {
      if (!(await allow())) return false;
    }
    return true;
  }
}

export const BackendContext = createContext<Backend | null>(null);

/** The backend given by the nearest `BackendContext` provider. */
export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (backend === null) {
    throw new Error('useBackend needs a BackendContext provider');
  }
  return backend;
}

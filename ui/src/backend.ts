// The editor's and mock preview's seam to the desktop backend. Components take a `Backend`
// from context, so tests give them a `TestBackend` (src/test) and need no window.

import { getCurrentWindow } from '@tauri-apps/api/window';
import { createContext, useContext } from 'react';
import { call } from './ipc';
import type {
  DemoWorkspace,
  MappingIssue,
  PreviewReport,
  SampleFile,
  SourceOutline,
  Suggestions,
  TargetObject,
  TestReport,
  EditorInput,
  FilePurpose,
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
  /** A sample file (JSON, CSV or XLSX) as JSON text, with the encoding its text was read in;
   * in `encoding` (a label such as `windows-1252`) when one is named, else by its byte order
   * mark, else as UTF-8. */
  readSampleFile(path: string, encoding: string | null): Promise<SampleFile>;
  writeTextFile(path: string, text: string): Promise<void>;
  /** A path chosen in the system's file dialog (which the app then lets the editor open or
   * save to), or null when it was cancelled. */
  pickFile(purpose: FilePurpose): Promise<string | null>;
  /** Asks `allow` before the window closes (the title bar's ×, Alt+F4): the window stays
   * open when it answers false. Resolves to the function that stops asking. */
  onCloseRequested(allow: () => Promise<boolean>): Promise<() => void>;
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
  readSampleFile: (path, encoding) => call<SampleFile>('read_sample_file', { path, encoding }),
  writeTextFile: (path, text) => call<undefined>('write_text_file', { path, text }),
  pickFile: (purpose) => call<string | null>('pick_file', { purpose }),
  onCloseRequested: (allow) =>
    getCurrentWindow().onCloseRequested(async (event) => {
      if (!(await allow())) event.preventDefault();
    }),
};

export const BackendContext = createContext<Backend | null>(null);

/** The backend given by the nearest `BackendContext` provider. */
export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (backend === null) {
    throw new Error('useBackend needs a BackendContext provider');
  }
  return backend;
}

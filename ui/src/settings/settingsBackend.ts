// The settings screen's seam to the backend: exports written into the app's export folder
// (JSON, Excel, for support) and a settings file's import, previewed, then applied. Components
// take it from context; tests give them a `TestSettingsBackend` (src/test).

import { createContext, useContext } from 'react';
import { call } from '../ipc';

/** Which export a button makes. */
export type ExportKind = 'json' | 'excel' | 'support';

/** Where an export went. */
export interface ExportedSettings {
  path: string;
}

/** One item of an import: what the import does to it. */
export interface ItemChange {
  item: 'connection' | 'remoteSite' | 'option' | 'schedule';
  name: string;
  change: 'created' | 'changed' | 'unchanged';
  /** For a change: the pointers whose values differ. */
  fields: string[];
}

/** What an import would do (a preview) or did (after apply). */
export interface ImportPreview {
  items: ItemChange[];
}

export interface SettingsBackend {
  exportSettings(kind: ExportKind): Promise<ExportedSettings>;
  /** What importing the file (JSON or an edited workbook) would do; nothing changes. */
  previewImport(path: string): Promise<ImportPreview>;
  applyImport(path: string): Promise<ImportPreview>;
}

/** The desktop app's settings backend: Tauri commands. */
export const tauriSettingsBackend: SettingsBackend = {
  exportSettings: (kind) => call('export_settings', { kind }),
  previewImport: (path) => call('preview_settings_import', { path }),
  applyImport: (path) => call('apply_settings_import', { path }),
};

export const SettingsBackendContext = createContext<SettingsBackend>(tauriSettingsBackend);

export function useSettingsBackend(): SettingsBackend {
  return useContext(SettingsBackendContext);
}

// The settings screen's seam to the backend: exports written into the app's export folder
// (JSON, Excel, for support) and a settings file's import, previewed, then applied. Components
// take it from context; tests give them a `TestSettingsBackend` (src/test).

import { createContext, useContext } from 'react';
import type { AppExport } from '../bindings/AppExport';
import type { ChangeKind } from '../bindings/ChangeKind';
import type { ExportedSettings } from '../bindings/ExportedSettings';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ItemChange } from '../bindings/ItemChange';
import { call } from '../ipc';

export type { AppExport, ChangeKind, ExportedSettings, ImportPreview, ItemChange };

export interface SettingsBackend {
  /** Writes an export (`"json"`, `"excel"`, `"support"`) into the export folder. */
  exportSettings(kind: AppExport): Promise<ExportedSettings>;
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

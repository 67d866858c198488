// Settings: export the workspace's configuration as JSON, as an Excel workbook, or for
// support (secrets scrubbed, tokens removed, samples mocked), each written into the app's
// export folder with its path shown; import a settings file (JSON or an edited workbook):
// a preview of what it creates, changes and leaves alone first, then Apply.
import { useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { toApiError, type ApiError } from '../types';
import { useSettingsBackend, type AppExport, type ChangeKind, type ImportPreview } from './settingsBackend';

const EXPORTS: { kind: AppExport; label: string }[] = [
  { kind: 'json', label: 'Export JSON' },
  { kind: 'excel', label: 'Export Excel' },
  { kind: 'support', label: 'Export for support' },
];

const ITEM_LABEL = {
  connection: 'Connection',
  remoteSite: 'Remote site',
  option: 'Option',
  schedule: 'Schedule',
} as const;

export function SettingsScreen() {
  const backend = useSettingsBackend();
  const [error, setError] = useState<ApiError | null>(null);
  const [written, setWritten] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [preview, setPreview] = useState<{ path: string; result: ImportPreview } | null>(null);
  const [applied, setApplied] = useState<ImportPreview | null>(null);
  const fail = (reason: unknown) => {
    setError(toApiError(reason));
  };
  const count = (p: ImportPreview, change: ChangeKind) =>
    p.items.filter((i) => i.change === change).length;

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h2 id="settings-title" className="screen__title">
        Settings
      </h2>
      <ErrorBox error={error} />
      <h3>Export</h3>
      <p className="muted">
        Excel and "for support" never hold secrets; "for support" also replaces the test
        cases&apos; sample values with mock values of the same shape.
      </p>
      <div className="row">
        {EXPORTS.map(({ kind, label }) => (
          <button
            key={kind}
            type="button"
            className="button"
            onClick={() => {
              setError(null);
              setWritten(null);
              backend.exportSettings(kind).then((r) => {
                setWritten(r.path);
              }, fail);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {written !== null && (
        <p role="status">
          Written to <code data-testid="exported-path">{written}</code>
        </p>
      )}
      <h3>Import</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          setApplied(null);
          const asked = path.trim();
          backend.previewImport(asked).then((result) => {
            setPreview({ path: asked, result });
          }, fail);
        }}
      >
        <label htmlFor="settings-file">Settings file (JSON or .xlsx)</label>
        <input
          id="settings-file"
          className="input"
          value={path}
          onChange={(e) => {
            setPath(e.target.value);
            setPreview(null);
          }}
        />
        <button type="submit" className="button" disabled={path.trim() === ''}>
          Preview import
        </button>
      </form>
      {preview !== null && (
        <>
          <div className="table-scroll">
            <table aria-label="Import preview" className="fields fields--list">
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Name</th>
                  <th>Change</th>
                  <th>Fields</th>
                </tr>
              </thead>
              <tbody>
                {preview.result.items.map((i) => (
                  <tr key={`${i.item}:${i.name}`} data-change={i.change}>
                    <td>{ITEM_LABEL[i.item]}</td>
                    <td>{i.name}</td>
                    <td>{i.change}</td>
                    <td>{i.fields.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            {count(preview.result, 'created')} created, {count(preview.result, 'changed')}{' '}
            changed, {count(preview.result, 'unchanged')} unchanged
          </p>
          <button
            type="button"
            className="button button--primary"
            disabled={applied !== null}
            onClick={() => {
              setError(null);
              backend.applyImport(preview.path).then(setApplied, fail);
            }}
          >
            Apply
          </button>
        </>
      )}
      {applied !== null && (
        <p role="status">
          Imported: {count(applied, 'created')} created, {count(applied, 'changed')} changed
        </p>
      )}
    </section>
  );
}

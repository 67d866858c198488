// After saving: what the export would send for its first records (each request's method, URL,
// content type and body, and the records that would not go, with why), then activating it.
import { useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { useSyncBackend } from '../sync/syncBackend';
import { toApiError, type ApiError } from '../types';
import { useSetupBackend, type PayloadPreview } from './setupBackend';

/** The most records a preview reads (the backend's bound). */
const MAX_RECORDS = 50;

interface Props {
  /** The saved option's name. */
  option: string;
  /** The drafts changed since saving: a preview would show the saved option, not them. */
  changed: boolean;
  active: boolean;
  onActivated: () => void;
  onDone: () => void;
}

export function ExportPreview({ option, changed, active, onActivated, onDone }: Props) {
  const setup = useSetupBackend();
  const sync = useSyncBackend();
  const [count, setCount] = useState('3');
  const [preview, setPreview] = useState<PayloadPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'activate' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const records = Number(count);
  const countOk = Number.isInteger(records) && records >= 1 && records <= MAX_RECORDS;

  const run = <T,>(kind: 'preview' | 'activate', work: () => Promise<T>, done: (v: T) => void) => {
    setBusy(kind);
    setError(null);
    work().then(
      (value) => {
        done(value);
        setBusy(null);
      },
      (reason: unknown) => {
        setError(toApiError(reason));
        setBusy(null);
      },
    );
  };

  return (
    <div data-testid="export-saved">
      <p className={active ? 'status status--valid' : 'muted'} data-testid="export-state">
        {active
          ? `${option} is active: runs of all options include it.`
          : `${option} is saved inactive: preview what it would send, then activate it.`}
      </p>
      {changed && (
        <p className="inline-error" data-testid="export-changed">
          The option changed since it was saved: save it again to preview the changes.
        </p>
      )}
      <div className="setup-actions setup-preview-bar">
        <label className="field-label" htmlFor="export-preview-count">
          Records to preview (1-{MAX_RECORDS})
          <input
            id="export-preview-count"
            className="input setup-number"
            type="number"
            min={1}
            max={MAX_RECORDS}
            value={count}
            onChange={(e) => {
              setCount(e.target.value);
            }}
          />
        </label>
        <button
          type="button"
          id="export-preview"
          className="button"
          disabled={!countOk || changed || busy !== null}
          onClick={() => {
            run('preview', () => setup.previewPayload(option, records), setPreview);
          }}
        >
          {busy === 'preview' ? 'Reading…' : 'Preview payload'}
        </button>
      </div>
      <ErrorBox error={error} />
      {preview !== null && <Payload preview={preview} />}
      <div className="setup-actions">
        <button
          type="button"
          id="export-activate"
          className="button button--primary"
          disabled={preview === null || changed || active || busy !== null}
          onClick={() => {
            run('activate', () => sync.setOptionActive(option, true), onActivated);
          }}
        >
          {active ? 'Active' : busy === 'activate' ? 'Activating…' : 'Activate'}
        </button>
        <button type="button" id="export-done" className="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function Payload({ preview }: { preview: PayloadPreview }) {
  const { requests, unsent } = preview;
  return (
    <div data-testid="export-payload">
      <p>
        {preview.records} {preview.records === 1 ? 'record' : 'records'} read by
      </p>
      <pre className="setup-pre">{preview.soql}</pre>
      {requests.length === 0 && <p className="muted">Nothing would be sent.</p>}
      {requests.map((r, i) => (
        <section key={i} className="setup-request" data-testid="export-request">
          <h4 className="setup-subtitle setup-wrap">
            {r.method} <code>{r.url}</code>
          </h4>
          <p className="muted">
            {r.contentType}, {r.records} {r.records === 1 ? 'record' : 'records'}
          </p>
          <pre className="setup-pre setup-pre--body" data-testid="export-request-body">
            {r.body}
          </pre>
        </section>
      ))}
      {unsent.length > 0 && (
        <table className="fields setup-table" aria-label="Records not sent">
          <thead>
            <tr>
              <th scope="col" className="setup-col-name">
                Record Id
              </th>
              <th scope="col" className="setup-col-rest">
                Why it would not be sent
              </th>
            </tr>
          </thead>
          <tbody>
            {unsent.map((u, i) => (
              <tr key={`${u.id}-${String(i)}`}>
                <th scope="row">{u.id}</th>
                <td className="setup-wrap">{u.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

// The live preview under the editor: the object and record counts, the preview's error, the
// parent check's state (an option's editor), and the records as a table or as cards.
import type { ApiError, PreviewReport } from '../types';
import { RecordCard } from '../preview/RecordCard';
import { PreviewTable } from './PreviewTable';
import type { ParentCheckStatus } from './useParentCheck';

export type PreviewTab = 'table' | 'records';

interface Props {
  report: PreviewReport | null;
  error: ApiError | null;
  tab: PreviewTab;
  onTab: (tab: PreviewTab) => void;
  /** The lookups by external ID checked in the option's org; absent in the plain editor. */
  parents?: ParentCheckStatus | null;
}

export function PreviewPane({ report, error, tab, onTab, parents = null }: Props) {
  return (
    <section className="preview-pane" aria-labelledby="preview-heading">
      <header className="preview-pane__header">
        <h2 id="preview-heading" className="panel__title">
          Preview{report?.object != null ? ` — ${report.object}` : ''}
        </h2>
        {report !== null && (
          <dl className="summary summary--small" aria-label="Preview summary">
            <div className="summary__item">
              <dt>Records</dt>
              <dd data-testid="live-total">{report.summary.total}</dd>
            </div>
            <div className="summary__item summary__item--valid">
              <dt>Valid</dt>
              <dd data-testid="live-valid">{report.summary.valid}</dd>
            </div>
            <div className="summary__item summary__item--invalid">
              <dt>Invalid</dt>
              <dd data-testid="live-invalid">{report.summary.invalid}</dd>
            </div>
          </dl>
        )}
        <div className="segmented" role="group" aria-label="Preview view">
          {(['table', 'records'] as const).map((t) => (
            <button
              key={t}
              type="button"
              className="button"
              aria-pressed={tab === t}
              onClick={() => {
                onTab(t);
              }}
            >
              {t === 'table' ? 'Table' : 'Records'}
            </button>
          ))}
        </div>
      </header>
      {error !== null && (
        <p className="inline-error preview-error" role="alert" data-testid="live-error">
          <span className="badge badge--error">{error.code}</span> {error.message}
        </p>
      )}
      {parents !== null && <ParentsLine status={parents} />}
      {report !== null &&
        (tab === 'table' ? (
          <PreviewTable report={report} />
        ) : (
          <ol className="records records--pane" aria-label="Records">
            {report.records.map((record) => (
              <li key={record.index}>
                <RecordCard record={record} />
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}

function ParentsLine({ status }: { status: ParentCheckStatus }) {
  const { checking, result, error } = status;
  if (error !== null) {
    return (
      <p className="inline-error preview-error" role="alert" data-testid="parents-error">
        Parents could not be looked up: <span className="badge badge--error">{error.code}</span>{' '}
        {error.message}
      </p>
    );
  }
  if (checking && result === null) {
    return (
      <p className="muted" role="status" data-testid="parents-status">
        Looking the parents up in the org…
      </p>
    );
  }
  if (result === null) return null;
  const unknown = result.unknown.length;
  return (
    <p className="muted" role="status" data-testid="parents-status">
      Parents looked up in {result.org}:{' '}
      {unknown === 0 ? 'each one exists' : `${String(unknown)} not found`}
      {result.unchecked > 0 &&
        ` (${String(result.unchecked)} more keys not looked up: the check stops at ${String(result.checked)})`}
      {checking && '; looking up the changes…'}
    </p>
  );
}

// The mock preview screen: the demo mapping applied to its sample records, with a summary
// and every error shown on its field.
import { useEffect, useState } from 'react';
import { useBackend } from '../backend';
import { toApiError, type ApiError, type PreviewReport } from '../types';
import { RecordCard } from './RecordCard';

type Load =
  | { state: 'loading' }
  | { state: 'ready'; report: PreviewReport }
  | { state: 'failed'; error: ApiError };

type Filter = 'all' | 'invalid' | 'valid';

export function PreviewScreen() {
  const backend = useBackend();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    backend.demoPreview().then(
      (report) => {
        if (current) setLoad({ state: 'ready', report });
      },
      (reason: unknown) => {
        if (current) setLoad({ state: 'failed', error: toApiError(reason) });
      },
    );
    return () => {
      current = false;
    };
  }, [backend, attempt]);

  const retry = () => {
    setLoad({ state: 'loading' });
    setAttempt((n) => n + 1);
  };

  switch (load.state) {
    case 'loading':
      return (
        <main className="screen" aria-busy="true">
          <h1 className="screen__title">Mock preview</h1>
          <p className="muted" role="status">
            Loading the preview…
          </p>
        </main>
      );
    case 'failed':
      return (
        <main className="screen">
          <h1 className="screen__title">Mock preview</h1>
          <div className="failure" role="alert" data-testid="preview-error">
            <p className="failure__lead">The preview could not be loaded.</p>
            <p className="failure__detail">
              <span className="badge badge--error" data-testid="preview-error-code">
                {load.error.code}
              </span>
              <span data-testid="preview-error-message">{load.error.message}</span>
            </p>
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
          </div>
        </main>
      );
    case 'ready':
      return <PreviewReportView report={load.report} />;
  }
}

function PreviewReportView({ report }: { report: PreviewReport }) {
  const [filter, setFilter] = useState<Filter>('all');
  const { summary } = report;
  const shown = report.records.filter((record) => {
    if (filter === 'all') return true;
    return filter === 'invalid' ? record.errors.length > 0 : record.errors.length === 0;
  });

  return (
    <main className="screen">
      <header className="screen__header">
        <h1 className="screen__title">Mock preview — {report.object ?? 'unnamed object'}</h1>
        <dl className="summary" aria-label="Summary">
          <div className="summary__item">
            <dt>Records</dt>
            <dd data-testid="summary-total">{summary.total}</dd>
          </div>
          <div className="summary__item summary__item--valid">
            <dt>Valid</dt>
            <dd data-testid="summary-valid">{summary.valid}</dd>
          </div>
          <div className="summary__item summary__item--invalid">
            <dt>Invalid</dt>
            <dd data-testid="summary-invalid">{summary.invalid}</dd>
          </div>
        </dl>
      </header>

      <fieldset className="filter">
        <legend className="visually-hidden">Show records</legend>
        {(
          [
            ['all', `All (${String(summary.total)})`],
            ['invalid', `Invalid (${String(summary.invalid)})`],
            ['valid', `Valid (${String(summary.valid)})`],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="filter__option">
            <input
              type="radio"
              name="record-filter"
              value={value}
              checked={filter === value}
              onChange={() => {
                setFilter(value);
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>

      {shown.length === 0 ? (
        <p className="muted">No records to show.</p>
      ) : (
        <ol className="records" aria-label="Records">
          {shown.map((record) => (
            <li key={record.index}>
              <RecordCard record={record} />
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}

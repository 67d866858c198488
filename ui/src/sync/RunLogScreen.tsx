// Run log: the runs, newest first; a run's detail with every record's result (failures
// first, or only the failures), and its success and error files exported as CSV or XLSX.
import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { runOutcome } from '../components/outcome';
import { Time } from '../components/Time';
import { ExportButtons, ExportOutcome } from '../components/ExportButtons';
import { useSyncBackend, type ExportedRun, type RunDetail, type RunView } from './syncBackend';

function RunDetailView({ id, onBack }: { id: number; onBack: () => void }) {
  const backend = useSyncBackend();
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [onlyFailed, setOnlyFailed] = useState(false);
  const [exported, setExported] = useState<ExportedRun | null>(null);
  useEffect(() => {
    backend.runDetail(id).then(setDetail, (reason: unknown) => {
      setError(toApiError(reason));
    });
  }, [backend, id]);
  const exportAs = (format: 'csv' | 'xlsx') => {
    setExported(null);
    backend.exportRun(id, format).then(setExported, (reason: unknown) => {
      setError(toApiError(reason));
    });
  };
  const records = (detail?.records ?? []).filter((r) => !onlyFailed || r.action === 'failed');
  return (
    <section className="screen" aria-labelledby="run-detail-title">
      <div className="screen__header">
        <h2 id="run-detail-title" className="screen__title">
          Run {id}
          {detail !== null && ` — ${detail.run.option}, ${runOutcome(detail.run.status, detail.run.counts)}`}
        </h2>
        <button type="button" className="button" onClick={onBack}>
          Back to the runs
        </button>
      </div>
      <ErrorBox error={error} />
      {detail !== null && (
        <>
          <p data-testid="run-counts">
            {detail.run.counts.read} read, {detail.run.counts.written} written,{' '}
            {detail.run.counts.failed} failed, {detail.run.counts.skipped} skipped
            {detail.run.apiCalls !== null &&
              `; ${apiCallsText(detail.run.apiCalls.made)} (the org's count: ${detail.run.apiCalls.after.toLocaleString()} of ${detail.run.apiCalls.limit.toLocaleString()} today)`}
            {detail.run.error !== null && ` — ${detail.run.error}`}
          </p>
          <div className="row">
            <label className="row">
              <input
                type="checkbox"
                checked={onlyFailed}
                onChange={(e) => {
                  setOnlyFailed(e.target.checked);
                }}
              />
              Only failed records
            </label>
            <ExportButtons onExport={exportAs} />
          </div>
          <ExportOutcome testId="export-result">
            {exported !== null && (
              <p>
                Success file ({exported.successRows} rows): <code>{exported.success}</code>
                <br />
                Error file ({exported.errorRows} rows): <code>{exported.errors}</code>
              </p>
            )}
          </ExportOutcome>
          <div className="table-scroll">
            <table className="fields fields--list" aria-label="Record results">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Source key</th>
                  <th scope="col">Target Id</th>
                  <th scope="col">Action</th>
                  <th scope="col">Error code</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {records.map((r) => (
                  <tr
                    key={r.seq}
                    data-testid="record-result"
                    data-action={r.action}
                    className={r.action === 'failed' ? 'fields__row--error' : undefined}
                  >
                    <td>{r.seq}</td>
                    <td>{r.sourceKey ?? ''}</td>
                    <td>{r.targetId ?? ''}</td>
                    <td>{r.action}</td>
                    <td data-testid="record-code">{r.errorCode ?? ''}</td>
                    <td data-testid="record-message">{r.errorMessage ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {records.length === 0 && <p className="muted">No records.</p>}
        </>
      )}
    </section>
  );
}

export function RunLogScreen() {
  const backend = useSyncBackend();
  const [runs, setRuns] = useState<RunView[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const reload = useCallback(() => {
    backend.listRuns().then(setRuns, (reason: unknown) => {
      setError(toApiError(reason));
    });
  }, [backend]);
  useEffect(reload, [reload]);
  if (open !== null) {
    return (
      <RunDetailView
        id={open}
        onBack={() => {
          setOpen(null);
          reload();
        }}
      />
    );
  }
  return (
    <section className="screen" aria-labelledby="runlog-title">
      <div className="screen__header">
        <h2 id="runlog-title" className="screen__title">
          Run log
        </h2>
        <button type="button" className="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <ErrorBox error={error} />
      {runs !== null && runs.length === 0 && <p className="muted">No runs yet.</p>}
      {runs !== null && runs.length > 0 && (
        <div className="table-scroll">
          <table className="fields fields--list" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Option</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Read</th>
                <th scope="col">Written</th>
                <th scope="col">Failed</th>
                <th scope="col">API calls</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid="run" data-option={r.option}>
                  <td>
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        setOpen(r.id);
                      }}
                    >
                      Open run {r.id}
                    </button>
                  </td>
                  <td>{r.option}</td>
                  <td data-testid="run-status">{runOutcome(r.status, r.counts)}</td>
                  <td>
                      <Time at={r.startedAt} />
                    </td>
                  <td>{r.counts.read}</td>
                  <td>{r.counts.written}</td>
                  <td>{r.counts.failed}</td>
                  <td data-testid="run-api-calls">{r.apiCalls === null ? '—' : r.apiCalls.made}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** "1 API call", "13 API calls". */
function apiCallsText(n: number): string {
  return `${n.toLocaleString()} API call${n === 1 ? '' : 's'}`;
}

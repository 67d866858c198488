// Run: run one option or every active one now, with each option's read / written / failed
// counts streamed from the engine as batches land, and Cancel (stops after the batch).
import { useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { progressOutcome } from '../components/outcome';
import { useSyncBackend, type OptionView, type RunProgress, type RunReport } from './syncBackend';

const ALL = '*all*';

export function RunScreen() {
  const backend = useSyncBackend();
  const [options, setOptions] = useState<OptionView[]>([]);
  const [which, setWhich] = useState(ALL);
  const [progress, setProgress] = useState<Record<string, RunProgress>>({});
  const [order, setOrder] = useState<string[]>([]);
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [report, setReport] = useState<RunReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    backend.listOptions().then(setOptions, (reason: unknown) => {
      setError(toApiError(reason));
    });
  }, [backend]);

  const run = () => {
    setRunning(true);
    setCancelling(false);
    setReport(null);
    setError(null);
    setProgress({});
    setOrder([]);
    const onProgress = (p: RunProgress) => {
      setProgress((all) => ({ ...all, [p.option]: p }));
      setOrder((o) => (o.includes(p.option) ? o : [...o, p.option]));
    };
    backend
      .runNow(which === ALL ? { kind: 'all' } : { kind: 'option', name: which }, onProgress)
      .then(
        (r) => {
          setReport(r);
        },
        (reason: unknown) => {
          setError(toApiError(reason));
        },
      )
      .finally(() => {
        setRunning(false);
      });
  };

  return (
    <section className="screen" aria-labelledby="run-title">
      <h2 id="run-title" className="screen__title">
        Run
      </h2>
      <div className="row">
        <label className="row">
          <span>Run</span>
          <select
            className="input"
            aria-label="Options to run"
            value={which}
            disabled={running}
            onChange={(e) => {
              setWhich(e.target.value);
            }}
          >
            <option value={ALL}>All active options</option>
            {options.map((o) => (
              <option key={o.name} value={o.name}>
                {o.name}
                {o.active ? '' : ' (inactive)'}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" disabled={running} onClick={run}>
          Run now
        </button>
        <button
          type="button"
          className="button"
          disabled={!running || cancelling}
          onClick={() => {
            setCancelling(true);
            backend.cancelRun().catch((reason: unknown) => {
              setError(toApiError(reason));
            });
          }}
        >
          Cancel
        </button>
      </div>
      <div aria-live="polite" data-testid="run-state">
        {running && <p className="muted">{cancelling ? 'Stopping after this batch…' : 'Running…'}</p>}
        {report !== null && <p className="status status--valid">Finished: {report.runs.length} run(s).</p>}
      </div>
      <ErrorBox error={error} />
      {order.length > 0 && (
        <div className="table-scroll">
          <table className="fields fields--list" aria-label="Run progress">
            <thead>
              <tr>
                <th scope="col">Option</th>
                <th scope="col">State</th>
                <th scope="col">Read</th>
                <th scope="col">Written</th>
                <th scope="col">Failed</th>
                <th scope="col">Skipped</th>
              </tr>
            </thead>
            <tbody>
              {order.map((name) => {
                const p = progress[name];
                if (p === undefined) return null;
                return (
                  <tr key={name} data-testid="progress" data-option={name}>
                    <th scope="row">{name}</th>
                    <td data-testid="progress-state">
                      {progressOutcome(p)}
                      {p.message !== null && <div className="muted">{p.message}</div>}
                    </td>
                    <td data-testid="progress-read">{p.counts.read}</td>
                    <td data-testid="progress-written">{p.counts.written}</td>
                    <td data-testid="progress-failed">{p.counts.failed}</td>
                    <td data-testid="progress-skipped">{p.counts.skipped}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

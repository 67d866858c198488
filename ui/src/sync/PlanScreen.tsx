// Plan: the run graph of the workspace's options — options as cards in waves (a wave waits
// only for earlier ones), the parent → child links, the run order, each option's last result
// and next scheduled run — with "Run now" per option (under the options' locks, so an option
// the app's scheduler or a daemon is running is refused) and what the app's scheduler did.
import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { progressOutcome, runOutcome } from '../components/outcome';
import { Time } from '../components/Time';
import {
  useSyncBackend,
  type PlanView,
  type RunProgress,
  type SchedulerStatus,
} from './syncBackend';

/** How often the plan is read again while shown (the scheduler may have run something). */
const REFRESH_MS = 10_000;

export function PlanScreen() {
  const backend = useSyncBackend();
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [scheduler, setScheduler] = useState<SchedulerStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<Record<string, RunProgress>>({});

  const load = useCallback(() => {
    backend.planView().then(setPlan, (reason: unknown) => {
      setError(toApiError(reason));
    });
    backend.schedulerStatus().then(setScheduler, () => undefined);
  }, [backend]);

  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearInterval(timer);
    };
  }, [load]);

  const runNow = (name: string) => {
    setRunning(name);
    setError(null);
    setProgress({});
    backend
      .runOptionNow(name, (p) => {
        setProgress((all) => ({ ...all, [p.option]: p }));
      })
      .then(
        () => {
          load();
        },
        (reason: unknown) => {
          setError(toApiError(reason));
        },
      )
      .finally(() => {
        setRunning(null);
      });
  };

  const byName = new Map((plan?.nodes ?? []).map((n) => [n.name, n]));
  return (
    <section className="screen" aria-labelledby="plan-title">
      <div className="screen__header">
        <h2 id="plan-title" className="screen__title">
          Plan
        </h2>
        <button type="button" className="button" onClick={load}>
          Refresh
        </button>
      </div>
      <p className="muted" data-testid="scheduler-state">
        {scheduler === null
          ? ''
          : scheduler.running
            ? 'The app runs the schedules while it is open.'
            : 'The app’s scheduler is stopped.'}
      </p>
      <ErrorBox error={error} />
      {plan?.error != null && (
        <div className="failure" role="alert" data-testid="plan-error">
          <strong>The options cannot be put in order.</strong>{' '}
          <span style={{ whiteSpace: 'pre-wrap' }}>{plan.error}</span>
        </div>
      )}
      {plan !== null && plan.error === null && plan.nodes.length === 0 && (
        <p className="muted">No options yet: set up the demo on the Options screen.</p>
      )}
      {plan !== null && plan.nodes.length > 0 && (
        <>
          <h3>Order</h3>
          <ol data-testid="plan-order" aria-label="Run order">
            {plan.nodes.map((n) => (
              <li key={n.name} data-testid="plan-order-item">
                {n.name}
              </li>
            ))}
          </ol>
          <h3>Graph</h3>
          <div className="plan-waves" style={{ display: 'flex', gap: '1rem', alignItems: 'flex-start' }}>
            {plan.waves.map((wave, i) => (
              <div key={i} className="plan-wave" data-testid="plan-wave" aria-label={`Wave ${String(i + 1)}`} role="group">
                <h4>Wave {i + 1}</h4>
                {wave.map((name) => {
                  const n = byName.get(name);
                  if (n === undefined) return null;
                  const live = progress[name];
                  return (
                    <article
                      key={name}
                      className="plan-node"
                      data-testid="plan-node"
                      data-option={name}
                      aria-label={name}
                      style={{ border: '1px solid #ccc', borderRadius: 6, padding: '0.5rem', marginBottom: '0.5rem' }}
                    >
                      <strong>{name}</strong> <span className="muted">
                        {n.direction} · {n.object}
                        {n.active ? '' : ' · inactive'}
                      </span>
                      {n.parents.length > 0 && <div className="muted">waits for {n.parents.join(', ')}</div>}
                      {n.selfLinks && <div className="muted">loads in two passes (links to its own object)</div>}
                      <div data-testid="node-last-run">
                        {n.lastRun === null ? (
                          <span className="muted">never run</span>
                        ) : (
                          <>
                            Last run: <span data-testid="node-last-status">{runOutcome(n.lastRun.status, n.lastRun.counts)}</span> ·{' '}
                            {n.lastRun.counts.read} read, {n.lastRun.counts.written} written, {n.lastRun.counts.failed}{' '}
                            failed · <Time at={n.lastRun.startedAt} />
                          </>
                        )}
                      </div>
                      <div data-testid="node-next-run">
                        {n.nextRun === null ? (
                          <span className="muted">not scheduled</span>
                        ) : (
                          <>
                            Next run: <Time at={n.nextRun.at} text={n.nextRun.local} />{' '}
                            <span className="muted">({n.schedules.join(', ')})</span>
                          </>
                        )}
                      </div>
                      {live !== undefined && (
                        <div data-testid="node-run-counts">
                          {progressOutcome(live)}:{' '}
                          <span data-testid="node-run-read">{live.counts.read}</span> read,{' '}
                          <span data-testid="node-run-written">{live.counts.written}</span> written,{' '}
                          <span data-testid="node-run-failed">{live.counts.failed}</span> failed
                        </div>
                      )}
                      <button
                        type="button"
                        className="button"
                        disabled={running !== null}
                        onClick={() => {
                          runNow(name);
                        }}
                      >
                        Run now <span className="visually-hidden">{name}</span>
                      </button>
                    </article>
                  );
                })}
              </div>
            ))}
          </div>
          {plan.edges.length > 0 && (
            <>
              <h3>Links</h3>
              <ul aria-label="Links">
                {plan.edges.map((e) => (
                  <li key={`${e.parent}→${e.child}`} data-testid="plan-edge">
                    {e.parent} → {e.child}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {scheduler !== null && scheduler.activity.length > 0 && (
        <details>
          <summary>Scheduler activity</summary>
          <ul data-testid="scheduler-activity">
            {scheduler.activity.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

// Run now and Schedule beside an option's mapping: where a new option's set-up ends, the
// admin tries it and puts it on a schedule without leaving it. Runs go under the options'
// locks (refused while the option runs elsewhere); a schedule is saved through the
// configuration's validation, its cron line read back in words first.
import { useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { runOutcome } from '../components/outcome';
import { toApiError, type ApiError } from '../types';
import { useSyncBackend, type CronPreview, type RunReport } from './syncBackend';

/** The schedules an admin picks most, and their cron lines. */
const PRESETS: Record<string, string> = {
  'Every 15 minutes': '*/15 * * * *',
  'Every hour': '0 * * * *',
  'Every day at 02:00': '0 2 * * *',
  'Every Monday at 06:00': '0 6 * * 1',
};

export function OptionRunBar({ option }: { option: string }) {
  const sync = useSyncBackend();
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<RunReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const [cron, setCron] = useState(PRESETS['Every day at 02:00'] ?? '');
  const [preview, setPreview] = useState<CronPreview | null>(null);
  const [scheduled, setScheduled] = useState<string | null>(null);

  const run = () => {
    setRunning(true);
    setError(null);
    setReport(null);
    sync
      .runOptionNow(option, () => undefined)
      .then(setReport, (reason: unknown) => {
        setError(toApiError(reason));
      })
      .finally(() => {
        setRunning(false);
      });
  };
  const pick = (line: string) => {
    setCron(line);
    setPreview(null);
    setError(null);
    sync.describeCron(line, null).then(setPreview, (reason: unknown) => {
      setError(toApiError(reason));
    });
  };
  const schedule = () => {
    setError(null);
    sync
      .saveSchedule(null, {
        name: option,
        cron,
        timezone: null,
        options: [option],
        mode: 'incremental',
        active: true,
        runMissed: false,
      })
      .then(
        () => {
          setScheduled(preview?.description ?? cron);
          setScheduling(false);
        },
        (reason: unknown) => {
          setError(toApiError(reason));
        },
      );
  };
  return (
    <div className="option-run" role="region" aria-label={`Run or schedule ${option}`}>
      <div className="actions">
        <button type="button" className="button button--primary" disabled={running} onClick={run}>
          {running ? 'Running…' : 'Run now'}
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={scheduling}
          onClick={() => {
            setScheduling(!scheduling);
            if (!scheduling) pick(cron);
          }}
        >
          Schedule…
        </button>
      </div>
      <div aria-live="polite">
        {report?.runs.map((r) => (
          <p key={r.id} className="status status--valid" data-testid="option-run-result">
            {r.option}: {runOutcome(r.status, r.counts)}, {r.counts.read} read,{' '}
            {r.counts.written} written, {r.counts.failed} failed
          </p>
        ))}
        {scheduled !== null && (
          <p className="status status--valid" data-testid="option-scheduled">
            Scheduled: {scheduled}.
          </p>
        )}
      </div>
      <ErrorBox error={error} />
      {scheduling && (
        <div className="row option-run__schedule">
          <label className="row">
            <span>When</span>
            <select
              className="input"
              aria-label="When"
              value={Object.values(PRESETS).includes(cron) ? cron : ''}
              onChange={(e) => {
                if (e.target.value !== '') pick(e.target.value);
              }}
            >
              {Object.entries(PRESETS).map(([label, line]) => (
                <option key={line} value={line}>
                  {label}
                </option>
              ))}
              <option value="">Other (cron line)</option>
            </select>
          </label>
          <label className="row">
            <span>Cron line</span>
            <input
              className="input"
              aria-label="Cron line"
              value={cron}
              onChange={(e) => {
                pick(e.target.value);
              }}
            />
          </label>
          {preview !== null && <span className="muted">{preview.description}</span>}
          <button type="button" className="button" onClick={schedule}>
            Save schedule
          </button>
        </div>
      )}
    </div>
  );
}

// Schedules: the workspace's schedules (cron in words, next run, options, mode) and an editor
// to add, change or remove one: the cron line is read as you type — its words and next five
// fire times in its time zone, or what is wrong with it, inline — and saving goes through the
// configuration's validation (every problem with its pointer).
import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { Time } from '../components/Time';
import { FormActions } from '../components/FormActions';
import { useEditing } from '../components/useEditing';
import {
  useSyncBackend,
  type CronPreview,
  type OptionView,
  type ScheduleRow,
  type ScheduleView,
} from './syncBackend';

/** How long typing pauses before the cron line is read. */
const DESCRIBE_DELAY_MS = 200;

const EMPTY: ScheduleView = {
  name: null,
  cron: '0 2 * * *',
  timezone: null,
  options: [],
  mode: 'incremental',
  active: true,
  runMissed: false,
};

/** The editor of one schedule, with the cron line read as you type. */
export function ScheduleEditor({
  initial,
  options,
  onSave,
  onCancel,
}: {
  initial: ScheduleView;
  options: OptionView[];
  onSave: (s: ScheduleView) => Promise<void>;
  onCancel: () => void;
}) {
  const backend = useSyncBackend();
  const [s, setS] = useState<ScheduleView>(initial);
  const [preview, setPreview] = useState<CronPreview | null>(null);
  const [cronError, setCronError] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const tz = s.timezone === null || s.timezone.trim() === '' ? null : s.timezone.trim();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      backend.describeCron(s.cron, tz).then(
        (p) => {
          if (!current) return;
          setPreview(p);
          setCronError(null);
        },
        (reason: unknown) => {
          if (!current) return;
          setPreview(null);
          setCronError(toApiError(reason));
        },
      );
    }, DESCRIBE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [backend, s.cron, tz]);

  const set = (change: Partial<ScheduleView>) => {
    setS((old) => ({ ...old, ...change }));
  };
  return (
    <form
      className="screen"
      aria-label="Schedule"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        onSave({ ...s, name: s.name?.trim() === '' ? null : s.name, timezone: tz }).catch((reason: unknown) => {
          setError(toApiError(reason));
        });
      }}
    >
      <label className="row">
        <span style={{ minWidth: '8rem' }}>Name</span>
        <input
          className="input"
          value={s.name ?? ''}
          placeholder="nightly"
          onChange={(e) => {
            set({ name: e.target.value });
          }}
        />
      </label>
      <label className="row">
        <span style={{ minWidth: '8rem' }}>Cron</span>
        <input
          className="input"
          aria-label="Cron"
          aria-invalid={cronError !== null}
          aria-describedby="cron-help"
          value={s.cron}
          onChange={(e) => {
            set({ cron: e.target.value });
          }}
        />
      </label>
      <label className="row">
        <span style={{ minWidth: '8rem' }}>Time zone</span>
        <input
          className="input"
          aria-label="Time zone"
          placeholder="UTC"
          value={s.timezone ?? ''}
          onChange={(e) => {
            set({ timezone: e.target.value });
          }}
        />
      </label>
      <div id="cron-help" aria-live="polite">
        {cronError !== null ? (
          <p className="status status--invalid" role="alert" data-testid="cron-error">
            {cronError.message}
          </p>
        ) : (
          preview !== null && (
            <>
              <p className="status status--valid" data-testid="cron-description">
                {preview.description}
              </p>
              <ol aria-label="Next runs" data-testid="cron-next">
                {preview.next.map((f) => (
                  <li key={f.at} data-testid="cron-next-time">
                    <Time at={f.at} text={f.local} />
                  </li>
                ))}
              </ol>
            </>
          )
        )}
      </div>
      <fieldset>
        <legend>Options (they run as a graph, parents first)</legend>
        {options.map((o) => (
          <label key={o.name} className="row">
            <input
              type="checkbox"
              checked={s.options.includes(o.name)}
              onChange={(e) => {
                set({
                  options: e.target.checked ? [...s.options, o.name] : s.options.filter((n) => n !== o.name),
                });
              }}
            />
            {o.name}
          </label>
        ))}
      </fieldset>
      <label className="row">
        <span style={{ minWidth: '8rem' }}>Mode</span>
        <select
          className="input"
          aria-label="Mode"
          value={s.mode}
          onChange={(e) => {
            set({ mode: e.target.value });
          }}
        >
          <option value="incremental">incremental (from the checkpoint)</option>
          <option value="full">full (everything)</option>
        </select>
      </label>
      <label className="row">
        <input
          type="checkbox"
          checked={s.active}
          onChange={(e) => {
            set({ active: e.target.checked });
          }}
        />
        Active
      </label>
      <label className="row">
        <input
          type="checkbox"
          checked={s.runMissed}
          onChange={(e) => {
            set({ runMissed: e.target.checked });
          }}
        />
        Run once for fire times missed while nothing ran
      </label>
      <FormActions error={error} save="Save schedule" onCancel={onCancel} />
    </form>
  );
}

export function SchedulesScreen() {
  const backend = useSyncBackend();
  const [rows, setRows] = useState<ScheduleRow[]>([]);
  const [options, setOptions] = useState<OptionView[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    backend.listSchedules().then(setRows, (reason: unknown) => {
      setError(toApiError(reason));
    });
    backend.listOptions().then(setOptions, (reason: unknown) => {
      setError(toApiError(reason));
    });
  }, [backend]);
  useEffect(load, [load]);
  const { editing, open, close, saved } = useEditing<{
    index: number | null;
    schedule: ScheduleView;
  }>(load);

  return (
    <section className="screen" aria-labelledby="schedules-title">
      <div className="screen__header">
        <h2 id="schedules-title" className="screen__title">
          Schedules
        </h2>
        <button
          type="button"
          className="button"
          disabled={editing !== null}
          onClick={() => {
            open({ index: null, schedule: { ...EMPTY, options: options.slice(0, 1).map((o) => o.name) } });
          }}
        >
          Add schedule
        </button>
      </div>
      <ErrorBox error={error} />
      {editing !== null && (
        <ScheduleEditor
          key={editing.index ?? 'new'}
          initial={editing.schedule}
          options={options}
          onCancel={close}
          onSave={(s) => saved(backend.saveSchedule(editing.index, s))}
        />
      )}
      {rows.length === 0 ? (
        <p className="muted">No schedules: options run only when you run them.</p>
      ) : (
        <div className="table-scroll">
          <table className="fields fields--list" aria-label="Schedules">
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">When</th>
                <th scope="col">Options</th>
                <th scope="col">Next run</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.index} data-testid="schedule">
                  <th scope="row">
                    {r.schedule.name ?? <span className="muted">unnamed</span>}
                    {!r.schedule.active && <span className="muted"> (off)</span>}
                  </th>
                  <td>
                    <span data-testid="schedule-description">{r.description}</span>
                    <div className="muted">
                      <code>{r.schedule.cron}</code> · {r.schedule.timezone ?? 'UTC'} · {r.schedule.mode}
                      {r.schedule.runMissed ? ' · runs missed once' : ''}
                    </div>
                  </td>
                  <td>{r.schedule.options.join(', ')}</td>
                  <td data-testid="schedule-next">
                    {r.next[0] === undefined ? '—' : <Time at={r.next[0].at} text={r.next[0].local} />}
                  </td>
                  <td>
                    <div className="actions">
                      <button
                        type="button"
                        className="button"
                        disabled={editing !== null}
                        onClick={() => {
                          open({ index: r.index, schedule: r.schedule });
                        }}
                      >
                        Edit <span className="visually-hidden">{r.schedule.name ?? r.schedule.cron}</span>
                      </button>
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          backend.removeSchedule(r.index).then(load, (reason: unknown) => {
                            setError(toApiError(reason));
                          });
                        }}
                      >
                        Remove <span className="visually-hidden">{r.schedule.name ?? r.schedule.cron}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

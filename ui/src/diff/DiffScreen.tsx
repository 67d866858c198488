// Diff: compares an import option with its target. The summary counts each class (a count
// is also the filter for its class); the rows, filtered by class and by a field that
// differs, scroll in a virtualised table; a row opens side by side. Selected rows can be
// re-synced (a real run of the option, in the run log) or marked as accepted (kept as an
// accepted exception until either side changes); the rows can be exported to CSV or XLSX.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { ExportButtons, ExportOutcome } from '../components/ExportButtons';
import { Time } from '../components/Time';
import { toApiError, type ApiError } from '../types';
import { CLASSES, CLASS_LABELS, OPEN_CLASSES, type DiffClass } from './classes';
import './diff.css';
import { DiffTable } from './DiffTable';
import {
  diffQuery,
  useDiffBackend,
  type DiffExportFormat,
  type DiffQuery,
  type DiffRowView,
  type DiffView,
  type OptionView,
} from './diffBackend';
import { recalledOption, rememberOption } from './lastOption';
import { RecordSideBySide } from './RecordSideBySide';

/** Rows fetched per page. */
export const PAGE_SIZE = 500;

const COUNT_OF: Record<DiffClass, (v: DiffView) => number> = {
  different: (v) => v.summary.different,
  missing_in_target: (v) => v.summary.missingInTarget,
  missing_in_source: (v) => v.summary.missingInSource,
  deleted_in_source: (v) => v.summary.deletedInSource,
  pending: (v) => v.summary.pending,
  same: (v) => v.summary.same,
};

type Filter = { classes: DiffClass[]; field: string | null; includeAccepted: boolean };

const INITIAL_FILTER: Filter = { classes: OPEN_CLASSES, field: null, includeAccepted: false };
const COMPARING = 'Comparing the source with the target…';

function query(filter: Filter, changes: Partial<DiffQuery> = {}): DiffQuery {
  return diffQuery({
    classes: filter.classes,
    field: filter.field,
    includeAccepted: filter.includeAccepted,
    limit: PAGE_SIZE,
    ...changes,
  });
}

export function DiffScreen() {
  const backend = useDiffBackend();
  const [options, setOptions] = useState<OptionView[] | null>(null);
  const [option, setOption] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>(INITIAL_FILTER);
  const [view, setView] = useState<DiffView | null>(null);
  const [rows, setRows] = useState<DiffRowView[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  // The newest load wins: an older answer that arrives late is dropped.
  const generation = useRef(0);
  const loadingMore = useRef(false);

  const load = useCallback(
    (name: string, f: Filter, refresh: boolean, message: string) => {
      const mine = ++generation.current;
      setBusy(message);
      setError(null);
      backend.diffOption(name, query(f, { refresh })).then(
        (v) => {
          if (mine !== generation.current) return;
          setView(v);
          setRows(v.rows);
          setSelected(new Set());
          setFocused((k) => (k !== null && v.rows.some((r) => r.key === k) ? k : null));
          setBusy(null);
        },
        (reason: unknown) => {
          if (mine !== generation.current) return;
          setError(toApiError(reason));
          setView(null);
          setRows([]);
          setBusy(null);
        },
      );
    },
    [backend],
  );

  // On opening: the import options, then the diff of the one compared last (else the first).
  useEffect(() => {
    backend.listOptions().then(
      (list) => {
        const imports = list.filter((o) => o.direction === 'import');
        setOptions(imports);
        const remembered = recalledOption();
        const first =
          (imports.some((o) => o.name === remembered) ? remembered : null) ??
          imports[0]?.name ??
          null;
        rememberOption(first);
        setOption(first);
        if (first !== null) load(first, INITIAL_FILTER, false, COMPARING);
      },
      (reason: unknown) => {
        setError(toApiError(reason));
      },
    );
  }, [backend, load]);

  /** Shows another filter of the same diff (paged from the last comparison). */
  const refilter = (change: (f: Filter) => Filter) => {
    const next = change(filter);
    setFilter(next);
    if (option !== null) load(option, next, false, 'Filtering…');
  };

  const loadMore = useCallback(() => {
    if (option === null || view === null || loadingMore.current) return;
    if (rows.length >= view.total) return;
    loadingMore.current = true;
    const mine = generation.current;
    backend.diffOption(option, query(filter, { offset: rows.length })).then(
      (v) => {
        loadingMore.current = false;
        if (mine !== generation.current) return;
        setRows((loaded) => (loaded.length === v.offset ? [...loaded, ...v.rows] : loaded));
      },
      (reason: unknown) => {
        loadingMore.current = false;
        setError(toApiError(reason));
      },
    );
  }, [backend, option, view, rows.length, filter]);

  const toggleClass = (c: DiffClass) => {
    refilter((f) => {
      const on = f.classes.includes(c);
      const classes = on ? f.classes.filter((x) => x !== c) : [...f.classes, c];
      // No class picked means every open exception again (the API's default).
      return { ...f, classes: CLASSES.filter((x) => classes.includes(x)) };
    });
  };

  const keys = [...selected];
  const act = (label: string, run: (name: string) => Promise<string>) => {
    if (option === null) return;
    setBusy(label);
    setError(null);
    setNotice(null);
    run(option).then(
      (message) => {
        setNotice(message);
        load(option, filter, false, 'Comparing again…');
      },
      (reason: unknown) => {
        setError(toApiError(reason));
        setBusy(null);
      },
    );
  };
  const resync = () => {
    act('Re-syncing the selected rows…', (name) =>
      backend.resync(name, keys).then((r) => {
        const run = r.run === null ? 'nothing was sent' : `run ${String(r.run)}`;
        const unsendable =
          r.unsendable.length > 0
            ? ` Not in the source, so not sent: ${r.unsendable.join(', ')}.`
            : '';
        return (
          `Re-synced ${String(keys.length)} selected (${run}): ${String(r.written)} written, ` +
          `${String(r.failed)} failed. Different ${String(r.before.different)} → ` +
          `${String(r.after.different)}, missing in target ${String(r.before.missingInTarget)} → ` +
          `${String(r.after.missingInTarget)}.${unsendable}`
        );
      }),
    );
  };
  const accept = () => {
    act('Marking the selected rows as accepted…', (name) =>
      backend.accept(name, keys).then((accepted) =>
        accepted.length === 0
          ? 'Nothing to accept: the selected rows are the same on both sides.'
          : `Accepted ${String(accepted.length)}: ${accepted.join(', ')}. They stay accepted until either side changes.`,
      ),
    );
  };
  const exportAs = (format: DiffExportFormat) => {
    if (option === null) return;
    setExported(null);
    setError(null);
    backend.exportDiff(option, query(filter, { limit: null }), format).then(setExported, (reason: unknown) => {
      setError(toApiError(reason));
    });
  };

  const focusedRow = focused === null ? undefined : rows.find((r) => r.key === focused);

  return (
    <section className="screen diff-screen" aria-labelledby="diff-title">
      <div className="screen__header">
        <h2 id="diff-title" className="screen__title">
          Diff
        </h2>
        <div className="row">
          <label className="row">
            Option
            <select
              className="input"
              aria-label="Option"
              value={option ?? ''}
              onChange={(e) => {
                const next = e.target.value === '' ? null : e.target.value;
                setOption(next);
                rememberOption(next);
                setFocused(null);
                if (next !== null) load(next, filter, false, COMPARING);
                setNotice(null);
                setExported(null);
              }}
            >
              {option === null && <option value="">Choose an import option</option>}
              {(options ?? []).map((o) => (
                <option key={o.name} value={o.name}>
                  {o.name} → {o.object}
                </option>
              ))}
              {option !== null && options !== null && !options.some((o) => o.name === option) && (
                <option value={option}>{option}</option>
              )}
            </select>
          </label>
          <button
            type="button"
            className="button"
            disabled={option === null || busy !== null}
            onClick={() => {
              if (option !== null) load(option, filter, true, COMPARING);
            }}
          >
            Compare again
          </button>
        </div>
      </div>
      <ErrorBox error={error} />
      {options !== null && options.length === 0 && (
        <p className="muted">No import options to compare: add one on the Options screen.</p>
      )}
      <div aria-live="polite" data-testid="diff-status">
        {busy !== null && <p className="muted">{busy}</p>}
        {notice !== null && <p data-testid="diff-notice">{notice}</p>}
      </div>
      {view !== null && (
        <>
          <div className="diff-summary" role="group" aria-label="Counts by class (each filters the rows)">
            {CLASSES.map((c) => (
              <button
                key={c}
                type="button"
                className={`diff-count diff-count--${c}`}
                aria-pressed={filter.classes.includes(c)}
                data-testid={`count-${c}`}
                onClick={() => {
                  toggleClass(c);
                }}
              >
                <span className="diff-count__number" data-testid={`count-${c}-number`}>
                  {COUNT_OF[c](view)}
                </span>{' '}
                {CLASS_LABELS[c]}
              </button>
            ))}
            <button
              type="button"
              className="diff-count diff-count--accepted"
              aria-pressed={filter.includeAccepted}
              data-testid="count-accepted"
              onClick={() => {
                refilter((f) => ({ ...f, includeAccepted: !f.includeAccepted }));
              }}
            >
              <span className="diff-count__number" data-testid="count-accepted-number">
                {view.summary.accepted}
              </span>{' '}
              Accepted
            </button>
          </div>
          <div className="row diff-toolbar">
            <label className="row">
              Field
              <select
                className="input"
                aria-label="Field"
                value={filter.field ?? ''}
                onChange={(e) => {
                  const field = e.target.value === '' ? null : e.target.value;
                  refilter((f) => ({ ...f, field }));
                }}
              >
                <option value="">Any field</option>
                {view.fields.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
            <span data-testid="diff-total">
              {view.total} {view.total === 1 ? 'row' : 'rows'}
              {rows.length < view.total && ` (${String(rows.length)} loaded)`}
            </span>
            <button
              type="button"
              className="button button--primary"
              disabled={selected.size === 0 || busy !== null}
              onClick={resync}
            >
              Re-sync selected ({selected.size})
            </button>
            <button
              type="button"
              className="button"
              disabled={selected.size === 0 || busy !== null}
              onClick={accept}
            >
              Mark as accepted ({selected.size})
            </button>
            <ExportButtons onExport={exportAs} />
          </div>
          <ExportOutcome testId="diff-export">
            {exported !== null && (
              <p>
                Exported to <code>{exported}</code>
              </p>
            )}
          </ExportOutcome>
          {view.skippedFields.length > 0 && (
            <p className="muted">
              Not compared (the target does not know them): {view.skippedFields.join(', ')}
            </p>
          )}
          {view.pendingSince !== null && (
            <p className="muted">
              Changes in the source since <Time at={view.pendingSince} /> are pending.
            </p>
          )}
          {rows.length === 0 ? (
            <p className="muted" data-testid="diff-empty">
              No rows of the chosen classes{filter.field !== null && ` differ on ${filter.field}`}.
            </p>
          ) : (
            <div className="diff-body">
              <DiffTable
                rows={rows}
                total={view.total}
                selected={selected}
                focused={focused}
                onToggle={(key) => {
                  setSelected((s) => {
                    const next = new Set(s);
                    if (next.has(key)) next.delete(key);
                    else next.add(key);
                    return next;
                  });
                }}
                onToggleAll={(select) => {
                  setSelected(select ? new Set(rows.map((r) => r.key)) : new Set());
                }}
                onFocus={setFocused}
                onNearEnd={loadMore}
              />
              {focusedRow !== undefined && (
                <RecordSideBySide
                  row={focusedRow}
                  fields={view.fields}
                  onClose={() => {
                    setFocused(null);
                  }}
                />
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}

// Options: the sync options in run order with their active toggle, order up/down and last
// run; a detail form with every setting as a typed field (OptionForm); "Edit mapping" to open
// the mapping editor on the option's mapping; "Compare" to open the diff viewer on an import;
// "Duplicate" and "Delete…" (asked once more); "New import option" (the guided flow, which
// ends in the mapping editor on the new option), "New export option" (ends with its payload
// previewed); and "Set up the demo".
import { lazy, Suspense, useCallback, useState } from 'react';
import { toApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { runOutcome } from '../components/outcome';
import { Time } from '../components/Time';
import { useEditing } from '../components/useEditing';
import { useLoaded } from '../components/useLoaded';
import { useSyncBackend, type OptionView } from './syncBackend';
import { OptionForm } from './OptionForm';

// The guided flows load when first opened, not with the screen.
const NewImportOption = lazy(() =>
  import('../setup/NewImportOption').then((m) => ({ default: m.NewImportOption })),
);
const NewExportOption = lazy(() =>
  import('../setup/NewExportOption').then((m) => ({ default: m.NewExportOption })),
);

export function OptionsScreen({
  onEditMapping,
  onCompare,
}: {
  onEditMapping?: (option: string) => void;
  /** Opens the diff viewer on an import option. */
  onCompare?: (option: string) => void;
}) {
  const backend = useSyncBackend();
  const {
    value: options,
    error,
    setError,
    reload,
    act,
  } = useLoaded(useCallback(() => backend.listOptions(), [backend]));
  const { editing, open, close, saved } = useEditing<OptionView>(reload);
  const [demo, setDemo] = useState<'idle' | 'working' | 'done'>('idle');
  const [creating, setCreating] = useState<'import' | 'export' | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  if (creating === 'import') {
    return (
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <NewImportOption
          onCancel={() => {
            setCreating(null);
          }}
          onSaved={(name) => {
            setCreating(null);
            reload();
            onEditMapping?.(name);
          }}
        />
      </Suspense>
    );
  }
  if (creating === 'export') {
    return (
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <NewExportOption
          onCancel={() => {
            setCreating(null);
          }}
          onSaved={() => {
            setCreating(null);
            reload();
          }}
        />
      </Suspense>
    );
  }
  if (editing !== null) {
    return (
      <OptionForm
        option={editing.document}
        original={editing.name}
        onCancel={close}
        onSave={(doc) => saved(backend.saveOption(editing.name, doc))}
      />
    );
  }
  return (
    <section className="screen" aria-labelledby="options-title">
      <div className="screen__header">
        <h2 id="options-title" className="screen__title">
          Options
        </h2>
        <button
          type="button"
          className="button button--primary"
          id="new-import-option"
          onClick={() => {
            setCreating('import');
          }}
        >
          New import option
        </button>
        <button
          type="button"
          className="button button--primary"
          id="new-export-option"
          onClick={() => {
            setCreating('export');
          }}
        >
          New export option
        </button>
        <button
          type="button"
          className="button"
          disabled={demo === 'working'}
          onClick={() => {
            setDemo('working');
            setError(null);
            backend.setUpDemo().then(
              () => {
                setDemo('done');
                reload();
              },
              (reason: unknown) => {
                setDemo('idle');
                setError(toApiError(reason));
              },
            );
          }}
        >
          Set up the demo
        </button>
      </div>
      <div aria-live="polite" data-testid="demo-status">
        {demo === 'working' && <p className="muted">Starting the demo org and sample API…</p>}
        {demo === 'done' && (
          <p className="status status--valid">
            The demo is set up: a sandbox org and the sample API run inside the app.
          </p>
        )}
      </div>
      <ErrorBox error={error} />
      {options !== null && options.length === 0 && (
        <p className="muted">No options yet: set up the demo to see some.</p>
      )}
      {options !== null && options.length > 0 && (
        <div className="table-scroll">
          <table className="fields fields--list">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Option</th>
                <th scope="col">Direction</th>
                <th scope="col">Object</th>
                <th scope="col">Active</th>
                <th scope="col">Last run</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {options.map((o, i) => (
                <tr key={o.name} data-testid="option" data-name={o.name}>
                  <td>
                    <div className="actions actions--together">
                      <button
                        type="button"
                        className="button"
                        disabled={i === 0}
                        aria-label={`Move ${o.name} up`}
                        onClick={() => {
                          act(backend.moveOption(o.name, true));
                        }}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button"
                        disabled={i === options.length - 1}
                        aria-label={`Move ${o.name} down`}
                        onClick={() => {
                          act(backend.moveOption(o.name, false));
                        }}
                      >
                        ↓
                      </button>
                    </div>
                  </td>
                  <th scope="row">{o.name}</th>
                  <td>{o.direction}</td>
                  <td>
                    {o.object} <span className="muted">({o.org})</span>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${o.name} active`}
                      checked={o.active}
                      onChange={(e) => {
                        act(backend.setOptionActive(o.name, e.target.checked));
                      }}
                    />
                  </td>
                  <td data-testid="option-last-run">
                    {o.lastRun === null ? (
                      <span className="muted">never</span>
                    ) : (
                      <>
                          {runOutcome(o.lastRun.status, o.lastRun.counts)} ({o.lastRun.counts.written} written,{' '}
                          {o.lastRun.counts.failed} failed) <Time at={o.lastRun.startedAt} />
                        </>
                    )}
                  </td>
                  <td>
                    <div className="actions">
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          open(o);
                        }}
                      >
                        Details <span className="visually-hidden">of {o.name}</span>
                      </button>
                      {onEditMapping && (
                        <button
                          type="button"
                          className="button"
                          onClick={() => {
                            onEditMapping(o.name);
                          }}
                        >
                          Edit mapping <span className="visually-hidden">of {o.name}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          act(backend.duplicateOption(o.name, copyName(o.name, options)));
                        }}
                      >
                        Duplicate <span className="visually-hidden">{o.name}</span>
                      </button>
                      {removing === o.name ? (
                        <span role="group" aria-label={`Delete ${o.name}?`} className="actions actions--together">
                          <button
                            type="button"
                            className="button button--danger"
                            onClick={() => {
                              setRemoving(null);
                              act(backend.removeOption(o.name));
                            }}
                          >
                            Delete {o.name}
                          </button>
                          <button
                            type="button"
                            className="button"
                            onClick={() => {
                              setRemoving(null);
                            }}
                          >
                            Keep
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="button"
                          onClick={() => {
                            setRemoving(o.name);
                          }}
                        >
                          Delete… <span className="visually-hidden">{o.name}</span>
                        </button>
                      )}
                      {onCompare && o.direction === 'import' && (
                        <button
                          type="button"
                          className="button"
                          onClick={() => {
                            onCompare(o.name);
                          }}
                        >
                          Compare <span className="visually-hidden">{o.name} with its target</span>
                        </button>
                      )}
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

/** `name copy`, or `name copy 2`, … : the first name no option has. */
export function copyName(name: string, options: OptionView[]): string {
  const taken = new Set(options.map((o) => o.name));
  let candidate = `${name} copy`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name} copy ${String(n)}`;
  return candidate;
}

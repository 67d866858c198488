// Options: the sync options in run order with their active toggle, order up/down and last
// run; a detail form for the source, target and incremental fields; "Edit mapping" to open
// the mapping editor on the option's mapping; "Compare" to open the diff viewer on an import;
// and "Set up the demo".
import { useCallback, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { FormActions } from '../components/FormActions';
import { useEditing } from '../components/useEditing';
import { useLoaded } from '../components/useLoaded';
import { useSyncBackend, type Doc, type OptionView } from './syncBackend';

const SECTIONS = ['source', 'target', 'incremental'] as const;

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field's value as the form edits it: scalars as text, anything else as JSON. */
function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Reads an edited field back with the type its original value had. */
function fromText(text: string, original: unknown): unknown {
  if (typeof original === 'string' || original === undefined) return text;
  if (typeof original === 'number') return text.trim() === '' ? undefined : Number(text);
  if (typeof original === 'boolean') return text === 'true';
  return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
}

/** The detail form of one option: name and description, then each section's fields. */
export function OptionForm({
  option,
  onSave,
  onCancel,
}: {
  option: Doc;
  onSave: (doc: Doc) => Promise<void>;
  onCancel: () => void;
}) {
  const [fields, setFields] = useState<Record<string, string>>(() => {
    const out: Record<string, string> = {
      name: asText(option.name),
      description: asText(option.description),
    };
    for (const s of SECTIONS) {
      const section = option[s];
      if (isObject(section)) {
        for (const [k, v] of Object.entries(section)) out[`${s}.${k}`] = asText(v);
      }
    }
    return out;
  });
  const [error, setError] = useState<ApiError | null>(null);
  const input = (key: string) => (
    <label className="row" key={key}>
      <span style={{ minWidth: '14rem' }}>
        <code>{key}</code>
      </span>
      <input
        className="input"
        aria-label={key}
        value={fields[key] ?? ''}
        onChange={(e) => {
          setFields((f) => ({ ...f, [key]: e.target.value }));
        }}
      />
    </label>
  );
  return (
    <form
      aria-label={`Option ${asText(option.name)}`}
      className="screen"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        try {
          const doc: Doc = { ...option, name: fields.name };
          if (fields.description) doc.description = fields.description;
          else delete doc.description;
          for (const s of SECTIONS) {
            const section = option[s];
            if (!isObject(section)) continue;
            const next: Doc = {};
            for (const [k, v] of Object.entries(section)) {
              const value = fromText(fields[`${s}.${k}`] ?? '', v);
              if (value !== undefined) next[k] = value;
            }
            doc[s] = next;
          }
          onSave(doc).catch((reason: unknown) => {
            setError(toApiError(reason));
          });
        } catch (reason) {
          setError({ code: 'INVALID_JSON', message: toApiError(reason).message });
        }
      }}
    >
      <h3>Option {asText(option.name)}</h3>
      {input('name')}
      {input('description')}
      {SECTIONS.map((s) => {
        const section = option[s];
        return (
          <fieldset key={s}>
            <legend>{s}</legend>
            {isObject(section) ? (
              Object.keys(section).map((k) => input(`${s}.${k}`))
            ) : (
              <p className="muted">None.</p>
            )}
          </fieldset>
        );
      })}
      <FormActions error={error} save="Save option" onCancel={onCancel} />
    </form>
  );
}

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

  if (editing !== null) {
    return (
      <OptionForm
        option={editing.document}
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
        <table className="fields">
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
                  <div className="row">
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
                    `${o.lastRun.status} (${String(o.lastRun.counts.written)} written, ${String(o.lastRun.counts.failed)} failed)`
                  )}
                </td>
                <td>
                  <div className="row">
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
      )}
    </section>
  );
}

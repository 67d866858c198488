// The transform chain of one field mapping: add (a menu of the 13 kinds), remove, move up
// and down, a form per kind (`reference`'s in ReferenceForm; raw JSON for the rest), and
// the mapping check's problems shown on the transform whose pointer they name.
import { useState } from 'react';
import type { MappingIssue } from '../types';
import {
  TRANSFORM_KINDS,
  issuesAt,
  transformKind,
  type FieldMapping,
  type Transform,
  type TransformKind,
} from './model';
import { ReferenceForm } from './ReferenceForm';

export interface TransformEditorProps {
  field: FieldMapping;
  index: number;
  issues: MappingIssue[];
  onAdd: (kind: TransformKind) => void;
  onRemove: (at: number) => void;
  onMove: (at: number, by: -1 | 1) => void;
  onChange: (at: number, transform: Transform) => void;
}

type Args = Record<string, unknown>;
const asArgs = (v: unknown): Args =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Args) : {};
const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
/** Text typed into a value box: JSON when it reads as JSON, else the text itself. */
const jsonOrText = (s: string): unknown => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
};
/** An argument object without its empty entries. */
function compact(args: Args): Args {
  return Object.fromEntries(
    Object.entries(args).filter(([, v]) => v !== '' && v !== undefined && v !== false),
  );
}

interface FormProps {
  value: unknown;
  label: string;
  set: (value: unknown) => void;
}

function Choice({
  label,
  value,
  options,
  set,
}: {
  label: string;
  value: string;
  options: readonly string[];
  set: (v: string) => void;
}) {
  return (
    <label className="field-label">
      {label}
      <select
        className="input"
        value={value}
        onChange={(e) => {
          set(e.target.value);
        }}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function Text({
  label,
  value,
  set,
  placeholder,
}: {
  label: string;
  value: string;
  set: (v: string) => void;
  placeholder?: string;
}) {
  return (
    <label className="field-label">
      {label}
      <input
        className="input"
        value={value}
        placeholder={placeholder}
        onChange={(e) => {
          set(e.target.value);
        }}
      />
    </label>
  );
}

function ConvertForm({ value, set }: FormProps) {
  const args = typeof value === 'string' ? { to: value } : asArgs(value);
  const update = (key: string, v: string) => {
    const next = compact({ ...args, [key]: v });
    const keys = Object.keys(next);
    set(keys.length === 1 && keys[0] === 'to' ? next.to : next);
  };
  return (
    <div className="form-row">
      <Choice
        label="To"
        value={text(args.to)}
        options={['text', 'number', 'integer', 'boolean', 'date', 'datetime', 'time']}
        set={(v) => {
          update('to', v);
        }}
      />
      <Text
        label="Format"
        value={text(args.format)}
        placeholder="%d/%m/%Y"
        set={(v) => {
          update('format', v);
        }}
      />
      <Text
        label="Time zone"
        value={text(args.timezone)}
        placeholder="Europe/Paris"
        set={(v) => {
          update('timezone', v);
        }}
      />
    </div>
  );
}

function ReplaceForm({ value, set }: FormProps) {
  const args = asArgs(value);
  if ('pattern' in args) {
    return (
      <div className="form-row">
        <Text
          label="Pattern"
          value={text(args.pattern)}
          set={(v) => {
            set({ ...args, pattern: v });
          }}
        />
        <Text
          label="With"
          value={text(args.with)}
          set={(v) => {
            set({ ...args, with: v });
          }}
        />
      </div>
    );
  }
  const full = 'map' in args;
  const map = full ? asArgs(args.map) : args;
  const rows = Object.entries(map);
  const write = (nextMap: Args, extra: Args = {}) => {
    const rest = full ? { ...args, ...extra, map: nextMap } : { ...extra };
    const hasExtra = 'default' in rest || 'ignoreCase' in rest;
    set(hasExtra ? compact({ ...rest, map: nextMap }) : nextMap);
  };
  return (
    <div>
      <table className="replace-table">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([from, to], i) => (
            <tr key={i}>
              <td>
                <input
                  className="input"
                  aria-label={`Replace row ${String(i + 1)} from`}
                  value={from}
                  onChange={(e) => {
                    const entries = rows.map(([f, t], j): [string, unknown] =>
                      j === i ? [e.target.value, t] : [f, t],
                    );
                    write(Object.fromEntries(entries));
                  }}
                />
              </td>
              <td>
                <input
                  className="input"
                  aria-label={`Replace row ${String(i + 1)} to`}
                  value={text(to)}
                  onChange={(e) => {
                    write({ ...map, [from]: e.target.value });
                  }}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Remove replace row ${String(i + 1)}`}
                  onClick={() => {
                    write(Object.fromEntries(rows.filter((_, j) => j !== i)));
                  }}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-row">
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            write({ ...map, '': '' });
          }}
        >
          Add row
        </button>
        <Text
          label="Default"
          value={text(args.default)}
          set={(v) => {
            write(map, { default: v, ignoreCase: args.ignoreCase });
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={args.ignoreCase === true}
            onChange={(e) => {
              write(map, { default: args.default, ignoreCase: e.target.checked });
            }}
          />
          Ignore case
        </label>
      </div>
    </div>
  );
}

function SplitJoinForm({ value, set, label }: FormProps) {
  const args = typeof value === 'string' ? { separator: value } : asArgs(value);
  const isJoin = label === 'join';
  const update = (next: Args) => {
    const c = compact(next);
    const keys = Object.keys(c);
    set(keys.length === 1 && keys[0] === 'separator' ? c.separator : c);
  };
  return (
    <div className="form-row">
      <Text
        label="Separator"
        value={text(args.separator)}
        set={(v) => {
          update({ ...args, separator: v });
        }}
      />
      {isJoin ? (
        <label className="check">
          <input
            type="checkbox"
            checked={args.skipEmpty === true}
            onChange={(e) => {
              update({ ...args, skipEmpty: e.target.checked });
            }}
          />
          Skip empty
        </label>
      ) : (
        <Text
          label="Index"
          value={text(args.index)}
          placeholder="all parts"
          set={(v) => {
            update({ ...args, index: v === '' ? '' : Number(v) });
          }}
        />
      )}
    </div>
  );
}

function ValidateForm({ value, set }: FormProps) {
  const args = asArgs(value);
  const update = (key: string, v: unknown) => {
    set(compact({ ...args, [key]: v }));
  };
  const num = (s: string) => (s === '' ? '' : Number(s));
  return (
    <div className="form-row">
      <label className="check">
        <input
          type="checkbox"
          checked={args.required === true}
          onChange={(e) => {
            update('required', e.target.checked);
          }}
        />
        Required
      </label>
      <Text
        label="Pattern"
        value={text(args.pattern)}
        set={(v) => {
          update('pattern', v);
        }}
      />
      <Text
        label="Min"
        value={text(args.min)}
        set={(v) => {
          update('min', num(v));
        }}
      />
      <Text
        label="Max"
        value={text(args.max)}
        set={(v) => {
          update('max', num(v));
        }}
      />
      <Text
        label="One of (comma-separated)"
        value={Array.isArray(args.oneOf) ? args.oneOf.map(text).join(', ') : ''}
        set={(v) => {
          update(
            'oneOf',
            v === '' ? '' : v.split(',').map((s) => s.trim()),
          );
        }}
      />
    </div>
  );
}

function RawForm({ value, set, label }: FormProps) {
  const [draft, setDraft] = useState(JSON.stringify(value));
  const [bad, setBad] = useState(false);
  return (
    <label className="field-label">
      {label} (JSON)
      <input
        className={`input input--code${bad ? ' input--bad' : ''}`}
        value={draft}
        aria-invalid={bad}
        onChange={(e) => {
          setDraft(e.target.value);
          try {
            set(JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
    </label>
  );
}

function TransformForm({ kind, value, set }: { kind: string; value: unknown; set: (v: unknown) => void }) {
  const props: FormProps = { value, set, label: kind };
  switch (kind) {
    case 'convert':
      return <ConvertForm {...props} />;
    case 'replace':
      return <ReplaceForm {...props} />;
    case 'modify':
      return (
        <Choice
          label="Change"
          value={text(value)}
          options={['upper', 'lower', 'title', 'trim', 'collapse']}
          set={set}
        />
      );
    case 'split':
    case 'join':
      return <SplitJoinForm {...props} />;
    case 'calc':
      return <Text label="Expression" value={text(value)} set={set} placeholder="ROUND(value, 2)" />;
    case 'escape':
      return (
        <Choice label="As" value={text(value)} options={['html', 'xml', 'json', 'csv', 'url']} set={set} />
      );
    case 'encode':
    case 'decode':
      return (
        <Choice
          label="As"
          value={text(value)}
          options={['base64', 'base64url', 'hex', 'url']}
          set={set}
        />
      );
    case 'reference':
      return <ReferenceForm {...props} />;
    case 'default':
      return (
        <Text
          label="Value"
          value={text(value)}
          set={(v) => {
            set(jsonOrText(v));
          }}
        />
      );
    case 'truncate':
      return (
        <div className="form-row">
          <label className="check">
            <input
              type="checkbox"
              checked={value === 'fit'}
              onChange={(e) => {
                set(e.target.checked ? 'fit' : 80);
              }}
            />
            Fit the field&apos;s length
          </label>
          {value !== 'fit' && (
            <Text
              label="Characters"
              value={text(value)}
              set={(v) => {
                set(Number(v));
              }}
            />
          )}
        </div>
      );
    case 'validate':
      return <ValidateForm {...props} />;
    default:
      return <RawForm {...props} />;
  }
}

export function TransformEditor(props: TransformEditorProps) {
  const [kind, setKind] = useState<TransformKind>('convert');
  const transforms = props.field.transforms ?? [];
  const sources = props.field.source;
  return (
    <section className="transforms" aria-label={`Transforms of ${props.field.target}`}>
      <h3 className="transforms__title">
        {sources === undefined
          ? `= ${JSON.stringify(props.field.value)}`
          : Array.isArray(sources)
            ? sources.join(' + ')
            : sources}{' '}
        → {props.field.target}
      </h3>
      {issuesAt(props.issues, props.index)
        .filter((i) => !/\/transforms\/\d+/.test(i.pointer))
        .map((issue) => (
          <p key={issue.pointer + issue.message} className="inline-error" data-testid="field-issue">
            {issue.message}
          </p>
        ))}
      <ol className="transforms__list">
        {transforms.map((transform, at) => {
          const k = transformKind(transform);
          const issues = issuesAt(props.issues, props.index, at);
          return (
            <li
              key={`${String(at)}-${k}`}
              className={`transform${issues.length > 0 ? ' transform--bad' : ''}`}
              data-testid={`transform-${String(at)}`}
              aria-label={`Transform ${String(at + 1)}: ${k}`}
            >
              <div className="transform__head">
                <strong>
                  {String(at + 1)}. {k}
                </strong>
                <span className="transform__actions">
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Move ${k} up`}
                    disabled={at === 0}
                    onClick={() => {
                      props.onMove(at, -1);
                    }}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Move ${k} down`}
                    disabled={at === transforms.length - 1}
                    onClick={() => {
                      props.onMove(at, 1);
                    }}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Remove ${k}`}
                    onClick={() => {
                      props.onRemove(at);
                    }}
                  >
                    Remove
                  </button>
                </span>
              </div>
              <TransformForm
                kind={k}
                value={transform[k]}
                set={(v) => {
                  props.onChange(at, { [k]: v });
                }}
              />
              {issues.map((issue) => (
                <p
                  key={issue.pointer + issue.message}
                  className="inline-error"
                  role="alert"
                  data-testid="transform-issue"
                >
                  {issue.message}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
      <div className="form-row">
        <label className="field-label">
          New transform
          <select
            className="input"
            aria-label="Transform kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as TransformKind);
            }}
          >
            {TRANSFORM_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          onClick={() => {
            props.onAdd(kind);
          }}
        >
          Add transform
        </button>
      </div>
    </section>
  );
}

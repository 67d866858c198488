// The controls of the option form: each edits one field of the option at a JSON pointer, and
// shows under itself the problems found at that pointer (or below it), marked aria-invalid.
import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import type { ConnectionView, MappingIssue } from './syncBackend';

export interface Problems {
  /** The check's problems and the form's own (a number box holding no number). */
  issues: MappingIssue[];
  /** Sets (a message) or clears (null) the form's own problem at `pointer`. */
  report: (pointer: string, message: string | null) => void;
}

export const ProblemsContext = createContext<Problems>({ issues: [], report: () => undefined });

/** Whether a field at `field` shows the problem at `pointer`: its own, or one inside it. */
export function claims(field: string, pointer: string): boolean {
  return pointer === field || pointer.startsWith(`${field}/`);
}

export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control with the problems at its pointer under it. */
export function Field({
  pointer,
  label,
  wide = false,
  children,
}: {
  pointer: string;
  label: ReactNode;
  wide?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const issues = useContext(ProblemsContext).issues.filter((i) => claims(pointer, i.pointer));
  const problemsId = `${id}-problems`;
  const invalid = issues.length > 0;
  return (
    <div className={wide ? 'option-field setup-grid__wide' : 'option-field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        'aria-invalid': invalid,
        'aria-describedby': invalid ? problemsId : undefined,
      })}
      <ProblemList id={problemsId} issues={issues} />
    </div>
  );
}

export function ProblemList({ id, issues }: { id?: string; issues: MappingIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul id={id} className="option-problems inline-error">
      {issues.map((i) => (
        <li key={`${i.pointer} ${i.message}`}>{i.message}</li>
      ))}
    </ul>
  );
}

/** The problems inside a group the form does not build field by field (paging, rows). */
export function GroupProblems({ pointer }: { pointer: string }) {
  const issues = useContext(ProblemsContext).issues.filter((i) => claims(pointer, i.pointer));
  return <ProblemList issues={issues} />;
}

export function TextField({
  pointer,
  label,
  value,
  onChange,
  placeholder,
  wide,
}: {
  pointer: string;
  label: string;
  value: string | undefined;
  /** An emptied optional field gives undefined. */
  onChange: (value: string) => void;
  placeholder?: string;
  wide?: boolean;
}) {
  return (
    <Field pointer={pointer} label={label} wide={wide}>
      {(control) => (
        <input
          {...control}
          className="input"
          placeholder={placeholder}
          value={value ?? ''}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        />
      )}
    </Field>
  );
}

/** `text`, or undefined when empty: how an optional text field is left out. */
export function optional(text: string): string | undefined {
  return text === '' ? undefined : text;
}

export function SelectField<T extends string>({
  pointer,
  label,
  value,
  choices,
  onChange,
}: {
  pointer: string;
  label: string;
  value: T;
  /** Each value with its label, in the order offered. */
  choices: Record<T, string>;
  onChange: (value: T) => void;
}) {
  const isChoice = (v: string): v is T => Object.hasOwn(choices, v);
  return (
    <Field pointer={pointer} label={label}>
      {(control) => (
        <select
          {...control}
          className="input"
          value={value}
          onChange={(e) => {
            if (isChoice(e.target.value)) onChange(e.target.value);
          }}
        >
          {(Object.entries(choices) as [T, string][]).map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A number box that keeps what is typed; a text that is no fitting number is the form's own
 * problem at the field's pointer until it is fixed. `scale` turns the box's number into the
 * document's (a percentage into a share). */
export function NumberField({
  pointer,
  label,
  value,
  onChange,
  min,
  max,
  whole = true,
  optional: isOptional = false,
  scale = 1,
  children,
}: {
  pointer: string;
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  whole?: boolean;
  optional?: boolean;
  scale?: number;
  /** Beside the box: a unit select. */
  children?: ReactNode;
}) {
  const { report } = useContext(ProblemsContext);
  const [text, setText] = useState(() =>
    value === undefined ? '' : String(Math.round((value / scale) * 1e6) / 1e6),
  );
  const read = (typed: string) => {
    setText(typed);
    if (typed.trim() === '') {
      report(pointer, isOptional ? null : 'A number is needed.');
      if (isOptional) onChange(undefined);
      return;
    }
    const n = Number(typed);
    const fits = Number.isFinite(n) && (!whole || Number.isSafeInteger(n));
    if (!fits) {
      report(pointer, whole ? 'A whole number is needed.' : 'A number is needed.');
      return;
    }
    report(pointer, null);
    onChange(Math.round(n * scale * 1e9) / 1e9);
  };
  return (
    <Field pointer={pointer} label={label}>
      {(control) => (
        <span className="setup-lookback">
          <input
            {...control}
            className="input setup-number"
            type="number"
            min={min}
            max={max}
            step={whole ? 1 : 'any'}
            value={text}
            onChange={(e) => {
              read(e.target.value);
            }}
          />
          {children}
        </span>
      )}
    </Field>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="check setup-check">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => {
          onChange(e.target.checked);
        }}
      />{' '}
      {label}
    </label>
  );
}

/** A select of the workspace's connections of one kind; a saved name the list lacks is kept. */
export function ConnectionField({
  pointer,
  label,
  kind,
  connections,
  value,
  onChange,
}: {
  pointer: string;
  label: string;
  kind: 'http' | 'salesforce';
  connections: ConnectionView[];
  value: string;
  onChange: (name: string) => void;
}) {
  const names = connections.filter((c) => c.kind === kind).map((c) => c.name);
  if (!names.includes(value)) names.unshift(value);
  return (
    <Field pointer={pointer} label={label}>
      {(control) => (
        <select
          {...control}
          className="input"
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        >
          {names.map((n) => (
            <option key={n} value={n}>
              {n === '' ? '(choose one)' : n}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

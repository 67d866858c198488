// Export step 3, the filter: conditions on the object's fields joined by AND, written as the
// SOQL condition they make (or that condition typed as text), checked against the org as it
// changes, with Salesforce's own answer when the query is refused.
import { useEffect, useState } from 'react';
import type { TargetField } from '../bindings/TargetField';
import { ErrorBox } from '../components/ErrorBox';
import { toApiError, type ApiError } from '../types';
import {
  conditionOf,
  isOperator,
  OPERATORS,
  type FilterDraft,
  type FilterRow,
} from './exportDraft';
import { useSetupBackend, type FilterCheck } from './setupBackend';

/** How long typing pauses before the condition is checked. */
const CHECK_DELAY_MS = 300;

/** A check's answer, or why the check could not be made. */
export interface Checked {
  answer: FilterCheck | null;
  error: ApiError | null;
}

/** `condition` checked on `object` once typing pauses: the answer for the condition, object
 * and connection as they are now, else null (an empty condition needs no check). */
export function useFilterCheck(
  connection: string,
  object: string,
  condition: string,
): Checked | null {
  const backend = useSetupBackend();
  const asked = JSON.stringify([connection, object, condition]);
  const [checked, setChecked] = useState<(Checked & { asked: string }) | null>(null);
  useEffect(() => {
    if (connection === '' || object === '' || condition === '') return;
    let current = true;
    const timer = setTimeout(() => {
      backend.checkFilter(connection, object, condition).then(
        (answer) => {
          if (current) setChecked({ asked, answer, error: null });
        },
        (reason: unknown) => {
          if (current) setChecked({ asked, answer: null, error: toApiError(reason) });
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [backend, connection, object, condition, asked]);
  return checked?.asked === asked ? checked : null;
}

interface Props {
  object: string;
  fields: TargetField[];
  filter: FilterDraft;
  onChange: (filter: FilterDraft) => void;
  condition: string;
  checked: Checked | null;
}

export function FilterStep({ object, fields, filter, onChange, condition, checked }: Props) {
  const setRow = (index: number, row: FilterRow) => {
    onChange({ ...filter, rows: filter.rows.map((r, i) => (i === index ? row : r)) });
  };
  return (
    <>
      <label className="check setup-check" htmlFor="export-filter-as-text">
        <input
          type="checkbox"
          id="export-filter-as-text"
          checked={filter.asText}
          onChange={(e) => {
            const asText = e.target.checked;
            onChange({
              ...filter,
              asText,
              text: asText ? conditionOf(filter.rows, fields) : filter.text,
            });
          }}
        />
        Edit as text
      </label>
      {filter.asText ? (
        <>
          <label className="field-label" htmlFor="export-filter-text">
            SOQL condition (without WHERE)
            <textarea
              id="export-filter-text"
              className="input input--code"
              rows={3}
              placeholder="Name LIKE 'A%' AND AnnualRevenue > 1000"
              value={filter.text}
              onChange={(e) => {
                onChange({ ...filter, text: e.target.value });
              }}
            />
          </label>
          <p className="muted">Unticking goes back to the conditions: the text is not kept.</p>
        </>
      ) : (
        <Rows filter={filter} fields={fields} onChange={onChange} setRow={setRow} />
      )}
      <Check object={object} condition={condition} checked={checked} />
    </>
  );
}

interface RowsProps {
  filter: FilterDraft;
  fields: TargetField[];
  onChange: (filter: FilterDraft) => void;
  setRow: (index: number, row: FilterRow) => void;
}

function Rows({ filter, fields, onChange, setRow }: RowsProps) {
  return (
    <fieldset>
      <legend>Conditions, all of which a record meets</legend>
      {filter.rows.length === 0 && <p className="muted">None: every record is read.</p>}
      {filter.rows.map((row, i) => {
        const n = String(i + 1);
        return (
          <div className="setup-filter__row" key={i} data-testid="export-filter-row">
            <label className="field-label" htmlFor={`export-filter-field-${n}`}>
              Condition {n} field
              <select
                id={`export-filter-field-${n}`}
                className="input"
                value={row.field}
                onChange={(e) => {
                  setRow(i, { ...row, field: e.target.value });
                }}
              >
                <option value="">Choose a field…</option>
                {fields.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.label} ({f.name})
                  </option>
                ))}
              </select>
            </label>
            <label className="field-label" htmlFor={`export-filter-operator-${n}`}>
              Condition {n} operator
              <select
                id={`export-filter-operator-${n}`}
                className="input"
                value={row.operator}
                onChange={(e) => {
                  if (isOperator(e.target.value)) setRow(i, { ...row, operator: e.target.value });
                }}
              >
                {OPERATORS.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
            <label className="field-label" htmlFor={`export-filter-value-${n}`}>
              Condition {n} value
              <input
                id={`export-filter-value-${n}`}
                className="input"
                placeholder={row.operator === 'IN' ? 'a, b, c' : ''}
                value={row.value}
                onChange={(e) => {
                  setRow(i, { ...row, value: e.target.value });
                }}
              />
            </label>
            <button
              type="button"
              className="button button--small"
              aria-label={`Remove condition ${n}`}
              onClick={() => {
                onChange({ ...filter, rows: filter.rows.filter((_, j) => j !== i) });
              }}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        id="export-filter-add"
        className="button button--small"
        onClick={() => {
          onChange({ ...filter, rows: [...filter.rows, { field: '', operator: '=', value: '' }] });
        }}
      >
        Add condition
      </button>
      <p className="setup-wrap">
        Condition: <code data-testid="export-condition">{conditionOf(filter.rows, fields)}</code>
      </p>
    </fieldset>
  );
}

function Check({ object, condition, checked }: Omit<Props, 'fields' | 'filter' | 'onChange'>) {
  if (condition === '') {
    return <p className="muted">No filter: every {object} record is read.</p>;
  }
  if (checked === null) return <p className="muted">Checking the query…</p>;
  if (checked.answer === null) return <ErrorBox error={checked.error} />;
  const { soql, problem } = checked.answer;
  return (
    <div data-testid="export-filter-check">
      <h4 className="setup-subtitle">Query</h4>
      <pre className="setup-pre" data-testid="export-soql">
        {soql}
      </pre>
      {problem === undefined ? (
        <p className="status status--valid">The query is valid</p>
      ) : (
        <div className="failure" role="alert">
          <code className="badge badge--error">{problem.code}</code>
          <pre className="setup-pre">{problem.message}</pre>
        </div>
      )}
    </div>
  );
}

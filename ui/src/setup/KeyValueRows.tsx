// Query parameters or headers as key/value rows, each removable, with a button to add one.
import type { Row } from './draft';

interface Props {
  /** `params` or `headers`: the rows' ids are `setup-<id>-key-<n>`. */
  id: string;
  /** "Query parameters", "Headers". */
  legend: string;
  /** "parameter", "header": named in the buttons. */
  noun: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
}

export function KeyValueRows({ id, legend, noun, rows, onChange }: Props) {
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  const set = (index: number, row: Row) => {
    onChange(rows.map((r, i) => (i === index ? row : r)));
  };
  return (
    <fieldset className="setup-rows">
      <legend>{legend}</legend>
      {rows.length === 0 && <p className="muted">None.</p>}
      {rows.map((row, i) => {
        const n = String(i + 1);
        return (
          <div className="setup-rows__row" key={i} data-testid={`setup-${id}-row`}>
            <label className="field-label">
              {title} {n} name
              <input
                id={`setup-${id}-key-${n}`}
                className="input"
                value={row.key}
                onChange={(e) => {
                  set(i, { ...row, key: e.target.value });
                }}
              />
            </label>
            <label className="field-label">
              {title} {n} value
              <input
                id={`setup-${id}-value-${n}`}
                className="input"
                value={row.value}
                onChange={(e) => {
                  set(i, { ...row, value: e.target.value });
                }}
              />
            </label>
            <button
              type="button"
              className="button button--small"
              aria-label={`Remove ${noun} ${n}`}
              onClick={() => {
                onChange(rows.filter((_, j) => j !== i));
              }}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        id={`setup-${id}-add`}
        className="button button--small"
        onClick={() => {
          onChange([...rows, { key: '', value: '' }]);
        }}
      >
        Add {noun}
      </button>
    </fieldset>
  );
}

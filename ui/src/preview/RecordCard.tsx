// One previewed record: its status, each mapped field with its value, and the errors and
// warnings next to the field they are about.
import { referenceText } from '../components/reference';
import type { FieldIssue, RecordPreview } from '../types';

interface FieldRow {
  field: string;
  /** Whether the output record has this field (an issue can name one it lacks). */
  sent: boolean;
  value: unknown;
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

/** The output fields in mapping order, then any field that only an issue names. */
function fieldRows(record: RecordPreview): FieldRow[] {
  const rows = new Map<string, FieldRow>();
  for (const [field, value] of Object.entries(record.fields)) {
    rows.set(field, { field, sent: true, value, errors: [], warnings: [] });
  }
  const rowFor = (field: string): FieldRow => {
    let row = rows.get(field);
    if (row === undefined) {
      row = { field, sent: false, value: undefined, errors: [], warnings: [] };
      rows.set(field, row);
    }
    return row;
  };
  for (const issue of record.errors) rowFor(issue.field).errors.push(issue);
  for (const issue of record.warnings) rowFor(issue.field).warnings.push(issue);
  return [...rows.values()];
}

/** A mapped value as JSON, the way it will be sent (`"Ada"`, `12`, `null`); other objects
 * are indented. */
function formatValue(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'object' && value !== null
    ? JSON.stringify(value, null, 2)
    : JSON.stringify(value);
}

/** A value as the card shows it: a lookup by external ID in words (its JSON on hover),
 * anything else as JSON. */
function Value({ value }: { value: unknown }) {
  const reference = referenceText(value);
  if (reference !== null) {
    return (
      <code className="reference" title={JSON.stringify(value)} data-testid="reference">
        {reference}
      </code>
    );
  }
  return <code>{formatValue(value)}</code>;
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

export function RecordCard({ record }: { record: RecordPreview }) {
  const valid = record.errors.length === 0;
  const headingId = `record-${String(record.index)}-heading`;
  const status = valid
    ? 'Valid'
    : `Invalid · ${plural(record.errors.length, 'error')}`;

  return (
    <article
      className={`record ${valid ? 'record--valid' : 'record--invalid'}`}
      data-testid={`record-${String(record.index)}`}
      aria-labelledby={headingId}
    >
      <header className="record__header">
        <h2 className="record__title" id={headingId}>
          Record {record.index + 1}
          <span className="record__index"> · index {record.index}</span>
        </h2>
        <span
          className={`status ${valid ? 'status--valid' : 'status--invalid'}`}
          data-testid="record-status"
        >
          {status}
          {record.warnings.length > 0 && ` · ${plural(record.warnings.length, 'warning')}`}
        </span>
      </header>
      <table className="fields">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">Issues</th>
          </tr>
        </thead>
        <tbody>
          {fieldRows(record).map((row) => (
            <tr
              key={row.field}
              data-field={row.field}
              className={row.errors.length > 0 ? 'fields__row--error' : undefined}
            >
              <th scope="row" className="fields__name">
                {row.field === '' ? <span className="muted">(record)</span> : row.field}
              </th>
              <td className="fields__value">
                {row.sent ? (
                  <Value value={row.value} />
                ) : (
                  <span className="muted">not sent</span>
                )}
              </td>
              <td className="fields__issues">
                {row.errors.length + row.warnings.length > 0 && (
                  <ul className="issues">
                    {row.errors.map((issue, i) => (
                      <li key={`e${String(i)}`} className="issue issue--error">
                        <span className="visually-hidden">Error: </span>
                        <span className="badge badge--error" data-testid="error-code">
                          {issue.code}
                        </span>
                        <span className="issue__message" data-testid="error-message">
                          {issue.message}
                        </span>
                      </li>
                    ))}
                    {row.warnings.map((issue, i) => (
                      <li key={`w${String(i)}`} className="issue issue--warning">
                        <span className="visually-hidden">Warning: </span>
                        <span className="badge badge--warning" data-testid="warning-code">
                          {issue.code}
                        </span>
                        <span className="issue__message" data-testid="warning-message">
                          {issue.message}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

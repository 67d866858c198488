// One row side by side: for every compared field, what a sync would write (the source,
// mapped) and what the target holds, the fields that differ highlighted. The diff keeps
// only the values of the fields that differ; the others are marked as equal.
import { classLabel, valueText } from './classes';
import type { DiffRowView } from './diffBackend';

const EXPLAIN: Record<string, string> = {
  missing_in_target: 'The target has no record with this key: a sync would create it.',
  missing_in_source: 'The source has no record with this key: a sync has nothing to send.',
  deleted_in_source:
    'The source deleted this record and the target still has it: a sync with deletes on deletes it.',
  same: 'Every compared field holds the same value.',
};

export function RecordSideBySide({
  row,
  fields,
  onClose,
}: {
  row: DiffRowView;
  /** The compared target fields, in mapping order. */
  fields: string[];
  onClose: () => void;
}) {
  const changes = new Map(row.changes.map((c) => [c.field, c]));
  // Fields the diff names but the field list does not (it should not happen) still show.
  const names = [...fields, ...row.changes.map((c) => c.field).filter((f) => !fields.includes(f))];
  const explain = EXPLAIN[row.class];
  return (
    <section className="diff-record" aria-labelledby="diff-record-title" data-testid="diff-record">
      <div className="screen__header">
        <h3 id="diff-record-title" className="screen__title">
          {row.key} — {classLabel(row.class)}
          {row.accepted && ' (accepted)'}
        </h3>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </div>
      {row.targetId !== null && (
        <p className="muted">
          Target record <code>{row.targetId}</code>
        </p>
      )}
      {explain !== undefined && <p>{explain}</p>}
      {(row.class === 'different' || row.class === 'pending' || row.changes.length > 0) && (
        <table className="fields diff-record__fields" aria-label={`${row.key} side by side`}>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Source (a sync would write)</th>
              <th scope="col">Target (the org holds)</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const change = changes.get(name);
              return (
                <tr
                  key={name}
                  data-testid="diff-field"
                  data-field={name}
                  data-changed={change === undefined ? 'false' : 'true'}
                  className={change === undefined ? undefined : 'diff-field--changed'}
                >
                  <th scope="row">
                    <code>{name}</code>
                    {change !== undefined && <span className="visually-hidden"> (differs)</span>}
                  </th>
                  {change === undefined ? (
                    <td colSpan={2} className="muted">
                      equal on both sides
                    </td>
                  ) : (
                    <>
                      <td data-testid="diff-source">
                        <mark>{valueText(change.source)}</mark>
                      </td>
                      <td data-testid="diff-target">
                        <mark>{valueText(change.target)}</mark>
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

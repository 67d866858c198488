// The live preview: the mapped records as a table (virtualised, so thousands of rows scroll
// smoothly), each invalid cell marked with its code and message on hover and focus, and the
// valid/invalid summary.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { referenceText } from '../components/reference';
import type { FieldError, PreviewReport, RecordPreview } from '../types';

const ROW_HEIGHT = 30;

/** The columns: every output field and every field an issue names, in first-seen order. */
export function previewColumns(report: PreviewReport): string[] {
  const seen = new Set<string>();
  for (const record of report.records) {
    for (const key of Object.keys(record.fields)) seen.add(key);
    for (const issue of record.errors) seen.add(issue.field);
    for (const issue of record.warnings) seen.add(issue.field);
  }
  return [...seen];
}

/** A cell's text: a lookup by external ID in words, a string as it is, else JSON. */
function cellText(value: unknown): string {
  if (value === undefined) return '';
  return referenceText(value) ?? (typeof value === 'string' ? value : JSON.stringify(value));
}

function Cell({ record, field }: { record: RecordPreview; field: string }) {
  const errors: FieldError[] = record.errors.filter((e) => e.field === field);
  const warnings: FieldError[] = record.warnings.filter((e) => e.field === field);
  const sent = field in record.fields;
  const state = errors.length > 0 ? 'invalid' : warnings.length > 0 ? 'warning' : 'valid';
  const issues = [...errors, ...warnings].map((e) => `${e.code}: ${e.message}`).join('\n');
  // A reference reads in words; its JSON, as sent, is on hover.
  const value = record.fields[field];
  const sentAs = referenceText(value) === null ? undefined : JSON.stringify(value);
  return (
    <td
      className={`cell cell--${state}`}
      data-testid={`cell-${String(record.index)}-${field}`}
      data-state={state}
      data-code={errors[0]?.code ?? warnings[0]?.code ?? ''}
      title={issues === '' ? sentAs : issues}
      tabIndex={issues === '' ? undefined : 0}
      aria-label={issues === '' ? undefined : `${cellText(record.fields[field])} — ${issues}`}
    >
      {sent ? cellText(record.fields[field]) : <span className="muted">not sent</span>}
      {errors[0] !== undefined && <span className="cell__code">{errors[0].code}</span>}
    </td>
  );
}

export function PreviewTable({ report }: { report: PreviewReport }) {
  const scroller = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => previewColumns(report), [report]);
  // TanStack Virtual returns fresh functions on each render; nothing here memoises them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: report.records.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // A few rows past each edge: enough for smooth scrolling, few enough that a new preview
    // renders quickly (every rendered row is rebuilt on each edit).
    overscan: 4,
    initialRect: { width: 1000, height: 400 },
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div className="preview-table" ref={scroller} data-testid="preview-table">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">#</th>
            {columns.map((c) => (
              <th scope="col" key={c} data-testid={`column-${c}`}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr aria-hidden="true" style={{ height: before }}>
              <td colSpan={columns.length + 1} />
            </tr>
          )}
          {items.map((item) => {
            const record = report.records[item.index];
            if (record === undefined) return null;
            const valid = record.errors.length === 0;
            return (
              <tr
                key={record.index}
                data-testid={`row-${String(record.index)}`}
                className={valid ? 'grid__row' : 'grid__row grid__row--invalid'}
                style={{ height: ROW_HEIGHT }}
              >
                <th scope="row" className={valid ? 'status--valid' : 'status--invalid'}>
                  {record.index + 1}
                </th>
                {columns.map((c) => (
                  <Cell key={c} record={record} field={c} />
                ))}
              </tr>
            );
          })}
          {after > 0 && (
            <tr aria-hidden="true" style={{ height: after }}>
              <td colSpan={columns.length + 1} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

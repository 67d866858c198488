// The diff's rows as a virtualised table (a diff can have many thousands of rows): a
// checkbox to select each row, its key (which opens the side-by-side view), class, the
// fields that differ and the target's Id. Scrolling near the end asks for the next page.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { classLabel } from './classes';
import type { DiffRowView } from './diffBackend';

const ROW_HEIGHT = 32;

export function DiffTable({
  rows,
  total,
  selected,
  focused,
  onToggle,
  onToggleAll,
  onFocus,
  onNearEnd,
}: {
  rows: DiffRowView[];
  /** Rows matching the filter, loaded or not. */
  total: number;
  selected: ReadonlySet<string>;
  focused: string | null;
  onToggle: (key: string) => void;
  onToggleAll: (select: boolean) => void;
  onFocus: (key: string) => void;
  /** The user scrolled close to the last loaded row while more remain. */
  onNearEnd: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // TanStack Virtual returns fresh functions on each render; nothing here memoises them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    initialRect: { width: 1000, height: 420 },
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (rows.length < total && last >= rows.length - 10) onNearEnd();
  }, [last, rows.length, total, onNearEnd]);
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key));

  return (
    <div className="diff-table" ref={scroller} data-testid="diff-table">
      <table className="grid" aria-label="Diff rows" aria-rowcount={total + 1}>
        <thead>
          <tr>
            <th scope="col" className="diff-table__check">
              <input
                type="checkbox"
                aria-label="Select all loaded rows"
                checked={allSelected}
                onChange={(e) => {
                  onToggleAll(e.target.checked);
                }}
              />
            </th>
            <th scope="col">Key</th>
            <th scope="col">Class</th>
            <th scope="col">Fields that differ</th>
            <th scope="col">Target Id</th>
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr aria-hidden="true" style={{ height: before }}>
              <td colSpan={5} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) return null;
            const isFocused = row.key === focused;
            return (
              <tr
                key={row.key}
                data-testid="diff-row"
                data-key={row.key}
                data-class={row.class}
                data-accepted={row.accepted ? 'true' : 'false'}
                aria-rowindex={item.index + 2}
                aria-selected={isFocused}
                className={`grid__row diff-row diff-row--${row.class}${isFocused ? ' diff-row--focused' : ''}`}
                style={{ height: ROW_HEIGHT }}
              >
                <td className="diff-table__check">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.key}`}
                    checked={selected.has(row.key)}
                    onChange={() => {
                      onToggle(row.key);
                    }}
                  />
                </td>
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Show ${row.key} side by side`}
                    onClick={() => {
                      onFocus(row.key);
                    }}
                  >
                    {row.key}
                  </button>
                </th>
                <td>
                  <span className={`badge diff-badge diff-badge--${row.class}`}>
                    {classLabel(row.class)}
                  </span>
                  {row.accepted && <span className="badge badge--ok">Accepted</span>}
                </td>
                <td data-testid="diff-row-fields">{row.changes.map((c) => c.field).join(', ')}</td>
                <td>
                  <code>{row.targetId ?? ''}</code>
                </td>
              </tr>
            );
          })}
          {after > 0 && (
            <tr aria-hidden="true" style={{ height: after }}>
              <td colSpan={5} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

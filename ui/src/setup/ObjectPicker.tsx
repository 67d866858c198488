// An org's objects as a list to pick one from, searched by label or API name: the import's
// target and the export's source both choose their object with it. The list is a listbox of
// option buttons, not a <select size>: a click, Enter or Space on a row picks it in every
// webview (WebKitWebDriver's clicks on a list box's rows sent no change event). Up and Down
// (and Home, End) move between the rows, Down from the search box enters the list; the list
// scrolls within its own bounded box.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ObjectSummary } from './setupBackend';

/** The objects whose label or API name holds `search`, case-insensitively. */
export function matching(objects: ObjectSummary[], search: string): ObjectSummary[] {
  const wanted = search.trim().toLowerCase();
  if (wanted === '') return objects;
  return objects.filter(
    (o) => o.name.toLowerCase().includes(wanted) || o.label.toLowerCase().includes(wanted),
  );
}

/** The row `key` moves to from row `from` of `count` rows; null: the key moves nowhere. */
export function rowAfterKey(key: string, from: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, count - 1);
    case 'ArrowUp':
      return Math.max(from - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

interface Props {
  /** The list's id; the search box's is `<id>-search`, each row's `<id>-option-<name>`. */
  id: string;
  objects: ObjectSummary[];
  value: string;
  onChoose: (object: string) => void;
}

export function ObjectPicker({ id, objects, value, onChoose }: Props) {
  const [search, setSearch] = useState('');
  const shown = matching(objects, search);
  const chosen = shown.findIndex((o) => o.name === value);
  // The row Tab lands on: the chosen one while it is shown, else the first.
  const tabStop = chosen >= 0 ? chosen : 0;

  const list = useRef<HTMLDivElement>(null);
  const rows = () =>
    Array.from(list.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? []);
  const focusRow = (index: number) => {
    rows()[index]?.focus();
  };

  const onListKey = (e: KeyboardEvent) => {
    const from = rows().findIndex((r) => r === document.activeElement);
    const to = rowAfterKey(e.key, from < 0 ? tabStop : from, shown.length);
    if (to === null) return;
    e.preventDefault();
    focusRow(to);
  };

  return (
    <div className="setup-grid">
      <label className="field-label setup-grid__wide" htmlFor={`${id}-search`}>
        Search objects by label or API name
        <input
          id={`${id}-search`}
          className="input"
          type="search"
          placeholder="Invoice"
          aria-controls={id}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' || shown.length === 0) return;
            e.preventDefault();
            focusRow(tabStop);
          }}
        />
      </label>
      <div className="field-label setup-grid__wide">
        <span id={`${id}-label`}>
          Object ({shown.length} of {objects.length})
        </span>
        <div
          id={id}
          ref={list}
          role="listbox"
          aria-labelledby={`${id}-label`}
          className="setup-objects"
          onKeyDown={onListKey}
        >
          {shown.map((o, i) => {
            const selected = o.name === value;
            return (
              <button
                key={o.name}
                type="button"
                role="option"
                id={`${id}-option-${o.name}`}
                data-object={o.name}
                aria-selected={selected}
                tabIndex={i === tabStop ? 0 : -1}
                className={selected ? 'setup-object setup-object--selected' : 'setup-object'}
                title={`${o.label} (${o.name})`}
                onClick={() => {
                  if (!selected) onChoose(o.name);
                }}
              >
                {o.label} ({o.name})
              </button>
            );
          })}
        </div>
        {shown.length === 0 && (
          <span className="muted">
            {objects.length === 0
              ? 'The org has no objects to offer.'
              : 'No object matches the search.'}
          </span>
        )}
      </div>
    </div>
  );
}

// An org's objects as a list to pick one from, searched by label or API name: the import's
// target and the export's source both choose their object with it.
import { useState } from 'react';
import type { ObjectSummary } from './setupBackend';

/** The objects whose label or API name holds `search`, case-insensitively. */
export function matching(objects: ObjectSummary[], search: string): ObjectSummary[] {
  const wanted = search.trim().toLowerCase();
  if (wanted === '') return objects;
  return objects.filter(
    (o) => o.name.toLowerCase().includes(wanted) || o.label.toLowerCase().includes(wanted),
  );
}

interface Props {
  /** The list's id; the search box's is `<id>-search`. */
  id: string;
  objects: ObjectSummary[];
  value: string;
  onChoose: (object: string) => void;
}

export function ObjectPicker({ id, objects, value, onChoose }: Props) {
  const [search, setSearch] = useState('');
  const shown = matching(objects, search);
  return (
    <div className="setup-grid">
      <label className="field-label setup-grid__wide" htmlFor={`${id}-search`}>
        Search objects by label or API name
        <input
          id={`${id}-search`}
          className="input"
          type="search"
          placeholder="Invoice"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
          }}
        />
      </label>
      <label className="field-label setup-grid__wide" htmlFor={id}>
        Object ({shown.length} of {objects.length})
        <select
          id={id}
          className="input setup-objects"
          size={8}
          value={value}
          onChange={(e) => {
            onChoose(e.target.value);
          }}
        >
          {shown.map((o) => (
            <option key={o.name} value={o.name}>
              {o.label} ({o.name})
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

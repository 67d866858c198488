// A connection picked by name, as every step of the guided flows offers it: each shown with
// its URL, and "Choose a connection…" until one is.
import type { ConnectionView } from '../bindings/ConnectionView';

export function ConnectionSelect({
  id,
  label,
  connections,
  value,
  onChange,
  className = 'field-label',
}: {
  id: string;
  label: string;
  connections: ConnectionView[];
  value: string;
  onChange: (name: string) => void;
  className?: string;
}) {
  return (
    <label className={className} htmlFor={id}>
      {label}
      <select
        id={id}
        className="input"
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      >
        <option value="">Choose a connection…</option>
        {connections.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} ({c.url})
          </option>
        ))}
      </select>
    </label>
  );
}

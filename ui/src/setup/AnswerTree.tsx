// An API's answer as a collapsible tree: objects and arrays open and close, scalars show as
// JSON. Each level lists at most `limit` entries and says how many more there are, so a large
// answer stays quick to draw; nested levels are drawn only once opened.
import { useState } from 'react';

/** Entries listed per level before "n more". */
export const TREE_LIMIT = 200;

type Container = unknown[] | Record<string, unknown>;

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function entriesOf(value: Container): [string, unknown][] {
  return Array.isArray(value)
    ? value.map((v, i): [string, unknown] => [String(i), v])
    : Object.entries(value);
}

function sizeOf(value: Container): string {
  return Array.isArray(value)
    ? `[${String(value.length)} ${value.length === 1 ? 'item' : 'items'}]`
    : `{${String(Object.keys(value).length)} ${Object.keys(value).length === 1 ? 'key' : 'keys'}}`;
}

export function AnswerTree({ value, limit = TREE_LIMIT }: { value: unknown; limit?: number }) {
  return (
    <div className="setup-tree" data-testid="setup-tree">
      {isContainer(value) ? (
        <Entries value={value} depth={0} limit={limit} />
      ) : (
        <Scalar value={value} />
      )}
    </div>
  );
}

function Entries({ value, depth, limit }: { value: Container; depth: number; limit: number }) {
  const entries = entriesOf(value);
  const hidden = entries.length - limit;
  return (
    <ul className="setup-tree__level">
      {entries.slice(0, limit).map(([key, v]) => (
        <Node key={key} name={key} value={v} depth={depth} limit={limit} />
      ))}
      {hidden > 0 && (
        <li className="muted" data-testid="setup-tree-more">
          {String(hidden)} more
        </li>
      )}
      {entries.length === 0 && <li className="muted">empty</li>}
    </ul>
  );
}

interface NodeProps {
  name: string;
  value: unknown;
  depth: number;
  limit: number;
}

function Node({ name, value, depth, limit }: NodeProps) {
  // The first level starts open: it is where the records usually are.
  const [open, setOpen] = useState(depth === 0);
  if (!isContainer(value)) {
    return (
      <li className="setup-tree__leaf">
        <span className="setup-tree__key">{name}:</span> <Scalar value={value} />
      </li>
    );
  }
  return (
    <li>
      <button
        type="button"
        className="setup-tree__toggle"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>{' '}
        <span className="setup-tree__key">{name}</span> <span className="muted">{sizeOf(value)}</span>
      </button>
      {open && <Entries value={value} depth={depth + 1} limit={limit} />}
    </li>
  );
}

function Scalar({ value }: { value: unknown }) {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  const kind = value === null ? 'null' : typeof value;
  return <code className={`setup-tree__value setup-tree__value--${kind}`}>{text}</code>;
}

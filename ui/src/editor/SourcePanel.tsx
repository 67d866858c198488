// The source panel: the sample (pasted or opened from a path), where its records are, and
// every leaf path of the records with its inferred type and a sample value. A path is dragged
// (pointer events) or picked with Enter, then dropped on a target field.
import { useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { ApiError, SourceOutline } from '../types';

export interface SourcePanelProps {
  sample: string;
  recordsPath: string;
  outline: SourceOutline | ApiError | null;
  /** Paths used by the mapping, marked in the list. */
  mapped: Set<string>;
  picked: string | null;
  onSample: (text: string) => void;
  onRecordsPath: (path: string) => void;
  onOpenSample: (path: string) => void;
  onDragStart: (path: string, event: ReactPointerEvent) => void;
  onPick: (path: string | null) => void;
  onScroll: () => void;
}

function isError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'code' in value;
}

function depth(path: string): number {
  return path.startsWith('$') ? 0 : (path.match(/[.[]/g) ?? []).length;
}

export function SourcePanel(props: SourcePanelProps) {
  const { outline } = props;
  const [filePath, setFilePath] = useState('');
  return (
    <section className="panel" aria-labelledby="source-heading">
      <h2 id="source-heading" className="panel__title">
        Source
      </h2>
      <details className="panel__details">
        <summary>Sample response</summary>
        <label className="field-label">
          Paste JSON
          <textarea
            className="input input--code"
            rows={6}
            value={props.sample}
            onChange={(e) => {
              props.onSample(e.target.value);
            }}
            aria-label="Sample JSON"
          />
        </label>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            props.onOpenSample(filePath);
          }}
        >
          <input
            className="input"
            placeholder="/path/to/sample.json, .csv or .xlsx"
            aria-label="Sample file path"
            value={filePath}
            onChange={(e) => {
              setFilePath(e.target.value);
            }}
          />
          <button type="submit" className="button">
            Open sample
          </button>
        </form>
      </details>
      <label className="field-label row">
        Records path
        <input
          className="input"
          aria-label="Records path"
          value={props.recordsPath}
          placeholder="$.data"
          onChange={(e) => {
            props.onRecordsPath(e.target.value);
          }}
        />
        <span className="muted" data-testid="records-count">
          {outline !== null && !isError(outline)
            ? `${String(outline.records)} record${outline.records === 1 ? '' : 's'}`
            : ''}
        </span>
      </label>
      {isError(outline) && (
        <p className="inline-error" role="alert" data-testid="source-error">
          {outline.message}
        </p>
      )}
      <ul className="tree" aria-label="Source paths" onScroll={props.onScroll} data-scroll="source">
        {outline !== null &&
          !isError(outline) &&
          outline.fields.map((field) => (
            <li
              key={field.path}
              className={`tree__row${props.picked === field.path ? ' tree__row--picked' : ''}${
                props.mapped.has(field.path) ? ' tree__row--mapped' : ''
              }`}
              style={{ paddingLeft: `${String(0.5 + depth(field.path))}rem` }}
              data-testid="source-row"
              data-source-path={field.path}
              tabIndex={0}
              aria-label={`${field.path}, ${field.kind}${props.picked === field.path ? ', picked' : ''}`}
              onPointerDown={(e) => {
                if (e.button !== 0) return;
                e.preventDefault();
                props.onDragStart(field.path, e);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  props.onPick(props.picked === field.path ? null : field.path);
                }
              }}
            >
              <span className="tree__path">{field.path}</span>
              <span className="kind">{field.kind}</span>
              <span className="tree__sample" title={field.sample}>
                {field.sample}
              </span>
            </li>
          ))}
      </ul>
    </section>
  );
}

// The target panel: the fields of the target object with label, API name, type, length,
// required and external ID badges and, on expand, picklist values. Searchable; read-only
// fields are hidden unless asked for. A source path dropped on a row maps it.
import { useState } from 'react';
import type { ApiError, TargetField, TargetObject } from '../types';

export interface TargetPanelProps {
  target: TargetObject | ApiError | null;
  /** Targets the mapping writes (lower case), marked in the list. */
  mapped: Set<string>;
  /** The row under a dragged source. */
  hover: string | null;
  picked: string | null;
  onDropPicked: (field: string) => void;
  /** Reads another describe file (Salesforce's describe JSON) as the target. */
  onOpenDescribe: (path: string) => void;
  onScroll: () => void;
}

function isError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'code' in value;
}

function typeText(field: TargetField): string {
  return field.length === null ? field.fieldType : `${field.fieldType}(${String(field.length)})`;
}

export function TargetPanel(props: TargetPanelProps) {
  const [query, setQuery] = useState('');
  const [showReadOnly, setShowReadOnly] = useState(false);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [describePath, setDescribePath] = useState('');
  const { target } = props;
  const q = query.trim().toLowerCase();
  const fields =
    target === null || isError(target)
      ? []
      : target.fields.filter(
          (f) =>
            (showReadOnly || f.createable || f.updateable) &&
            (q === '' || f.name.toLowerCase().includes(q) || f.label.toLowerCase().includes(q)),
        );

  return (
    <section className="panel" aria-labelledby="target-heading">
      <h2 id="target-heading" className="panel__title">
        Target{target !== null && !isError(target) ? ` — ${target.label} (${target.name})` : ''}
      </h2>
      <details className="panel__details">
        <summary>Describe</summary>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            props.onOpenDescribe(describePath);
          }}
        >
          <input
            className="input"
            placeholder="/path/to/Contact.describe.json"
            aria-label="Describe file path"
            value={describePath}
            onChange={(e) => {
              setDescribePath(e.target.value);
            }}
          />
          <button type="submit" className="button" disabled={describePath === ''}>
            Open describe
          </button>
        </form>
      </details>
      <div className="row">
        <input
          className="input"
          type="search"
          placeholder="Search fields"
          aria-label="Search target fields"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={showReadOnly}
            onChange={(e) => {
              setShowReadOnly(e.target.checked);
            }}
          />
          Read-only
        </label>
      </div>
      {isError(target) && (
        <p className="inline-error" role="alert">
          {target.message}
        </p>
      )}
      <ul className="tree" aria-label="Target fields" onScroll={props.onScroll} data-scroll="target">
        {fields.map((field) => {
          const mapped = props.mapped.has(field.name.toLowerCase());
          const classes = ['tree__row', 'target'];
          if (mapped) classes.push('tree__row--mapped');
          if (props.hover === field.name) classes.push('tree__row--hover');
          const readOnly = !field.createable && !field.updateable;
          return (
            <li
              key={field.name}
              className={classes.join(' ')}
              data-testid="target-row"
              data-target-field={field.name}
              tabIndex={0}
              aria-label={`${field.label} (${field.name}), ${typeText(field)}${
                field.required ? ', required' : ''
              }${mapped ? ', mapped' : ''}`}
              onKeyDown={(e) => {
                if ((e.key === 'Enter' || e.key === ' ') && props.picked !== null) {
                  e.preventDefault();
                  props.onDropPicked(field.name);
                }
              }}
            >
              <div className="target__main">
                <span className="target__label">{field.label}</span>
                <code className="target__name">{field.name}</code>
                <span className="kind">{typeText(field)}</span>
                {field.required && <span className="badge badge--required">Required</span>}
                {field.externalId && <span className="badge badge--external">External ID</span>}
                {readOnly && <span className="badge">Read-only</span>}
                {field.picklistValues.length > 0 && (
                  <button
                    type="button"
                    className="link"
                    aria-expanded={expanded === field.name}
                    onPointerDown={(e) => {
                      e.stopPropagation();
                    }}
                    onClick={() => {
                      setExpanded(expanded === field.name ? null : field.name);
                    }}
                  >
                    {field.picklistValues.length} values
                  </button>
                )}
              </div>
              {expanded === field.name && (
                <ul className="picklist" aria-label={`${field.label} values`}>
                  {field.picklistValues.map((v) => (
                    <li key={v}>{v}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

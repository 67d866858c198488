// The list of field mappings: each row selected to edit its transforms, removed with its
// button or the Delete key, flagged with its problems; and the form that maps a constant.
import type { Dispatch, SetStateAction } from 'react';
import { isApiError, type ApiError, type MappingIssue, type TargetObject } from '../types';
import {
  addTransform,
  issuesAt,
  moveTransform,
  removeField,
  removeTransform,
  replaceTransform,
  setConstant,
  sourcesOf,
  type Mapping,
} from './model';
import { TransformEditor } from './TransformEditor';

function describeSource(field: Mapping['fields'][number]): string {
  const sources = sourcesOf(field);
  return sources.length === 0 ? `= ${JSON.stringify(field.value)}` : sources.join(' + ');
}

/** The constant form's two boxes, kept by the workspace across views. */
export interface ConstantDraft {
  target: string;
  value: string;
}

interface Props {
  mapping: Mapping;
  target: TargetObject | ApiError | null;
  issues: MappingIssue[];
  selected: number | null;
  onSelect: (index: number | null) => void;
  edit: (change: (m: Mapping) => Mapping) => void;
  constant: ConstantDraft;
  onConstant: Dispatch<SetStateAction<ConstantDraft>>;
}

export function MappingsPanel({
  mapping,
  target,
  issues,
  selected,
  onSelect,
  edit,
  constant,
  onConstant,
}: Props) {
  const selectedField = selected === null ? undefined : mapping.fields[selected];
  return (
    <section className="panel mappings" aria-labelledby="mappings-heading">
      <h2 id="mappings-heading" className="panel__title">
        Mappings ({mapping.fields.length})
      </h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (constant.target.trim() === '') return;
          let value: unknown = constant.value;
          try {
            value = JSON.parse(constant.value);
          } catch {
            // Plain text.
          }
          edit((m) => setConstant(m, constant.target.trim(), value));
          onConstant((c) => ({ ...c, value: '' }));
        }}
      >
        <input
          className="input"
          aria-label="Constant target field"
          placeholder="Field"
          list="target-names"
          value={constant.target}
          onChange={(e) => {
            const typed = e.target.value;
            onConstant((c) => ({ ...c, target: typed }));
          }}
        />
        <input
          className="input"
          aria-label="Constant value"
          placeholder="Value"
          value={constant.value}
          onChange={(e) => {
            const typed = e.target.value;
            onConstant((c) => ({ ...c, value: typed }));
          }}
        />
        <button type="submit" className="button">
          Set value
        </button>
        <datalist id="target-names">
          {target !== null &&
            !isApiError(target) &&
            target.fields.map((f) => <option key={f.name} value={f.name} />)}
        </datalist>
      </form>
      <ul className="mapping-list" aria-label="Field mappings">
        {mapping.fields.map((field, i) => {
          const count = issuesAt(issues, i).length;
          return (
            <li
              key={`${String(i)}-${field.target}`}
              className={`mapping-row${selected === i ? ' mapping-row--selected' : ''}${
                count > 0 ? ' mapping-row--bad' : ''
              }`}
              data-testid="mapping-row"
              data-target={field.target}
              tabIndex={0}
              aria-selected={selected === i}
              onClick={() => {
                onSelect(i);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Delete' || e.key === 'Backspace') {
                  e.preventDefault();
                  edit((m) => removeField(m, i));
                  onSelect(null);
                } else if (e.key === 'Enter') {
                  onSelect(i);
                }
              }}
            >
              <span className="mapping-row__text">
                <code>{describeSource(field)}</code> → <code>{field.target}</code>
                {(field.transforms?.length ?? 0) > 0 && (
                  <span className="kind">
                    {field.transforms?.length} transform
                    {field.transforms?.length === 1 ? '' : 's'}
                  </span>
                )}
                {count > 0 && <span className="badge badge--error">{count}</span>}
              </span>
              <button
                type="button"
                className="button button--small"
                aria-label={`Remove mapping to ${field.target}`}
                onClick={(e) => {
                  e.stopPropagation();
                  edit((m) => removeField(m, i));
                  onSelect(null);
                }}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {selectedField !== undefined && selected !== null && (
        <TransformEditor
          field={selectedField}
          index={selected}
          issues={issues}
          onAdd={(kind) => {
            edit((m) => addTransform(m, selected, kind));
          }}
          onRemove={(at) => {
            edit((m) => removeTransform(m, selected, at));
          }}
          onMove={(at, by) => {
            edit((m) => moveTransform(m, selected, at, by));
          }}
          onChange={(at, t) => {
            edit((m) => replaceTransform(m, selected, at, t));
          }}
        />
      )}
    </section>
  );
}

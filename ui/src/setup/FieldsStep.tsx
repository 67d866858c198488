// Export step 2, the fields: the object's fields as a checklist with a search box. A lookup
// opens onto its parent's fields (read from the parent's describe when first opened), which
// the query reaches through the relationship: `Account.Name`.
import { useState, type ReactNode } from 'react';
import type { TargetField } from '../bindings/TargetField';
import { ErrorBox } from '../components/ErrorBox';
import { toApiError, type ApiError } from '../types';
import { useSetupBackend, type TargetObject } from './setupBackend';

interface Props {
  connection: string;
  described: TargetObject;
  /** The chosen field paths, in the order chosen. */
  selected: string[];
  onChange: (selected: string[]) => void;
}

/** A parent's describe: loading, read, or why it could not be. */
type Parent = 'loading' | TargetObject | ApiError;

function holds(f: TargetField, search: string): boolean {
  return f.name.toLowerCase().includes(search) || f.label.toLowerCase().includes(search);
}

/** The lookup's relationship and the parent object, when a query can reach its fields. */
function parentOf(f: TargetField): { relationship: string; object: string } | null {
  const object = f.referenceTo[0];
  if (f.relationshipName === undefined || object === undefined) return null;
  return { relationship: f.relationshipName, object };
}

export function FieldsStep({ connection, described, selected, onChange }: Props) {
  const backend = useSetupBackend();
  const [search, setSearch] = useState('');
  const [parents, setParents] = useState<Record<string, Parent>>({});
  const [open, setOpen] = useState<string[]>([]);
  const wanted = search.trim().toLowerCase();

  const toggle = (path: string, on: boolean) => {
    onChange(on ? [...selected, path] : selected.filter((p) => p !== path));
  };

  const expand = (relationship: string, object: string) => {
    if (open.includes(relationship)) {
      setOpen(open.filter((r) => r !== relationship));
      return;
    }
    setOpen([...open, relationship]);
    const known = parents[object];
    if (known !== undefined && (known === 'loading' || 'fields' in known)) return;
    setParents((p) => ({ ...p, [object]: 'loading' }));
    backend.describeObject(connection, object).then(
      (d) => {
        setParents((p) => ({ ...p, [object]: d }));
      },
      (reason: unknown) => {
        setParents((p) => ({ ...p, [object]: toApiError(reason) }));
      },
    );
  };

  /** The parent's fields the search leaves, or null while it is not read. */
  const parentFields = (object: string): TargetField[] | null => {
    const parent = parents[object];
    if (parent === undefined || parent === 'loading' || !('fields' in parent)) return null;
    return parent.fields.filter((f) => holds(f, wanted));
  };

  const shown = described.fields.filter((f) => {
    if (holds(f, wanted)) return true;
    const parent = parentOf(f);
    return parent !== null && open.includes(parent.relationship)
      ? (parentFields(parent.object)?.length ?? 0) > 0
      : false;
  });

  const check = (id: string, path: string, label: string) => (
    <label className="check" htmlFor={id}>
      <input
        type="checkbox"
        id={id}
        checked={selected.includes(path)}
        onChange={(e) => {
          toggle(path, e.target.checked);
        }}
      />
      {label} ({path})
    </label>
  );

  return (
    <>
      <label className="field-label setup-narrow" htmlFor="export-field-search">
        Search fields by label or API name
        <input
          id="export-field-search"
          className="input"
          type="search"
          placeholder="Name"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
          }}
        />
      </label>
      <p className="muted" data-testid="export-field-count">
        {selected.length} of {described.label}'s fields chosen.
      </p>
      <ul className="setup-checklist" aria-label={`Fields of ${described.label}`}>
        {shown.map((f) => {
          const parent = parentOf(f);
          const opened = parent !== null && open.includes(parent.relationship);
          return (
            <li key={f.name}>
              <div className="setup-checklist__row">
                {check(`export-field-${f.name}`, f.name, f.label)}
                <span className="muted">{f.fieldType}</span>
                {parent !== null && (
                  <button
                    type="button"
                    id={`export-expand-${parent.relationship}`}
                    className="button button--small"
                    aria-expanded={opened}
                    onClick={() => {
                      expand(parent.relationship, parent.object);
                    }}
                  >
                    {opened ? 'Hide' : 'Show'} {parent.relationship} fields
                  </button>
                )}
              </div>
              {parent !== null && opened && (
                <ParentFields
                  relationship={parent.relationship}
                  state={parents[parent.object]}
                  fields={parentFields(parent.object)}
                  check={check}
                />
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

interface ParentProps {
  relationship: string;
  state: Parent | undefined;
  fields: TargetField[] | null;
  check: (id: string, path: string, label: string) => ReactNode;
}

function ParentFields({ relationship, state, fields, check }: ParentProps) {
  if (state === undefined || state === 'loading') {
    return <p className="muted">Reading the fields of {relationship}…</p>;
  }
  if (fields === null) return <ErrorBox error={'code' in state ? state : null} />;
  return (
    <ul className="setup-checklist__parent" aria-label={`Fields of ${relationship}`}>
      {fields.map((f) => (
        <li key={f.name}>
          {check(`export-field-${relationship}-${f.name}`, `${relationship}.${f.name}`, f.label)}
        </li>
      ))}
    </ul>
  );
}

// Step 5, the target: a Salesforce connection, one of its org's objects (searched by label or
// API name), the write to make and the external ID that matches records, offered from the
// object's external ID fields.
import { useRef, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import type { ConnectionView } from '../bindings/ConnectionView';
import { ConnectionSelect } from './ConnectionSelect';
import type { WriteOperation } from '../bindings/WriteOperation';
import { ErrorBox } from '../components/ErrorBox';
import { toApiError, type ApiError } from '../types';
import type { TargetDraft } from './draft';
import { ObjectPicker } from './ObjectPicker';
import { useSetupBackend, type ObjectSummary, type TargetObject } from './setupBackend';

/** The operations, upsert first: it is what a repeated import usually wants. */
const OPERATIONS: Record<WriteOperation, string> = {
  upsert: 'Upsert (insert, or update by external ID)',
  insert: 'Insert',
  update: 'Update',
  delete: 'Delete',
};

function isOperation(value: string): value is WriteOperation {
  return Object.hasOwn(OPERATIONS, value);
}

interface Props {
  connections: ConnectionView[];
  target: TargetDraft;
  onChange: Dispatch<SetStateAction<TargetDraft>>;
  described: TargetObject | null;
  onDescribed: (object: TargetObject | null) => void;
  /** In place of the external ID pick, once the object is described (an import from another
   * org matches on fields too). */
  match?: ReactNode;
  /** The connection's label. */
  label?: string;
}

export function TargetStep({
  connections,
  target,
  onChange,
  described,
  onDescribed,
  match,
  label = 'Salesforce connection',
}: Props) {
  const backend = useSetupBackend();
  const [objects, setObjects] = useState<ObjectSummary[] | null>(null);
  const [loading, setLoading] = useState<'objects' | 'fields' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The connection and object last chosen: an answer for an earlier one is dropped.
  const asked = useRef({ connection: '', object: '' });
  const orgs = connections.filter((c) => c.kind === 'salesforce');

  const chooseConnection = (connection: string) => {
    onChange({ ...target, connection, object: '', externalId: '' });
    onDescribed(null);
    setObjects(null);
    setError(null);
    asked.current = { connection, object: '' };
    if (connection === '') return;
    setLoading('objects');
    backend.listObjects(connection).then(
      (list) => {
        if (asked.current.connection !== connection) return;
        setObjects(list);
        setLoading(null);
      },
      (reason: unknown) => {
        if (asked.current.connection !== connection) return;
        setError(toApiError(reason));
        setLoading(null);
      },
    );
  };

  const chooseObject = (object: string) => {
    onChange({ ...target, object, externalId: '' });
    onDescribed(null);
    setError(null);
    setLoading('fields');
    const connection = target.connection;
    asked.current = { connection, object };
    const current = () => asked.current.connection === connection && asked.current.object === object;
    backend.describeObject(connection, object).then(
      (d) => {
        if (!current()) return;
        const ids = d.fields.filter((f) => f.externalId);
        // A single external ID is the one to match on.
        const only = ids.length === 1 ? (ids[0]?.name ?? '') : '';
        onChange((t) => ({ ...t, externalId: t.operation === 'insert' ? '' : only }));
        onDescribed(d);
        setLoading(null);
      },
      (reason: unknown) => {
        if (!current()) return;
        setError(toApiError(reason));
        setLoading(null);
      },
    );
  };

  return (
    <>
      <div className="setup-grid">
        <ConnectionSelect
          id="setup-org"
          label={label}
          connections={orgs}
          value={target.connection}
          onChange={chooseConnection}
        />
        <label className="field-label" htmlFor="setup-operation">
          Operation
          <select
            id="setup-operation"
            className="input"
            value={target.operation}
            onChange={(e) => {
              if (!isOperation(e.target.value)) return;
              const operation = e.target.value;
              onChange({
                ...target,
                operation,
                externalId: operation === 'insert' ? '' : target.externalId,
              });
            }}
          >
            {Object.entries(OPERATIONS).map(([operation, label]) => (
              <option key={operation} value={operation}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {orgs.length === 0 && (
        <p className="muted">No Salesforce connection yet: add one under Connections first.</p>
      )}
      {loading === 'objects' && <p className="muted">Reading the org's objects…</p>}
      {objects !== null && (
        <ObjectPicker
          id="setup-object"
          objects={objects}
          value={target.object}
          onChoose={chooseObject}
        />
      )}
      {loading === 'fields' && <p className="muted">Reading the fields of {target.object}…</p>}
      {described !== null &&
        target.operation !== 'insert' &&
        (match ?? <ExternalId target={target} described={described} onChange={onChange} />)}
      <ErrorBox error={error} />
    </>
  );
}

interface ExternalIdProps {
  target: TargetDraft;
  described: TargetObject;
  onChange: Dispatch<SetStateAction<TargetDraft>>;
}

function ExternalId({ target, described, onChange }: ExternalIdProps) {
  const ids = described.fields.filter((f) => f.externalId);
  const upsert = target.operation === 'upsert';
  if (ids.length === 0) {
    return (
      <p className={upsert ? 'inline-error' : 'muted'} data-testid="setup-no-external-id">
        {described.label} has no external ID field.{' '}
        {upsert
          ? 'An upsert needs one: mark a unique field as External ID in Salesforce, or insert instead.'
          : 'Records are matched on the Salesforce Id: map it in the mapping editor.'}
      </p>
    );
  }
  return (
    <label className="field-label setup-narrow" htmlFor="setup-external-id">
      External ID
      <select
        id="setup-external-id"
        className="input"
        value={target.externalId}
        onChange={(e) => {
          onChange({ ...target, externalId: e.target.value });
        }}
      >
        <option value="">
          {upsert ? 'Choose a field…' : 'None: the records carry the Salesforce Id'}
        </option>
        {ids.map((f) => (
          <option key={f.name} value={f.name}>
            {f.label} ({f.name})
          </option>
        ))}
      </select>
    </label>
  );
}

// Export step 1 (and an import's from another org), the source: a Salesforce connection and one of its org's objects that can be
// queried (searched by label or API name); choosing one reads its fields for the next steps.
import { useRef, useState } from 'react';
import type { ConnectionView } from '../bindings/ConnectionView';
import { ConnectionSelect } from './ConnectionSelect';
import { ErrorBox } from '../components/ErrorBox';
import { toApiError, type ApiError } from '../types';
import { ObjectPicker } from './ObjectPicker';
import { useSetupBackend, type ObjectSummary, type TargetObject } from './setupBackend';

export interface ExportSource {
  connection: string;
  object: string;
}

interface Props {
  connections: ConnectionView[];
  source: ExportSource;
  onChange: (source: ExportSource) => void;
  onDescribed: (object: TargetObject | null) => void;
  /** The ids' prefix (`export`: `export-org`, `export-object`) and the connection's label,
   * for a page that picks another org too. */
  id?: string;
  label?: string;
}

export function ExportSourceStep({
  connections,
  source,
  onChange,
  onDescribed,
  id = 'export',
  label = 'Salesforce connection',
}: Props) {
  const backend = useSetupBackend();
  const [objects, setObjects] = useState<ObjectSummary[] | null>(null);
  const [loading, setLoading] = useState<'objects' | 'fields' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The connection and object last chosen: an answer for an earlier one is dropped.
  const asked = useRef<ExportSource>({ connection: '', object: '' });
  const orgs = connections.filter((c) => c.kind === 'salesforce');

  const load = <T,>(work: Promise<T>, chosen: ExportSource, done: (value: T) => void) => {
    const current = () =>
      asked.current.connection === chosen.connection && asked.current.object === chosen.object;
    work.then(
      (value) => {
        if (!current()) return;
        done(value);
        setLoading(null);
      },
      (reason: unknown) => {
        if (!current()) return;
        setError(toApiError(reason));
        setLoading(null);
      },
    );
  };

  const chooseConnection = (connection: string) => {
    const chosen = { connection, object: '' };
    onChange(chosen);
    onDescribed(null);
    setObjects(null);
    setError(null);
    asked.current = chosen;
    if (connection === '') return;
    setLoading('objects');
    load(backend.listObjects(connection), chosen, (list) => {
      setObjects(list.filter((o) => o.queryable));
    });
  };

  const chooseObject = (object: string) => {
    const chosen = { connection: source.connection, object };
    onChange(chosen);
    onDescribed(null);
    setError(null);
    asked.current = chosen;
    setLoading('fields');
    load(backend.describeObject(chosen.connection, object), chosen, onDescribed);
  };

  return (
    <>
      <ConnectionSelect
        id={`${id}-org`}
        label={label}
        connections={orgs}
        value={source.connection}
        onChange={chooseConnection}
        className="field-label setup-narrow"
      />
      {orgs.length === 0 && (
        <p className="muted">No Salesforce connection yet: add one under Connections first.</p>
      )}
      {loading === 'objects' && <p className="muted">Reading the org's objects…</p>}
      {objects !== null && (
        <ObjectPicker
          id={`${id}-object`}
          objects={objects}
          value={source.object}
          onChoose={chooseObject}
        />
      )}
      {loading === 'fields' && <p className="muted">Reading the fields of {source.object}…</p>}
      <ErrorBox error={error} />
    </>
  );
}

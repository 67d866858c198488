// "New export option": a guided page from a Salesforce object to a saved export option. The
// option is saved inactive; once what it would send has been previewed it can be activated.
import { useCallback, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { useLoaded } from '../components/useLoaded';
import { useSyncBackend } from '../sync/syncBackend';
import { toApiError, type ApiError } from '../types';
import {
  defaultCursor,
  emptyExportIncremental,
  emptyExportTarget,
  emptyFilter,
  exportOption,
  filterCondition,
  missingForExport,
  type ExportDrafts,
} from './exportDraft';
import { ExportPreview } from './ExportPreview';
import { ExportRecordsStep } from './ExportRecordsStep';
import { ExportSourceStep, type ExportSource } from './ExportSourceStep';
import { ExportTargetStep } from './ExportTargetStep';
import { FieldsStep } from './FieldsStep';
import { FilterStep, useFilterCheck } from './FilterStep';
import { MappingStep } from './MappingStep';
import type { TargetObject } from './setupBackend';
import { NameAndSave } from './NameAndSave';
import { SetupPage, Step } from './Step';
import './setup.css';

interface Props {
  onSaved: (name: string) => void;
  onCancel: () => void;
}

/** The option as last saved: its name, and its document as text without `active`, to tell
 * when the drafts changed since. */
interface Saved {
  name: string;
  text: string;
}

export function NewExportOption({ onSaved, onCancel }: Props) {
  const sync = useSyncBackend();
  const connections = useLoaded(useCallback(() => sync.listConnections(), [sync]));
  const [source, setSource] = useState<ExportSource>({ connection: '', object: '' });
  const [described, setDescribed] = useState<TargetObject | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const [filter, setFilter] = useState(emptyFilter);
  const [limit, setLimit] = useState('');
  const [incremental, setIncremental] = useState(emptyExportIncremental);
  const [target, setTarget] = useState(emptyExportTarget);
  const [keys, setKeys] = useState<Record<string, string>>({});
  const [name, setName] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  // Counts the saves: each one starts the preview again.
  const [saves, setSaves] = useState(0);
  const [active, setActive] = useState(false);

  const objectFields = described?.fields ?? [];
  const condition = filterCondition(filter, objectFields);
  const checked = useFilterCheck(source.connection, source.object, condition);
  const refused = checked?.answer?.problem !== undefined;

  const drafts: ExportDrafts = {
    name: name ?? (source.object === '' ? '' : `${source.object} export`),
    connection: source.connection,
    object: source.object,
    where: condition,
    limit,
    incremental,
    target,
    fields,
    keys,
  };
  const needed = missingForExport(drafts, refused);
  const text = JSON.stringify(exportOption(drafts, false));
  const changed = saved !== null && saved.text !== text;

  const describedAs = (object: TargetObject | null) => {
    setDescribed(object);
    // Exports are usually keyed by the record's Id (`{{Id}}` in a path).
    setFields(object?.fields.some((f) => f.name === 'Id') ? ['Id'] : []);
    setFilter(emptyFilter);
    // Another object has other fields: its own cursor is proposed.
    setIncremental((i) => ({ ...i, cursor: defaultCursor(object?.fields ?? []) }));
    setKeys({});
  };

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    const document = exportOption(drafts, active);
    try {
      await sync.saveOption(saved?.name ?? null, document);
      setSaved({ name: document.name, text });
      setSaves((n) => n + 1);
    } catch (reason) {
      setSaveError(toApiError(reason));
    }
    setSaving(false);
  };

  const list = connections.value ?? [];
  return (
    <SetupPage page="export" title="New export option" onCancel={onCancel}>
      <ErrorBox error={connections.error} />
      <Step page="export" n={1} title="Source">
        <ExportSourceStep
          connections={list}
          source={source}
          onChange={setSource}
          onDescribed={describedAs}
        />
      </Step>
      <Step page="export" n={2} title="Fields">
        {described === null ? (
          <ChooseObject />
        ) : (
          <FieldsStep
            key={`${source.connection}/${described.name}`}
            connection={source.connection}
            described={described}
            selected={fields}
            onChange={setFields}
          />
        )}
      </Step>
      <Step page="export" n={3} title="Filter, limit and incremental (optional)">
        {described === null ? (
          <ChooseObject />
        ) : (
          <>
            <FilterStep
              object={described.name}
              fields={objectFields}
              filter={filter}
              onChange={setFilter}
              condition={condition}
              checked={checked}
            />
            <ExportRecordsStep
              label={described.label}
              fields={objectFields}
              limit={limit}
              onLimit={setLimit}
              incremental={incremental}
              onIncremental={setIncremental}
            />
          </>
        )}
      </Step>
      <Step page="export" n={4} title="Target">
        <ExportTargetStep connections={list} target={target} onChange={setTarget} />
      </Step>
      <Step page="export" n={5} title="Mapping">
        <MappingStep fields={fields} keys={keys} onChange={setKeys} />
      </Step>
      <Step page="export" n={6} title="Name, save and preview">
        <NameAndSave
          page="export"
          name={drafts.name}
          placeholder="Account export"
          onName={setName}
          needed={needed}
          error={saveError}
          disabled={saving || (saved !== null && !changed)}
          label={saving ? 'Saving…' : saved === null ? 'Save inactive' : 'Save again'}
          onSave={() => {
            void save();
          }}
        />
        {saved !== null && (
          <ExportPreview
            key={saves}
            option={saved.name}
            changed={changed}
            active={active}
            onActivated={() => {
              setActive(true);
            }}
            onDone={() => {
              onSaved(saved.name);
            }}
          />
        )}
      </Step>
    </SetupPage>
  );
}

function ChooseObject() {
  return <p className="muted">Choose the object first.</p>;
}

// "New import option" from another Salesforce org: the source org's object and an optional
// filter (the export flow's steps), the target org's object, the write and how its records are
// matched (an external ID, or fields such as Email), sample records read from the source org,
// then name and save: saving auto-maps the sample's fields onto the target's, so the option
// opens in the mapping editor mapped.
import { useCallback, useState, type ReactNode } from 'react';
import type { EditorInput } from '../bindings/EditorInput';
import type { OrgSample } from '../bindings/OrgSample';
import { useBackend } from '../backend';
import { ErrorBox } from '../components/ErrorBox';
import { useLoaded } from '../components/useLoaded';
import { useSyncBackend } from '../sync/syncBackend';
import { toApiError, type ApiError } from '../types';
import { emptyTarget, mappingFrom } from './draft';
import { ExportSourceStep, type ExportSource } from './ExportSourceStep';
import { emptyFilter, filterCondition } from './exportDraft';
import { FilterStep, useFilterCheck } from './FilterStep';
import { MatchStep } from './MatchStep';
import { NameAndSave } from './NameAndSave';
import {
  missingForOrgImport,
  orgImportOption,
  orgSuggestions,
  proposedMatch,
  type OrgImportDrafts,
} from './orgDraft';
import { useSetupBackend, type TargetObject } from './setupBackend';
import { SetupPage, Step } from './Step';
import { TargetStep } from './TargetStep';

/** The records the mapping step reads from the source org. */
export const SAMPLE_RECORDS = 20;

interface Props {
  /** The page's first controls: the choice between an API and an org. */
  from: ReactNode;
  onSaved: (name: string) => void;
  onCancel: () => void;
}

export function NewOrgImport({ from, onSaved, onCancel }: Props) {
  const sync = useSyncBackend();
  const setup = useSetupBackend();
  const editor = useBackend();
  const connections = useLoaded(useCallback(() => sync.listConnections(), [sync]));
  const [source, setSource] = useState<ExportSource>({ connection: '', object: '' });
  const [sourceDescribed, setSourceDescribed] = useState<TargetObject | null>(null);
  const [filter, setFilter] = useState(emptyFilter);
  const [target, setTarget] = useState(emptyTarget);
  const [described, setDescribed] = useState<TargetObject | null>(null);
  const [matchOn, setMatchOn] = useState<string[]>([]);
  const [sample, setSample] = useState<{ asked: string; answer: OrgSample } | null>(null);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<ApiError | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  const condition = filterCondition(filter, sourceDescribed?.fields ?? []);
  const checked = useFilterCheck(source.connection, source.object, condition);
  const refused = checked?.answer?.problem !== undefined;
  // The query the sample on screen answers: a sample of another query is read again.
  const asked = JSON.stringify([source.connection, source.object, condition]);
  const fresh = sample !== null && sample.asked === asked ? sample.answer : null;

  const drafts: Omit<OrgImportDrafts, 'mapping'> = {
    name: name ?? (target.object === '' ? '' : `${target.object} from ${source.connection}`),
    source,
    where: condition,
    target,
    matchOn,
  };
  const needed = missingForOrgImport(drafts, {
    sourceDescribed: sourceDescribed !== null,
    filterRefused: refused,
    sampled: fresh !== null,
    targetDescribed: described !== null,
  });

  const readSample = () => {
    setReading(true);
    setReadError(null);
    const question = asked;
    setup
      .orgSample(source.connection, source.object, condition === '' ? undefined : condition, SAMPLE_RECORDS)
      .then(
        (answer) => {
          setSample({ asked: question, answer });
          setReading(false);
        },
        (reason: unknown) => {
          setReadError(toApiError(reason));
          setReading(false);
        },
      );
  };

  const save = async (records: unknown[], fields: TargetObject, object: TargetObject) => {
    setSaving(true);
    setSaveError(null);
    try {
      // No record in the source yet: its fields, empty, are enough to match names on.
      const shown = records.length > 0 ? records : [Object.fromEntries(fields.fields.map((f) => [f.name, null]))];
      const input: EditorInput = {
        mapping: { fields: [] },
        sample: JSON.stringify(shown),
        recordsPath: null,
        describe: await setup.describeObjectJson(target.connection, object.name),
        operation: target.operation === 'delete' ? 'update' : target.operation,
        // Lookups by their parents' fields (`Account.Name`), never by the source org's Ids.
        sourceIsOrg: true,
      };
      const suggestions = await editor.suggestMapping(input);
      const mapping = mappingFrom(orgSuggestions(suggestions.fields, object));
      const document = orgImportOption({ ...drafts, mapping });
      await sync.saveOption(null, document);
      onSaved(document.name);
    } catch (reason) {
      setSaveError(toApiError(reason));
      setSaving(false);
    }
  };

  const list = connections.value ?? [];
  const matching = target.operation === 'update' || target.operation === 'upsert';
  return (
    <SetupPage page="setup" title="New import option" onCancel={onCancel}>
      <ErrorBox error={connections.error} />
      <Step page="setup" n={1} title="Source">
        {from}
        <ExportSourceStep
          id="org-source"
          label="Source org"
          connections={list}
          source={source}
          onChange={(s) => {
            setSource(s);
            setFilter(emptyFilter);
          }}
          onDescribed={setSourceDescribed}
        />
      </Step>
      <Step page="setup" n={2} title="Filter (optional)">
        {sourceDescribed === null ? (
          <p className="muted">Choose the source object first.</p>
        ) : (
          <FilterStep
            object={sourceDescribed.name}
            fields={sourceDescribed.fields}
            filter={filter}
            onChange={setFilter}
            condition={condition}
            checked={checked}
          />
        )}
      </Step>
      <Step page="setup" n={3} title="Target">
        <TargetStep
          label="Target org"
          connections={list}
          target={target}
          onChange={setTarget}
          described={described}
          onDescribed={(d) => {
            setDescribed(d);
            const proposed = d === null ? { externalId: '', matchOn: [] } : proposedMatch(d);
            setMatchOn(proposed.matchOn);
            if (d !== null) {
              setTarget((t) => ({
                ...t,
                externalId: t.operation === 'insert' ? '' : proposed.externalId,
              }));
            }
          }}
          match={
            matching && described !== null ? (
              <MatchStep
                key={described.name}
                target={target}
                described={described}
                matchOn={matchOn}
                onExternalId={(externalId) => {
                  setTarget((t) => ({ ...t, externalId }));
                }}
                onMatchOn={setMatchOn}
              />
            ) : undefined
          }
        />
      </Step>
      <Step page="setup" n={4} title="Sample records and mapping">
        {sourceDescribed === null ? (
          <p className="muted">Choose the source object first.</p>
        ) : (
          <>
            <div className="setup-actions">
              <button
                type="button"
                id="org-sample"
                className="button"
                disabled={reading || refused}
                onClick={readSample}
              >
                {reading ? 'Reading…' : `Read sample ${sourceDescribed.label} records`}
              </button>
            </div>
            <ErrorBox error={readError} />
            {sample !== null && fresh === null && (
              <p className="inline-error">The filter changed since the sample was read: read it again.</p>
            )}
            {fresh !== null && <SampleFields sample={fresh} />}
          </>
        )}
      </Step>
      <Step page="setup" n={5} title="Name and save">
        <NameAndSave
          page="setup"
          name={drafts.name}
          placeholder="Contact from production"
          onName={setName}
          needed={needed}
          error={saveError}
          disabled={saving}
          label={saving ? 'Saving…' : 'Save and auto-map'}
          onSave={() => {
            if (fresh !== null && sourceDescribed !== null && described !== null) {
              void save(fresh.records, sourceDescribed, described);
            }
          }}
        />
      </Step>
    </SetupPage>
  );
}

/** The sample's fields: the source side the mapping is made from. */
function SampleFields({ sample }: { sample: OrgSample }) {
  const n = sample.records.length;
  return (
    <>
      <p className="muted" data-testid="org-sample-count">
        {n === 1 ? '1 record' : `${String(n)} records`} read, with {sample.fields.length} fields.
        Saving maps them onto the target&apos;s fields by name (lookups and Ids left out: they
        hold the source org&apos;s Ids).
      </p>
      <pre className="setup-pre" data-testid="org-sample-soql">
        {sample.soql}
      </pre>
      <table className="fields setup-table" aria-label="Source fields">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Sample value</th>
          </tr>
        </thead>
        <tbody>
          {sample.fields.map((f) => (
            <tr key={f.path}>
              <td>
                <code>{f.path}</code>
              </td>
              <td>{f.kind}</td>
              <td>{f.sample}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

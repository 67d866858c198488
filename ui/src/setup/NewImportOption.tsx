// "New import option": a guided page from an HTTP API's answer to a saved import option (or,
// chosen first, from another Salesforce org: NewOrgImport). Each numbered step builds on the
// sample fetched in the first; saving auto-maps the sample's records onto the target object's
// fields, so the option opens in the mapping editor mapped.
import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { EditorInput } from '../bindings/EditorInput';
import type { Paging } from '../bindings/Paging';
import { useBackend } from '../backend';
import { ErrorBox } from '../components/ErrorBox';
import { useLoaded } from '../components/useLoaded';
import { useSyncBackend } from '../sync/syncBackend';
import { toApiError, type ApiError } from '../types';
import {
  emptyIncremental,
  emptySource,
  emptyTarget,
  importOption,
  mappingFrom,
  missing,
  sampleRequest,
  type Drafts,
  type SampleState,
  type SourceDraft,
} from './draft';
import { IncrementalStep } from './IncrementalStep';
import { PagingForm, type PagesSeen } from './PagingForm';
import { RecordsStep } from './RecordsStep';
import { useSetupBackend, type SampleReport, type TargetObject } from './setupBackend';
import { SourceStep } from './SourceStep';
import { NameAndSave } from './NameAndSave';
import { NewOrgImport } from './NewOrgImport';
import { SetupPage, Step } from './Step';
import { TargetStep } from './TargetStep';
import './setup.css';

/** Which fetch is under way or failed: the first sample, another records path, next pages. */
type FetchKind = 'sample' | 'records' | 'pages';

interface Props {
  onSaved: (name: string) => void;
  onCancel: () => void;
}

/** Where a new import reads: an HTTP API, or another Salesforce org. */
type From = 'api' | 'org';

function FromChoice({ from, onChange }: { from: From; onChange: (from: From) => void }) {
  return (
    <div role="radiogroup" aria-label="Read records" className="setup-grid">
      <label className="check setup-check">
        <input
          type="radio"
          name="setup-from"
          checked={from === 'api'}
          onChange={() => {
            onChange('api');
          }}
        />{' '}
        From an API
      </label>
      <label className="check setup-check">
        <input
          type="radio"
          name="setup-from"
          checked={from === 'org'}
          onChange={() => {
            onChange('org');
          }}
        />{' '}
        From a Salesforce org
      </label>
    </div>
  );
}

export function NewImportOption({ onSaved, onCancel }: Props) {
  const [from, setFrom] = useState<From>('api');
  const choice = <FromChoice from={from} onChange={setFrom} />;
  if (from === 'org') return <NewOrgImport from={choice} onSaved={onSaved} onCancel={onCancel} />;
  return <NewApiImport from={choice} onSaved={onSaved} onCancel={onCancel} />;
}

function NewApiImport({ from, onSaved, onCancel }: Props & { from: ReactNode }) {
  const sync = useSyncBackend();
  const setup = useSetupBackend();
  const editor = useBackend();
  const connections = useLoaded(useCallback(() => sync.listConnections(), [sync]));
  const [source, setSource] = useState(emptySource);
  const [report, setReport] = useState<SampleReport | null>(null);
  const [paging, setPaging] = useState<Paging>({ type: 'none' });
  // Bumped when the paging is taken from a new answer, so the form starts again from it.
  const [pagingKey, setPagingKey] = useState(0);
  const [seen, setSeen] = useState<PagesSeen | null>(null);
  const [fetching, setFetching] = useState<FetchKind | null>(null);
  const [fetchError, setFetchError] = useState<{ kind: FetchKind; error: ApiError } | null>(null);
  const [incremental, setIncremental] = useState(emptyIncremental);
  const [target, setTarget] = useState(emptyTarget);
  const [described, setDescribed] = useState<TargetObject | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  // The request the sample on screen answers, to tell when the source was edited since.
  const [fetchedFor, setFetchedFor] = useState<string | null>(null);
  const requestNow = asked(source);
  // Numbers each fetch: only the last one's answer is shown.
  const lastFetch = useRef(0);

  const fetchSample = (kind: FetchKind, chosen: Parameters<typeof sampleRequest>[1]) => {
    setFetchError(null);
    let request;
    try {
      request = sampleRequest(source, chosen);
    } catch (reason) {
      setFetchError({ kind, error: toApiError(reason) });
      return;
    }
    const key = requestNow;
    const number = ++lastFetch.current;
    setFetching(kind);
    setup.fetchSample(request).then(
      (answer) => {
        if (number !== lastFetch.current) return;
        setFetching(null);
        if (kind === 'pages') {
          setSeen({ pages: answer.pages, problem: answer.problem });
          return;
        }
        setReport(answer);
        setFetchedFor(key);
        setPaging(answer.paging);
        setPagingKey((k) => k + 1);
        setSeen(null);
      },
      (reason: unknown) => {
        if (number !== lastFetch.current) return;
        setFetching(null);
        setFetchError({ kind, error: toApiError(reason) });
      },
    );
  };
  const errorOf = (kind: FetchKind) => (fetchError?.kind === kind ? fetchError.error : null);

  const suggestedName = target.object === '' ? '' : `${target.object} import`;
  const drafts: Omit<Drafts, 'mapping'> = {
    name: name ?? suggestedName,
    source,
    recordsPath: report?.recordsPath,
    paging,
    incremental,
    target,
  };
  const sample: SampleState =
    report === null ? 'none' : fetchedFor === requestNow ? 'fresh' : 'stale';
  const needed = missing(drafts, sample, described !== null);

  const save = async (answer: SampleReport, object: TargetObject) => {
    setSaving(true);
    setSaveError(null);
    try {
      const input: EditorInput = {
        mapping: { fields: [] },
        sample: JSON.stringify(answer.records),
        recordsPath: null,
        // The org's describe as it sent it: restricted picklists and number precision
        // decide the transforms auto-map proposes.
        describe: await setup.describeObjectJson(target.connection, object.name),
        // Auto-map matches fields whatever the write; a delete's records are matched as an
        // update's are.
        operation: target.operation === 'delete' ? 'update' : target.operation,
      };
      const suggestions = await editor.suggestMapping(input);
      const document = importOption({ ...drafts, mapping: mappingFrom(suggestions.fields) });
      await sync.saveOption(null, document);
      onSaved(document.name);
    } catch (reason) {
      setSaveError(toApiError(reason));
      setSaving(false);
    }
  };

  const list = connections.value ?? [];
  return (
    <SetupPage page="setup" title="New import option" onCancel={onCancel}>
      <ErrorBox error={connections.error} />
      <Step page="setup" n={1} title="Source">
        {from}
        <SourceStep
          connections={list}
          source={source}
          onChange={setSource}
          onFetch={() => {
            fetchSample('sample', {});
          }}
          fetching={fetching !== null}
          report={report}
        />
        {sample === 'stale' && (
          <p className="inline-error" data-testid="setup-stale">
            The request changed since the sample was fetched: fetch it again.
          </p>
        )}
        <ErrorBox error={errorOf('sample')} />
      </Step>
      <Step page="setup" n={2} title="Records">
        {report === null ? (
          <FetchFirst />
        ) : (
          <RecordsStep
            report={report}
            fetching={fetching !== null}
            onChoose={(recordsPath) => {
              fetchSample('records', { recordsPath });
            }}
          />
        )}
        <ErrorBox error={errorOf('records')} />
      </Step>
      <Step page="setup" n={3} title="Paging">
        {report === null ? (
          <FetchFirst />
        ) : (
          <PagingForm
            key={pagingKey}
            paging={paging}
            onChange={setPaging}
            reason={report.pagingReason}
            fetching={fetching !== null}
            seen={seen}
            onNextPage={() => {
              fetchSample('pages', { recordsPath: report.recordsPath, paging, pages: 2 });
            }}
          />
        )}
        <ErrorBox error={errorOf('pages')} />
      </Step>
      <Step page="setup" n={4} title="Incremental (optional)">
        {report === null ? (
          <FetchFirst />
        ) : (
          <IncrementalStep
            fields={report.fields}
            method={source.method}
            incremental={incremental}
            onChange={setIncremental}
          />
        )}
      </Step>
      <Step page="setup" n={5} title="Target">
        <TargetStep
          connections={list}
          target={target}
          onChange={setTarget}
          described={described}
          onDescribed={setDescribed}
        />
      </Step>
      <Step page="setup" n={6} title="Name and save">
        <NameAndSave
          page="setup"
          name={drafts.name}
          placeholder="Invoice__c import"
          onName={setName}
          needed={needed}
          error={saveError}
          disabled={saving}
          label={saving ? 'Saving…' : 'Save and auto-map'}
          onSave={() => {
            if (report !== null && described !== null) void save(report, described);
          }}
        />
      </Step>
    </SetupPage>
  );
}

/** The request as it would be sent, as text; null while the body is no JSON. */
function asked(source: SourceDraft): string | null {
  try {
    return JSON.stringify(sampleRequest(source));
  } catch {
    return null;
  }
}

function FetchFirst() {
  return <p className="muted">Fetch a sample first.</p>;
}

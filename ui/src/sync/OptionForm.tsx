// The detail form of one option: every setting as a typed field, checked by the service as it
// is typed (each problem under its field), or the whole document as JSON for those who want it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import type { ImportSource } from '../bindings/ImportSource';
import '../setup/setup.css';
import {
  useSyncBackend,
  type ConnectionView,
  type HttpSource,
  type MappingIssue,
  type SalesforceSource,
  type SyncOption,
} from './syncBackend';
import {
  CheckField,
  ProblemList,
  ProblemsContext,
  TextField,
  claims,
  optional,
} from './optionFields';
import { HTTP_SOURCE_POINTERS, HttpSourceFields } from './OptionImportFields';
import {
  DeletesFields,
  GuardFields,
  SALESFORCE_TARGET_POINTERS,
  SalesforceTargetFields,
  WatchFields,
} from './OptionImportTarget';
import { EXPORT_POINTERS, ExportTargetFields } from './OptionExportFields';
import { SALESFORCE_SOURCE_POINTERS, SalesforceSourceFields } from './OptionSalesforceFields';
import { INCREMENTAL_POINTERS, IncrementalFields, NotifyFields } from './OptionCommonFields';

/** How long typing pauses before the option is checked. */
const CHECK_DELAY_MS = 400;

/** The pointers the form shows problems at, for the option as it stands. */
function shownPointers(doc: SyncOption): string[] {
  const common = ['/name', '/description', '/active'];
  if (doc.incremental !== undefined) common.push(...INCREMENTAL_POINTERS);
  if (doc.notify !== undefined) common.push('/notify');
  if (doc.direction === 'export') return [...common, ...EXPORT_POINTERS];
  const source = doc.source;
  if (isOrgSource(source)) return [...common, ...SALESFORCE_SOURCE_POINTERS, ...target(doc)];
  return [...common, ...HTTP_SOURCE_POINTERS, ...target(doc)].filter(
    (p) => p !== '/source/body' || source.method === 'POST',
  );
}

/** An import's target pointers, as its section shows them. */
function target(doc: SyncOption & { direction: 'import' }): string[] {
  return SALESFORCE_TARGET_POINTERS.filter(
    (p) =>
      (!p.startsWith('/watch') || doc.watch !== undefined) &&
      (p !== '/target/matchOn' || doc.target.matchOn !== undefined),
  );
}

/** Whether an import reads another Salesforce org: its source names an object and no path
 * (as crates/model reads it). */
export function isOrgSource(source: ImportSource): source is SalesforceSource {
  return 'object' in source && !('path' in source);
}

/** The source an import starts from when its kind is switched in the form. */
function emptySourceOf(kind: 'api' | 'org'): ImportSource {
  if (kind === 'org') return { connection: '', object: '', api: 'auto' };
  const http: HttpSource = {
    connection: '',
    method: 'GET',
    path: '',
    params: {},
    headers: {},
    paging: { type: 'none' },
    maxPages: 100,
    maxPageBytes: 5 * 1024 * 1024,
  };
  return http;
}

const SOURCE_KINDS = { api: 'An HTTP API', org: 'A Salesforce org' };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Enough of an option's shape for the form to show it; the service checks the rest. */
function looksLikeOption(v: unknown): v is SyncOption {
  return (
    isObject(v) &&
    (v.direction === 'import' || v.direction === 'export') &&
    isObject(v.source) &&
    isObject(v.target)
  );
}

export function OptionForm({
  option,
  original,
  onSave,
  onCancel,
}: {
  option: SyncOption;
  /** The saved option's name; null for a new one. */
  original: string | null;
  onSave: (doc: SyncOption) => Promise<void>;
  onCancel: () => void;
}) {
  const backend = useSyncBackend();
  const [doc, setDoc] = useState(option);
  const [checked, setChecked] = useState<MappingIssue[]>([]);
  const [own, setOwn] = useState<Record<string, string>>({});
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  const [json, setJson] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Forms remount from the document when the JSON view is left.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    backend.listConnections().then(
      (list) => {
        if (live) setConnections(list);
      },
      // Without the list, each select still offers the connection the option names.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [backend]);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      backend.checkOption(original, doc).then(
        (issues) => {
          if (live) setChecked(issues);
        },
        (reason: unknown) => {
          if (live) setError(toApiError(reason));
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [backend, original, doc]);

  const report = useCallback((pointer: string, message: string | null) => {
    setOwn((o) => {
      const rest = Object.fromEntries(Object.entries(o).filter(([p]) => p !== pointer));
      return message === null ? rest : { ...rest, [pointer]: message };
    });
  }, []);
  const shown = useMemo(() => shownPointers(doc), [doc]);
  const problems = useMemo(
    () => ({
      issues: [
        // A box's own problem goes with the box (a POST body when the method becomes GET).
        ...Object.entries(own)
          .filter(([pointer]) => shown.some((p) => claims(p, pointer)))
          .map(([pointer, message]) => ({ pointer, message })),
        ...checked,
      ],
      report,
    }),
    [own, checked, report, shown],
  );
  const elsewhere = problems.issues.filter((i) => !shown.some((p) => claims(p, i.pointer)));
  const blocked = json === null && problems.issues.length > 0;

  const fromJson = (text: string): SyncOption | null => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (reason) {
      setError({
        code: 'INVALID_JSON',
        message: `The JSON could not be read: ${reason instanceof Error ? reason.message : String(reason)}`,
      });
      return null;
    }
    if (!looksLikeOption(value)) {
      setError({
        code: 'INVALID_JSON',
        message: 'The JSON is not an option: an object with a direction, a source and a target.',
      });
      return null;
    }
    return value;
  };

  return (
    <form
      aria-label={`Option ${option.name}`}
      className="screen setup"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        const out = json === null ? doc : fromJson(json);
        if (out === null || blocked) return;
        onSave(out).catch((reason: unknown) => {
          setError(toApiError(reason));
        });
      }}
    >
      <div className="screen__header">
        <h3 className="screen__title">Option {option.name}</h3>
        <button
          type="button"
          className="button"
          aria-pressed={json !== null}
          onClick={() => {
            setError(null);
            if (json === null) {
              setJson(JSON.stringify(doc, null, 2));
              return;
            }
            const read = fromJson(json);
            if (read === null) return;
            setDoc(read);
            setOwn({});
            setGeneration((g) => g + 1);
            setJson(null);
          }}
        >
          JSON
        </button>
      </div>
      {json !== null ? (
        <label className="field-label">
          The option as JSON
          <textarea
            className="input"
            rows={24}
            spellCheck={false}
            value={json}
            onChange={(e) => {
              setJson(e.target.value);
            }}
          />
        </label>
      ) : (
        <ProblemsContext value={problems}>
          {elsewhere.length > 0 && (
            <div role="status" data-testid="option-problems">
              <ProblemList
                issues={elsewhere.map((i) => ({
                  ...i,
                  message: i.pointer === '' ? i.message : `${i.pointer}: ${i.message}`,
                }))}
              />
            </div>
          )}
          <div key={generation}>
            <fieldset>
              <legend>Option</legend>
              <div className="setup-grid">
                <TextField
                  pointer="/name"
                  label="Name"
                  value={doc.name}
                  onChange={(name) => {
                    setDoc((d) => ({ ...d, name }));
                  }}
                />
                <TextField
                  pointer="/description"
                  label="Description"
                  wide
                  value={doc.description}
                  onChange={(t) => {
                    setDoc((d) => ({ ...d, description: optional(t) }));
                  }}
                />
              </div>
              <CheckField
                label="Active: runs of all options include it"
                checked={doc.active}
                onChange={(active) => {
                  setDoc((d) => ({ ...d, active }));
                }}
              />
            </fieldset>
            <Sections doc={doc} setDoc={setDoc} connections={connections} />
            <IncrementalFields
              incremental={doc.incremental}
              set={(incremental) => {
                setDoc((d) => ({ ...d, incremental }));
              }}
            />
            <NotifyFields
              notify={doc.notify}
              exporting={doc.direction === 'export'}
              set={(notify) => {
                setDoc((d) => ({ ...d, notify }));
              }}
            />
          </div>
        </ProblemsContext>
      )}
      <ErrorBox error={error} />
      <div className="row">
        <button type="submit" className="button" disabled={blocked}>
          Save option
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The source and target of the option's direction, and an import's guard and folder. */
function Sections({
  doc,
  setDoc,
  connections,
}: {
  doc: SyncOption;
  setDoc: (update: (d: SyncOption) => SyncOption) => void;
  connections: ConnectionView[];
}) {
  if (doc.direction === 'export') {
    return (
      <>
        <SalesforceSourceFields
          source={doc.source}
          connections={connections}
          set={(source) => {
            setDoc((d) => (d.direction === 'export' ? { ...d, source } : d));
          }}
        />
        <ExportTargetFields
          target={doc.target}
          connections={connections}
          set={(target) => {
            setDoc((d) => (d.direction === 'export' ? { ...d, target } : d));
          }}
        />
      </>
    );
  }
  const setSource = (source: ImportSource) => {
    setDoc((d) => (d.direction === 'import' ? { ...d, source } : d));
  };
  const org = isOrgSource(doc.source);
  return (
    <>
      <fieldset>
        <legend>Reads from</legend>
        <div className="setup-grid">
          <label className="field-label" htmlFor="option-source-kind">
            Source
            <select
              id="option-source-kind"
              className="input"
              value={org ? 'org' : 'api'}
              onChange={(e) => {
                const kind = e.target.value === 'org' ? 'org' : 'api';
                if (kind !== (org ? 'org' : 'api')) setSource(emptySourceOf(kind));
              }}
            >
              {Object.entries(SOURCE_KINDS).map(([kind, text]) => (
                <option key={kind} value={kind}>
                  {text}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      {isOrgSource(doc.source) ? (
        <SalesforceSourceFields
          // A switched source starts its boxes again.
          key="org"
          source={doc.source}
          connections={connections}
          set={setSource}
        />
      ) : (
        <HttpSourceFields key="api" source={doc.source} connections={connections} set={setSource} />
      )}
      <SalesforceTargetFields
        target={doc.target}
        connections={connections}
        set={(target) => {
          setDoc((d) => (d.direction === 'import' ? { ...d, target } : d));
        }}
      />
      <DeletesFields
        deletes={doc.deletes}
        set={(deletes) => {
          setDoc((d) => (d.direction === 'import' ? { ...d, deletes } : d));
        }}
      />
      <GuardFields
        guard={doc.guard}
        set={(guard) => {
          setDoc((d) => (d.direction === 'import' ? { ...d, guard } : d));
        }}
      />
      <WatchFields
        watch={doc.watch}
        set={(watch) => {
          setDoc((d) => (d.direction === 'import' ? { ...d, watch } : d));
        }}
      />
    </>
  );
}

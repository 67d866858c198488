// The mapping workspace: one screen where a mapping is built by dragging source paths of a
// real sample onto fields of a real describe, with transforms, a JSON view, auto-map, undo
// and a live preview. Opens on the bundled demo. All mapping edits go through model.ts; the
// screen's parts are hooks (history, live preview, drag to map, unsaved guard, file) and
// components (toolbar, suggestion bar, mappings, preview pane) beside this file.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useBackend } from '../backend';
import {
  isApiError,
  toApiError,
  type ApiError,
  type EditorInput,
  type TestReport,
} from '../types';
import { ConfirmDialog } from './ConfirmDialog';
import { MappingsPanel, type ConstantDraft } from './MappingsPanel';
import {
  addTestCase,
  dropSource,
  mappingText,
  recordsOf,
  removeTestCase,
  sourcesOf,
  testsOf,
  toFullForm,
} from './model';
import { PreviewPane, type PreviewTab } from './PreviewPane';
import { SourcePanel } from './SourcePanel';
import { SuggestionBar, useAutoMap } from './SuggestionBar';
import { TargetPanel } from './TargetPanel';
import { recordLabel, TestsPanel } from './TestsPanel';
import { Toolbar, type MappingView, type Operation } from './Toolbar';
import { useDragToMap } from './useDragToMap';
import { useLivePreview, useSourceOutline, useTargetObject } from './useLivePreview';
import { useMappingFile, type MappingDestination } from './useMappingFile';
import { useMappingHistory } from './useMappingHistory';
import { useParentCheck, type CheckParents } from './useParentCheck';
import { useUnsavedGuard } from './useUnsavedGuard';

export { PREVIEW_DEBOUNCE_MS } from './useLivePreview';

// CodeMirror is only loaded when the JSON view is first opened, not on start.
const JsonView = lazy(() => import('./JsonView').then((m) => ({ default: m.JsonView })));

/** `into`: where the mapping is saved when it is not a file's (an option's mapping);
 * `checkParents`: looks the preview's lookups by external ID up in an org (an option's
 * editor), each one it lacks an error in the preview; `operation`: the write the records
 * are checked for first (an option's own), `null` when there is none to choose (an export
 * writes JSON: the records are checked as new ones). */
export function Workspace({
  into,
  checkParents,
  operation: initialOperation,
}: { into?: MappingDestination; checkParents?: CheckParents; operation?: Operation | null } = {}) {
  const backend = useBackend();
  const [loaded, setLoaded] = useState<'loading' | 'ready' | ApiError>('loading');
  const [operation, setOperation] = useState<Operation>(initialOperation ?? (initialOperation === null ? 'insert' : 'upsert'));
  const chooseOperation = initialOperation !== null;
  const [selected, setSelected] = useState<number | null>(null);
  const [view, setView] = useState<MappingView>('visual');
  const [previewTab, setPreviewTab] = useState<PreviewTab>('table');
  const [constant, setConstant] = useState<ConstantDraft>({ target: '', value: '' });
  const [testResult, setTestResult] = useState<TestReport | ApiError | null>(null);
  const [testsRunning, setTestsRunning] = useState(false);
  /** The encoding the opened sample file was read in (shown, so a wrong reading shows). */
  const [sampleEncoding, setSampleEncoding] = useState<string | null>(null);
  const [showTests, setShowTests] = useState(false);
  const doc = useMappingHistory();
  const { history, edit, change, restart } = doc;
  const { mapping, sample, recordsPath, describe } = history.present;
  const ready = loaded === 'ready';
  const guard = useUnsavedGuard(backend, mapping);
  const { markSaved } = guard;

  // The bundled demo, on opening.
  useEffect(() => {
    let current = true;
    backend.demoWorkspace().then(
      (demo) => {
        if (!current) return;
        try {
          const full = toFullForm(JSON.parse(demo.mapping));
          restart(() => ({
            mapping: full,
            sample: demo.sample,
            recordsPath: demo.recordsPath,
            describe: demo.describe,
          }));
          markSaved(mappingText(full));
          setLoaded('ready');
        } catch (error) {
          setLoaded(toApiError(error));
        }
      },
      (reason: unknown) => {
        if (current) setLoaded(toApiError(reason));
      },
    );
    return () => {
      current = false;
    };
  }, [backend, restart, markSaved]);

  const [outline, setOutline] = useSourceOutline(backend, ready, sample, recordsPath);
  const [target, setTarget] = useTargetObject(backend, ready, describe);

  const input: EditorInput = useMemo(
    () => ({
      mapping,
      sample,
      recordsPath: recordsPath.trim() === '' ? null : recordsPath,
      describe: describe === '' ? null : describe,
      operation,
    }),
    [mapping, sample, recordsPath, describe, operation],
  );
  const { report, previewError, issues } = useLivePreview(backend, ready, input, doc.lastEdit);
  const parents = useParentCheck(checkParents, report);

  const { board, drag, hover, picked, setPicked, startDrag, lines, relayout } = useDragToMap({
    mapping, edit,
    drawn: view === 'visual',
    outline,
    target,
  });
  const autoMap = useAutoMap(backend, edit);
  const file = useMappingFile({
    backend,
    mapping,
    onOpened: (full) => {
      restart((present) => ({ ...present, mapping: full }));
      setSelected(null);
    },
    markSaved,
    mayDiscard: guard.mayDiscard,
    into,
  });

  const recordChoices = useMemo(
    () => (report?.records ?? []).map((r) => ({ index: r.index, label: recordLabel(r.index, r.fields) })),
    [report],
  );
  const mappedSources = useMemo(
    () => new Set(mapping.fields.flatMap((f) => sourcesOf(f))),
    [mapping],
  );
  const mappedTargets = useMemo(
    () => new Set(mapping.fields.map((f) => f.target.toLowerCase())),
    [mapping],
  );

  const openSample = (path: string, encoding: string | null) => {
    backend.readSampleFile(path, encoding).then(
      (file) => {
        change({ sample: file.text });
        setSampleEncoding(file.encoding);
      },
      (reason: unknown) => {
        setSampleEncoding(null);
        setOutline(toApiError(reason));
      },
    );
  };

  const openDescribe = (path: string) => {
    backend.readTextFile(path).then(
      (text) => {
        change({ describe: text });
      },
      (reason: unknown) => {
        setTarget(toApiError(reason));
      },
    );
  };

  /** Preview record N saved as a test case: its source record and its current output. */
  const saveTestCase = (record: number, name: string) => {
    const output = report?.records.find((r) => r.index === record);
    if (output === undefined) return;
    try {
      const source = recordsOf(sample, recordsPath)[record];
      if (source === undefined) throw new Error(`the sample has no record ${String(record)}`);
      edit((m) => addTestCase(m, { name, input: source, expect: { ...output.fields } }));
      setTestResult(null);
    } catch (error) {
      setTestResult(toApiError(error));
    }
  };

  const runTests = () => {
    setTestsRunning(true);
    backend.testMapping(input).then(
      (r) => {
        setTestResult(r);
        setTestsRunning(false);
      },
      (reason: unknown) => {
        setTestResult(toApiError(reason));
        setTestsRunning(false);
      },
    );
  };

  /** A new, empty mapping; the sample and describe stay. */
  const newMapping = async () => {
    if (!(await guard.mayDiscard('A new mapping', 'Discard and start anew'))) return;
    edit(() => ({ fields: [] }));
    setSelected(null);
    autoMap.close();
    setTestResult(null);
  };

  if (loaded === 'loading') {
    return (
      <main className="workspace" aria-busy="true">
        <p className="muted" role="status">
          Loading the demo workspace…
        </p>
      </main>
    );
  }
  if (isApiError(loaded)) {
    return (
      <main className="workspace">
        <div className="failure" role="alert" data-testid="workspace-error">
          <p className="failure__lead">The workspace could not be loaded.</p>
          <p className="failure__detail">
            <span className="badge badge--error">{loaded.code}</span> {loaded.message}
          </p>
        </div>
      </main>
    );
  }

  const objectName =
    typeof mapping.object === 'string'
      ? mapping.object
      : target !== null && !isApiError(target)
        ? target.name
        : 'unnamed object';

  return (
    <main className="workspace">
      <Toolbar
        objectName={objectName}
        unsaved={guard.unsaved}
        file={file}
        onNew={() => {
          void newMapping();
        }}
        canUndo={history.past.length > 0}
        canRedo={history.future.length > 0}
        onUndo={doc.undo}
        onRedo={doc.redo}
        onAutoMap={() => {
          autoMap.run(input);
        }}
        testCount={testsOf(mapping).length}
        showTests={showTests}
        onToggleTests={() => {
          setShowTests((v) => !v);
        }}
        operation={operation}
        onOperation={setOperation}
        showOperation={chooseOperation}
        view={view}
        onView={setView}
      />
      {file.message !== null && (
        <p
          className={file.message.ok ? 'notice' : 'inline-error'}
          role={file.message.ok ? 'status' : 'alert'}
          data-testid="file-message"
        >
          {file.message.text}
        </p>
      )}

      <SuggestionBar autoMap={autoMap} />

      {view === 'json' ? (
        <Suspense fallback={<p className="muted">Loading the JSON view…</p>}>
          <JsonView
            mapping={mapping}
            onChange={(next) => {
              edit(() => next);
            }}
          />
        </Suspense>
      ) : (
        <div className="editor-grid">
          <div className="board" ref={board}>
            <SourcePanel
              sample={sample}
              recordsPath={recordsPath}
              outline={outline}
              mapped={mappedSources}
              picked={picked}
              onSample={(text) => {
                setSampleEncoding(null);
                doc.setSample(text);
              }}
              onRecordsPath={doc.setRecordsPath}
              sampleEncoding={sampleEncoding}
              onOpenSample={openSample}
              onDragStart={startDrag}
              onPick={setPicked}
              onScroll={relayout}
            />
            <div className="gutter" aria-hidden="true" />
            <TargetPanel
              target={target}
              mapped={mappedTargets}
              hover={hover}
              picked={picked}
              onDropPicked={(field) => {
                if (picked !== null) edit((m) => dropSource(m, picked, field));
                setPicked(null);
              }}
              onOpenDescribe={openDescribe}
              onScroll={relayout}
            />
            <svg className="lines" aria-hidden="true" data-testid="lines">
              {lines.map((l) => (
                <path key={l.key} d={l.d} data-line={l.key} />
              ))}
            </svg>
          </div>
          <MappingsPanel
            mapping={mapping}
            target={target}
            issues={issues}
            selected={selected}
            onSelect={setSelected}
            edit={edit}
            constant={constant}
            onConstant={setConstant}
          />
        </div>
      )}

      {showTests && (
        <TestsPanel
          tests={testsOf(mapping)}
          records={recordChoices}
          result={testResult}
          running={testsRunning}
          onSave={saveTestCase}
          onRemove={(at) => {
            edit((m) => removeTestCase(m, at));
          }}
          onRun={runTests}
        />
      )}

      <PreviewPane
        report={parents.report}
        error={previewError}
        tab={previewTab}
        onTab={setPreviewTab}
        parents={parents.status}
      />

      {drag !== null &&
        Math.abs(drag.x - drag.startX) + Math.abs(drag.y - drag.startY) >= 4 && (
          <div
            className="drag-ghost"
            style={{ left: drag.x + 12, top: drag.y + 8 }}
            data-testid="drag-ghost"
          >
            {drag.source}
            {hover !== null && ` → ${hover}`}
          </div>
        )}

      {guard.question !== null && (
        <ConfirmDialog
          title={guard.question.title}
          message={guard.question.message}
          confirm={guard.question.confirm}
          onAnswer={guard.question.answer}
        />
      )}
    </main>
  );
}

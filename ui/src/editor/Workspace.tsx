// The mapping workspace: one screen where a mapping is built by dragging source paths of a
// real sample onto fields of a real describe, with transforms, a JSON view, auto-map, undo
// and a live preview. Opens on the bundled demo. All mapping edits go through model.ts.
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { useBackend } from '../backend';
import {
  toApiError,
  type ApiError,
  type EditorInput,
  type MappingIssue,
  type PreviewReport,
  type SourceOutline,
  type SuggestedField,
  type TargetObject,
  type TestReport,
} from '../types';
import { RecordCard } from '../preview/RecordCard';
import { markPaint, recordPreview, type PreviewTiming } from '../timing';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import {
  addTestCase,
  addTransform,
  commit,
  dropSource,
  fieldIndexOf,
  issuesAt,
  mappingText,
  moveTransform,
  recordsOf,
  redo,
  removeField,
  removeTestCase,
  removeTransform,
  replaceTransform,
  setConstant,
  sourcesOf,
  startHistory,
  testsOf,
  toFullForm,
  undo,
  type History,
  type Mapping,
} from './model';
import { PreviewTable } from './PreviewTable';
import { SourcePanel } from './SourcePanel';
import { ancestorIds } from './sourceTree';
import { TargetPanel } from './TargetPanel';
import { recordLabel, TestsPanel } from './TestsPanel';
import { TransformEditor } from './TransformEditor';

// CodeMirror is only loaded when the JSON view is first opened, not on start.
const JsonView = lazy(() => import('./JsonView').then((m) => ({ default: m.JsonView })));

/** The shortest time between two previews. An edit with none asked in that time (a drop, a
 * click, a transform added or removed) is previewed at once; edits closer together than this
 * (typing) wait for the rest of it, and only the last of them is previewed. */
export const PREVIEW_DEBOUNCE_MS = 30;

type Operation = EditorInput['operation'];

/** What undo and redo walk through: the mapping, and the sample and describe it is built on. */
interface Doc {
  mapping: Mapping;
  sample: string;
  recordsPath: string;
  describe: string;
}

const EMPTY_DOC: Doc = { mapping: { fields: [] }, sample: '', recordsPath: '', describe: '' };

interface Drag {
  source: string;
  startX: number;
  startY: number;
  x: number;
  y: number;
}

interface Line {
  key: string;
  d: string;
}

function targetAt(x: number, y: number): string | null {
  const element = document.elementFromPoint(x, y);
  return element?.closest('[data-target-field]')?.getAttribute('data-target-field') ?? null;
}

function rowFor(board: HTMLElement, attribute: string, value: string): HTMLElement | null {
  for (const row of board.querySelectorAll<HTMLElement>(`[${attribute}]`)) {
    if (row.getAttribute(attribute) === value) return row;
  }
  return null;
}

/** The lines from each mapped source row to its target row, clamped to the visible lists. */
function computeLines(board: HTMLElement, mapping: Mapping): Line[] {
  const origin = board.getBoundingClientRect();
  const sourceList = board.querySelector('[data-scroll="source"]')?.getBoundingClientRect();
  const targetList = board.querySelector('[data-scroll="target"]')?.getBoundingClientRect();
  if (sourceList === undefined || targetList === undefined) return [];
  const clamp = (y: number, r: DOMRect) => Math.min(Math.max(y, r.top), r.bottom);
  const lines: Line[] = [];
  mapping.fields.forEach((field, i) => {
    const target = rowFor(board, 'data-target-field', field.target);
    if (target === null) return;
    const t = target.getBoundingClientRect();
    for (const source of sourcesOf(field)) {
      // A path inside a collapsed node is drawn from the nearest node that shows.
      let row = rowFor(board, 'data-source-path', source);
      for (const id of ancestorIds(source).reverse()) {
        if (row !== null) break;
        row = rowFor(board, 'data-tree-node', id);
      }
      if (row === null) continue;
      const s = row.getBoundingClientRect();
      const x1 = s.right - origin.left;
      const y1 = clamp(s.top + s.height / 2, sourceList) - origin.top;
      const x2 = t.left - origin.left;
      const y2 = clamp(t.top + t.height / 2, targetList) - origin.top;
      const mid = (x1 + x2) / 2;
      lines.push({
        key: `${String(i)}:${source}`,
        d: `M${String(x1)},${String(y1)} C${String(mid)},${String(y1)} ${String(mid)},${String(y2)} ${String(x2)},${String(y2)}`,
      });
    }
  });
  return lines;
}

function isError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

function describeSource(field: Mapping['fields'][number]): string {
  const sources = sourcesOf(field);
  return sources.length === 0 ? `= ${JSON.stringify(field.value)}` : sources.join(' + ');
}

export function Workspace() {
  const backend = useBackend();
  const [loaded, setLoaded] = useState<'loading' | 'ready' | ApiError>('loading');
  const [operation, setOperation] = useState<Operation>('upsert');
  const [history, setHistory] = useState<History<Doc>>(startHistory(EMPTY_DOC));
  const [savedText, setSavedText] = useState(mappingText({ fields: [] }));
  const [filePath, setFilePath] = useState('');
  const [fileMessage, setFileMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [outline, setOutline] = useState<SourceOutline | ApiError | null>(null);
  const [target, setTarget] = useState<TargetObject | ApiError | null>(null);
  const [report, setReport] = useState<PreviewReport | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [issues, setIssues] = useState<MappingIssue[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [view, setView] = useState<'visual' | 'json'>('visual');
  const [previewTab, setPreviewTab] = useState<'table' | 'records'>('table');
  const [drag, setDrag] = useState<Drag | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [layoutTick, setLayoutTick] = useState(0);
  const [constTarget, setConstTarget] = useState('');
  const [constValue, setConstValue] = useState('');
  const [suggestions, setSuggestions] = useState<SuggestedField[] | ApiError | null>(null);
  const [testResult, setTestResult] = useState<TestReport | ApiError | null>(null);
  const [testsRunning, setTestsRunning] = useState(false);
  const [showTests, setShowTests] = useState(false);
  const [question, setQuestion] = useState<
    (ConfirmRequest & { answer: (confirmed: boolean) => void }) | null
  >(null);
  const board = useRef<HTMLDivElement>(null);
  /** When the last edit happened and the answer of the preview it led to (see timing.ts). */
  const lastEdit = useRef<number | null>(null);
  const previewTiming = useRef<Omit<PreviewTiming, 'painted'> | null>(null);
  /** When the last preview was asked (performance.now()). */
  const lastPreview = useRef(-Infinity);
  /** When the source outline was last asked. */
  const lastOutline = useRef(-Infinity);
  const { mapping, sample, recordsPath, describe } = history.present;

  const edit = useCallback((change: (m: Mapping) => Mapping) => {
    lastEdit.current = performance.now();
    setHistory((h) => {
      const next = change(h.present.mapping);
      return next === h.present.mapping ? h : commit(h, { ...h.present, mapping: next });
    });
  }, []);
  /** A change of the sample, records path or describe, undone like a mapping edit. */
  const change = useCallback((patch: Partial<Doc>, group?: string) => {
    lastEdit.current = performance.now();
    setHistory((h) => commit(h, { ...h.present, ...patch }, group));
  }, []);
  const setSample = useCallback(
    (text: string) => {
      change({ sample: text }, 'sample');
    },
    [change],
  );
  const setRecordsPath = useCallback(
    (path: string) => {
      change({ recordsPath: path }, 'records-path');
    },
    [change],
  );

  // The bundled demo, on opening.
  useEffect(() => {
    let current = true;
    backend.demoWorkspace().then(
      (demo) => {
        if (!current) return;
        try {
          const full = toFullForm(JSON.parse(demo.mapping));
          setHistory(
            startHistory({
              mapping: full,
              sample: demo.sample,
              recordsPath: demo.recordsPath,
              describe: demo.describe,
            }),
          );
          setSavedText(mappingText(full));
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
  }, [backend]);

  // The source outline follows the sample and the records path.
  // Like the preview: at once, unless it was asked less than PREVIEW_DEBOUNCE_MS ago.
  useEffect(() => {
    if (loaded !== 'ready') return;
    let current = true;
    const run = () => {
      lastOutline.current = performance.now();
      backend.sourcePaths(sample, recordsPath.trim() === '' ? null : recordsPath).then(
        (o) => {
          if (current) setOutline(o);
        },
        (reason: unknown) => {
          if (current) setOutline(toApiError(reason));
        },
      );
    };
    const wait = lastOutline.current + PREVIEW_DEBOUNCE_MS - performance.now();
    if (wait <= 0) {
      run();
      return () => {
        current = false;
      };
    }
    const timer = setTimeout(run, wait);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [backend, loaded, sample, recordsPath]);

  useEffect(() => {
    if (loaded !== 'ready') return;
    let current = true;
    backend.describeFields(describe).then(
      (t) => {
        if (current) setTarget(t);
      },
      (reason: unknown) => {
        if (current) setTarget(toApiError(reason));
      },
    );
    return () => {
      current = false;
    };
  }, [backend, loaded, describe]);

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

  // The live preview and check, after every edit: at once if no preview was asked in the last
  // PREVIEW_DEBOUNCE_MS, else when that time is up (bursts of typing ask for one preview).
  // The check follows the preview's answer, so the two do not compete for the backend; it
  // does not read the sample, so it is not sent a second time.
  useEffect(() => {
    if (loaded !== 'ready') return;
    let current = true;
    const edited = lastEdit.current ?? performance.now();
    const run = () => {
      const sent = performance.now();
      lastPreview.current = sent;
      const preview = backend.previewMapping(input).then(
        (r) => {
          if (!current) return;
          previewTiming.current = {
            edit: edited,
            sent,
            received: performance.now(),
            records: r.records.length,
          };
          setReport(r);
          setPreviewError(null);
        },
        (reason: unknown) => {
          if (current) setPreviewError(toApiError(reason));
        },
      );
      void preview.then(() => {
        if (!current) return;
        backend.checkMapping({ ...input, sample: '' }).then(
          (found) => {
            if (current) setIssues(found);
          },
          () => {
            if (current) setIssues([]);
          },
        );
      });
    };
    const wait = lastPreview.current + PREVIEW_DEBOUNCE_MS - performance.now();
    if (wait <= 0) {
      run();
      return () => {
        current = false;
      };
    }
    const timer = setTimeout(run, wait);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [backend, loaded, input]);

  // A painted preview: its timing kept (bench/app/run.sh), the first one marked.
  useEffect(() => {
    if (report === null) return;
    markPaint('editor-ready');
    if (previewTiming.current !== null) recordPreview(previewTiming.current);
    previewTiming.current = null;
  }, [report]);

  // Dragging a source path: pointer events on the window until the button is released.
  const dragging = drag !== null;
  useEffect(() => {
    if (!dragging) return;
    const move = (e: PointerEvent) => {
      setDrag((d) => (d === null ? d : { ...d, x: e.clientX, y: e.clientY }));
      setHover(targetAt(e.clientX, e.clientY));
    };
    const up = (e: PointerEvent) => {
      const field = targetAt(e.clientX, e.clientY);
      setDrag((d) => {
        if (d !== null) {
          const still = Math.abs(e.clientX - d.startX) + Math.abs(e.clientY - d.startY) < 4;
          if (field !== null) {
            edit((m) => dropSource(m, d.source, field));
            setPicked(null);
          } else if (still) {
            setPicked((p) => (p === d.source ? null : d.source));
          }
        }
        return null;
      });
      setHover(null);
    };
    const cancel = () => {
      setDrag(null);
      setHover(null);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', cancel);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', cancel);
    };
  }, [dragging, edit]);

  const startDrag = (source: string, e: ReactPointerEvent) => {
    setDrag({ source, startX: e.clientX, startY: e.clientY, x: e.clientX, y: e.clientY });
  };

  // Selecting a target with a picked source (mouse click or Enter) maps it.
  useEffect(() => {
    const el = board.current;
    if (el === null) return;
    const click = (e: MouseEvent) => {
      if (picked === null) return;
      const field = (e.target as Element | null)
        ?.closest('[data-target-field]')
        ?.getAttribute('data-target-field');
      if (field != null) {
        edit((m) => dropSource(m, picked, field));
        setPicked(null);
      }
    };
    el.addEventListener('click', click);
    return () => {
      el.removeEventListener('click', click);
    };
  }, [picked, edit]);

  // Lines between mapped rows, redrawn on edits, scrolling and resizing.
  useLayoutEffect(() => {
    if (board.current === null || view !== 'visual') return;
    setLines(computeLines(board.current, mapping));
  }, [mapping, outline, target, layoutTick, view]);
  useEffect(() => {
    const bump = () => {
      setLayoutTick((t) => t + 1);
    };
    window.addEventListener('resize', bump);
    return () => {
      window.removeEventListener('resize', bump);
    };
  }, []);
  const relayout = () => {
    setLayoutTick((t) => t + 1);
  };

  // Undo and redo from the keyboard, except where a text box keeps its own undo.
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      const el = e.target as HTMLElement | null;
      if (el?.closest('input, textarea, select, .cm-editor') != null) return;
      e.preventDefault();
      lastEdit.current = performance.now();
      setHistory((h) => (e.shiftKey ? redo(h) : undo(h)));
    };
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('keydown', key);
    };
  }, []);

  const unsaved = mappingText(mapping) !== savedText;
  useEffect(() => {
    document.title = unsaved ? 'Sync Central •' : 'Sync Central';
  }, [unsaved]);

  /** Whether to go on with something that loses the unsaved edits: at once when there are
   * none, else the user's answer in the dialog. */
  const unsavedRef = useRef(unsaved);
  useLayoutEffect(() => {
    unsavedRef.current = unsaved;
  }, [unsaved]);
  const mayDiscard = useCallback((action: string, confirm: string): Promise<boolean> => {
    if (!unsavedRef.current) return Promise.resolve(true);
    return new Promise((resolve) => {
      setQuestion({
        title: 'Discard unsaved changes?',
        message: `The mapping has changes that are not saved. ${action} loses them.`,
        confirm,
        answer: (confirmed) => {
          setQuestion(null);
          resolve(confirmed);
        },
      });
    });
  }, []);

  // Closing the window asks first when there are unsaved edits.
  useEffect(() => {
    let stop: (() => void) | null = null;
    let current = true;
    backend
      .onCloseRequested(() => mayDiscard('Closing the window', 'Discard and close'))
      .then(
        (unlisten) => {
          if (current) stop = unlisten;
          else unlisten();
        },
        () => {
          // No window to guard (the UI runs outside the app).
        },
      );
    return () => {
      current = false;
      stop?.();
    };
  }, [backend, mayDiscard]);

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

  const openMapping = (path: string) => {
    void mayDiscard('Opening another mapping', 'Discard and open').then((go) => {
      if (go) readMapping(path);
    });
  };

  const readMapping = (path: string) => {
    setFileMessage(null);
    backend.readTextFile(path).then(
      (text) => {
        try {
          const full = toFullForm(JSON.parse(text));
          setHistory((h) => startHistory({ ...h.present, mapping: full }));
          setSavedText(mappingText(full));
          setSelected(null);
          setFileMessage({ ok: true, text: `Opened ${path}` });
        } catch (error) {
          setFileMessage({ ok: false, text: `${path}: ${toApiError(error).message}` });
        }
      },
      (reason: unknown) => {
        setFileMessage({ ok: false, text: toApiError(reason).message });
      },
    );
  };

  const saveMapping = (path: string) => {
    const text = mappingText(mapping);
    setFileMessage(null);
    backend.writeTextFile(path, text).then(
      () => {
        setSavedText(text);
        setFileMessage({ ok: true, text: `Saved ${path}` });
      },
      (reason: unknown) => {
        setFileMessage({ ok: false, text: toApiError(reason).message });
      },
    );
  };

  /** A path chosen in the system's file dialog, then opened or saved to. */
  const browse = (purpose: 'open-mapping' | 'save-mapping', then: (path: string) => void) => {
    backend.pickFile(purpose).then(
      (path) => {
        if (path === null) return;
        setFilePath(path);
        then(path);
      },
      (reason: unknown) => {
        setFileMessage({ ok: false, text: toApiError(reason).message });
      },
    );
  };

  const openSample = (path: string) => {
    backend.readSampleFile(path).then(
      (text) => {
        change({ sample: text });
      },
      (reason: unknown) => {
        setOutline(toApiError(reason));
      },
    );
  };

  const runAutoMap = () => {
    setSuggestions(null);
    backend.suggestMapping(input).then(
      (s) => {
        setSuggestions(s.fields);
      },
      (reason: unknown) => {
        setSuggestions(toApiError(reason));
      },
    );
  };

  const acceptSuggestion = (s: SuggestedField) => {
    edit((m) => {
      let next = dropSource(m, s.source, s.target);
      const index = fieldIndexOf(next, s.target);
      if (s.transforms.length > 0 && index >= 0) {
        next = {
          ...next,
          fields: next.fields.map((f, i) =>
            i === index
              ? { ...f, transforms: [...(f.transforms ?? []), ...s.transforms.map((t) => t.transform)] }
              : f,
          ),
        };
      }
      return next;
    });
    dismissSuggestion(s);
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
    if (!(await mayDiscard('A new mapping', 'Discard and start anew'))) return;
    edit(() => ({ fields: [] }));
    setSelected(null);
    setSuggestions(null);
    setTestResult(null);
  };

  const dismissSuggestion = (s: SuggestedField) => {
    setSuggestions((list) =>
      Array.isArray(list) ? list.filter((x) => x !== s) : list,
    );
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
  if (isError(loaded)) {
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

  const selectedField = selected === null ? undefined : mapping.fields[selected];
  const objectName =
    typeof mapping.object === 'string'
      ? mapping.object
      : target !== null && !isError(target)
        ? target.name
        : 'unnamed object';

  return (
    <main className="workspace">
      <header className="toolbar">
        <h1 className="toolbar__title">
          Mapping — {objectName}
          {unsaved && (
            <span className="unsaved" data-testid="unsaved" title="Unsaved changes">
              {' '}
              ● unsaved
            </span>
          )}
        </h1>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            saveMapping(filePath);
          }}
        >
          <button
            type="button"
            className="button"
            title="Start an empty mapping on the same sample and describe"
            onClick={() => {
              void newMapping();
            }}
          >
            New mapping
          </button>
          <input
            className="input input--path"
            aria-label="Mapping file path"
            placeholder="/path/to/mapping.json"
            value={filePath}
            onChange={(e) => {
              setFilePath(e.target.value);
            }}
          />
          <button
            type="button"
            className="button"
            onClick={() => {
              openMapping(filePath);
            }}
            disabled={filePath === ''}
          >
            Open
          </button>
          <button type="submit" className="button button--primary" disabled={filePath === ''}>
            Save
          </button>
          <button
            type="button"
            className="button"
            title="Choose a mapping file in the system's dialog"
            onClick={() => {
              void mayDiscard('Opening another mapping', 'Discard and open').then((go) => {
                if (go) browse('open-mapping', readMapping);
              });
            }}
          >
            Open…
          </button>
          <button
            type="button"
            className="button"
            title="Choose where to save in the system's dialog"
            onClick={() => {
              browse('save-mapping', saveMapping);
            }}
          >
            Save as…
          </button>
        </form>
        <div className="row">
          <button
            type="button"
            className="button"
            disabled={history.past.length === 0}
            onClick={() => {
              lastEdit.current = performance.now();
              setHistory(undo);
            }}
            title="Ctrl+Z"
          >
            Undo
          </button>
          <button
            type="button"
            className="button"
            disabled={history.future.length === 0}
            onClick={() => {
              lastEdit.current = performance.now();
              setHistory(redo);
            }}
            title="Ctrl+Shift+Z"
          >
            Redo
          </button>
          <button type="button" className="button" onClick={runAutoMap}>
            Auto-map
          </button>
          <button
            type="button"
            className="button"
            aria-pressed={showTests}
            onClick={() => {
              setShowTests((v) => !v);
            }}
          >
            Tests ({testsOf(mapping).length})
          </button>
          <label className="field-label row">
            Operation
            <select
              className="input"
              value={operation}
              onChange={(e) => {
                setOperation(e.target.value as Operation);
              }}
            >
              <option value="insert">insert</option>
              <option value="update">update</option>
              <option value="upsert">upsert</option>
            </select>
          </label>
          <div className="segmented" role="group" aria-label="Mapping view">
            <button
              type="button"
              aria-pressed={view === 'visual'}
              className="button"
              onClick={() => {
                setView('visual');
              }}
            >
              Visual
            </button>
            <button
              type="button"
              aria-pressed={view === 'json'}
              className="button"
              onClick={() => {
                setView('json');
              }}
            >
              JSON
            </button>
          </div>
        </div>
      </header>
      {fileMessage !== null && (
        <p
          className={fileMessage.ok ? 'notice' : 'inline-error'}
          role={fileMessage.ok ? 'status' : 'alert'}
          data-testid="file-message"
        >
          {fileMessage.text}
        </p>
      )}

      {suggestions !== null && (
        <section className="suggestions" aria-label="Auto-map suggestions" data-testid="suggestions">
          {isError(suggestions) ? (
            <p className="inline-error" role="alert">
              Auto-map failed: {suggestions.message}
            </p>
          ) : suggestions.length === 0 ? (
            <p className="muted">No more suggestions.</p>
          ) : (
            <ul>
              {suggestions.map((s) => (
                <li key={`${s.source}->${s.target}`} className="suggestion" data-testid="suggestion">
                  <span>
                    <code>{s.source}</code> → <code>{s.target}</code>{' '}
                    <span className="kind">{s.matched_by.replace('_', ' ')}</span>{' '}
                    <span className="suggestion__transform">{s.reason}</span>
                  </span>
                  {s.transforms.map((t) => (
                    <span key={JSON.stringify(t.transform)} className="suggestion__transform">
                      <code>{JSON.stringify(t.transform)}</code> — {t.reason}
                    </span>
                  ))}
                  <span className="row">
                    <button
                      type="button"
                      className="button button--small button--primary"
                      aria-label={`Accept ${s.source} to ${s.target}`}
                      onClick={() => {
                        acceptSuggestion(s);
                      }}
                    >
                      Accept
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Dismiss ${s.source} to ${s.target}`}
                      onClick={() => {
                        dismissSuggestion(s);
                      }}
                    >
                      Dismiss
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setSuggestions(null);
            }}
          >
            Close
          </button>
        </section>
      )}

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
              onSample={setSample}
              onRecordsPath={setRecordsPath}
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
              onOpenDescribe={(path) => {
                backend.readTextFile(path).then(
                  (text) => {
                    change({ describe: text });
                  },
                  (reason: unknown) => {
                    setTarget(toApiError(reason));
                  },
                );
              }}
              onScroll={relayout}
            />
            <svg className="lines" aria-hidden="true" data-testid="lines">
              {lines.map((l) => (
                <path key={l.key} d={l.d} data-line={l.key} />
              ))}
            </svg>
          </div>
          <section className="panel mappings" aria-labelledby="mappings-heading">
            <h2 id="mappings-heading" className="panel__title">
              Mappings ({mapping.fields.length})
            </h2>
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                if (constTarget.trim() === '') return;
                let value: unknown = constValue;
                try {
                  value = JSON.parse(constValue);
                } catch {
                  // Plain text.
                }
                edit((m) => setConstant(m, constTarget.trim(), value));
                setConstValue('');
              }}
            >
              <input
                className="input"
                aria-label="Constant target field"
                placeholder="Field"
                list="target-names"
                value={constTarget}
                onChange={(e) => {
                  setConstTarget(e.target.value);
                }}
              />
              <input
                className="input"
                aria-label="Constant value"
                placeholder="Value"
                value={constValue}
                onChange={(e) => {
                  setConstValue(e.target.value);
                }}
              />
              <button type="submit" className="button">
                Set value
              </button>
              <datalist id="target-names">
                {target !== null &&
                  !isError(target) &&
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
                      setSelected(i);
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Delete' || e.key === 'Backspace') {
                        e.preventDefault();
                        edit((m) => removeField(m, i));
                        setSelected(null);
                      } else if (e.key === 'Enter') {
                        setSelected(i);
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
                        setSelected(null);
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

      <section className="preview-pane" aria-labelledby="preview-heading">
        <header className="preview-pane__header">
          <h2 id="preview-heading" className="panel__title">
            Preview{report?.object != null ? ` — ${report.object}` : ''}
          </h2>
          {report !== null && (
            <dl className="summary summary--small" aria-label="Preview summary">
              <div className="summary__item">
                <dt>Records</dt>
                <dd data-testid="live-total">{report.summary.total}</dd>
              </div>
              <div className="summary__item summary__item--valid">
                <dt>Valid</dt>
                <dd data-testid="live-valid">{report.summary.valid}</dd>
              </div>
              <div className="summary__item summary__item--invalid">
                <dt>Invalid</dt>
                <dd data-testid="live-invalid">{report.summary.invalid}</dd>
              </div>
            </dl>
          )}
          <div className="segmented" role="group" aria-label="Preview view">
            <button
              type="button"
              className="button"
              aria-pressed={previewTab === 'table'}
              onClick={() => {
                setPreviewTab('table');
              }}
            >
              Table
            </button>
            <button
              type="button"
              className="button"
              aria-pressed={previewTab === 'records'}
              onClick={() => {
                setPreviewTab('records');
              }}
            >
              Records
            </button>
          </div>
        </header>
        {previewError !== null && (
          <p className="inline-error preview-error" role="alert" data-testid="live-error">
            <span className="badge badge--error">{previewError.code}</span>{' '}
            {previewError.message}
          </p>
        )}
        {report !== null &&
          (previewTab === 'table' ? (
            <PreviewTable report={report} />
          ) : (
            <ol className="records records--pane" aria-label="Records">
              {report.records.map((record) => (
                <li key={record.index}>
                  <RecordCard record={record} />
                </li>
              ))}
            </ol>
          ))}
      </section>

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

      {question !== null && (
        <ConfirmDialog
          title={question.title}
          message={question.message}
          confirm={question.confirm}
          onAnswer={question.answer}
        />
      )}
    </main>
  );
}

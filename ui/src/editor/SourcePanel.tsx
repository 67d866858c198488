// The source panel: the sample (pasted or opened from a path), where its records are, and
// the records' shape as a tree (a WAI-ARIA tree: objects and arrays expand and collapse with
// the mouse or the arrow keys), each node with its inferred type and a sample value. A leaf
// is dragged (pointer events) or picked with Enter, then dropped on a target field.
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import type { ApiError, SourceOutline } from '../types';
import { SampleFileForm } from './SampleFileForm';
import { buildTree, visibleRows, type TreeNode } from './sourceTree';

export interface SourcePanelProps {
  sample: string;
  recordsPath: string;
  outline: SourceOutline | ApiError | null;
  /** Paths used by the mapping, marked in the list. */
  mapped: Set<string>;
  picked: string | null;
  onSample: (text: string) => void;
  onRecordsPath: (path: string) => void;
  /** The encoding the opened sample file's text was read in (none for a workbook). */
  sampleEncoding?: string | null;
  onOpenSample: (path: string, encoding: string | null) => void;
  onDragStart: (path: string, event: ReactPointerEvent) => void;
  onPick: (path: string | null) => void;
  onScroll: () => void;
}

function isError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'code' in value;
}

export function SourcePanel(props: SourcePanelProps) {
  const { outline } = props;
  return (
    <section className="panel" aria-labelledby="source-heading">
      <h2 id="source-heading" className="panel__title">
        Source
      </h2>
      <details className="panel__details">
        <summary>Sample response</summary>
        <label className="field-label">
          Paste JSON
          <textarea
            className="input input--code"
            rows={6}
            value={props.sample}
            onChange={(e) => {
              props.onSample(e.target.value);
            }}
            aria-label="Sample JSON"
          />
        </label>
        <SampleFileForm readAs={props.sampleEncoding ?? null} onOpen={props.onOpenSample} />
      </details>
      <label className="field-label row">
        Records path
        <input
          className="input"
          aria-label="Records path"
          value={props.recordsPath}
          placeholder="$.data"
          onChange={(e) => {
            props.onRecordsPath(e.target.value);
          }}
        />
        <span className="muted" data-testid="records-count">
          {outline !== null && !isError(outline)
            ? `${String(outline.records)} record${outline.records === 1 ? '' : 's'}`
            : ''}
        </span>
      </label>
      {isError(outline) && (
        <p className="inline-error" role="alert" data-testid="source-error">
          {outline.message}
        </p>
      )}
      {outline !== null && !isError(outline) && (
        <SourceTree
          outline={outline}
          mapped={props.mapped}
          picked={props.picked}
          onDragStart={props.onDragStart}
          onPick={props.onPick}
          onLayout={props.onScroll}
        />
      )}
    </section>
  );
}

interface SourceTreeProps {
  outline: SourceOutline;
  mapped: Set<string>;
  picked: string | null;
  onDragStart: (path: string, event: ReactPointerEvent) => void;
  onPick: (path: string | null) => void;
  /** Rows moved (scrolled, expanded, collapsed): the mapping lines follow. */
  onLayout: () => void;
}

/** The source paths as a tree. Every node starts expanded; collapsing is remembered by node,
 * so a new sample keeps what the user folded. One row at a time is in the tab order. */
function SourceTree({ outline, mapped, picked, onDragStart, onPick, onLayout }: SourceTreeProps) {
  const roots = useMemo(() => buildTree(outline.fields), [outline]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState<string | null>(null);
  const focusNext = useRef(false);
  const items = useRef(new Map<string, HTMLLIElement>());
  const rows = useMemo(() => visibleRows(roots, collapsed), [roots, collapsed]);
  const current = rows.find((r) => r.id === active) ?? rows[0];

  useEffect(() => {
    if (!focusNext.current || current === undefined) return;
    focusNext.current = false;
    items.current.get(current.id)?.focus();
  }, [current]);

  const moveTo = (node: TreeNode | undefined) => {
    if (node === undefined) return;
    focusNext.current = true;
    setActive(node.id);
  };
  const setOpen = (node: TreeNode, open: boolean) => {
    setCollapsed((c) => {
      const next = new Set(c);
      if (open) next.delete(node.id);
      else next.add(node.id);
      return next;
    });
    onLayout();
  };
  const isOpen = (node: TreeNode) => node.children.length > 0 && !collapsed.has(node.id);

  const key = (e: ReactKeyboardEvent, node: TreeNode) => {
    const at = rows.indexOf(node);
    const branch = node.children.length > 0;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(rows[at + 1]);
        break;
      case 'ArrowUp':
        moveTo(rows[at - 1]);
        break;
      case 'Home':
        moveTo(rows[0]);
        break;
      case 'End':
        moveTo(rows[rows.length - 1]);
        break;
      case 'ArrowRight':
        if (!branch) return;
        if (isOpen(node)) moveTo(node.children[0]);
        else setOpen(node, true);
        break;
      case 'ArrowLeft':
        if (isOpen(node)) setOpen(node, false);
        else moveTo(rows.find((r) => r.id === node.parent));
        break;
      case 'Enter':
      case ' ':
        // Enter opens and closes a node with children; a leaf (or Space on anything that can
        // be mapped) is picked, then Enter on a target field maps it.
        if (branch && (e.key === 'Enter' || node.path === undefined)) {
          setOpen(node, !isOpen(node));
        } else if (node.path !== undefined) {
          onPick(picked === node.path ? null : node.path);
        }
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <ul
      className="tree"
      role="tree"
      aria-label="Source paths"
      onScroll={onLayout}
      data-scroll="source"
    >
      {rows.map((node) => {
        const branch = node.children.length > 0;
        const path = node.path;
        const isPicked = path !== undefined && picked === path;
        return (
          <li
            key={node.id}
            ref={(el) => {
              if (el === null) items.current.delete(node.id);
              else items.current.set(node.id, el);
            }}
            role="treeitem"
            aria-level={node.level}
            aria-posinset={node.position}
            aria-setsize={node.setSize}
            aria-expanded={branch ? isOpen(node) : undefined}
            aria-selected={isPicked}
            aria-label={`${path ?? node.label}, ${node.kind}${isPicked ? ', picked' : ''}`}
            className={`tree__row${isPicked ? ' tree__row--picked' : ''}${
              path !== undefined && mapped.has(path) ? ' tree__row--mapped' : ''
            }${branch ? ' tree__row--branch' : ''}`}
            style={{ paddingLeft: `${String(node.level * 0.9 - 0.4)}rem` }}
            data-testid={path !== undefined ? 'source-row' : 'source-node'}
            data-source-path={path}
            data-tree-node={node.id}
            title={path}
            tabIndex={node === current ? 0 : -1}
            onFocus={() => {
              setActive(node.id);
            }}
            onKeyDown={(e) => {
              key(e, node);
            }}
            onPointerDown={(e) => {
              if (e.button !== 0) return;
              setActive(node.id);
              if (path === undefined) return;
              e.preventDefault();
              onDragStart(path, e);
            }}
            onClick={() => {
              if (branch && path === undefined) setOpen(node, !isOpen(node));
            }}
          >
            <span
              className={`tree__twisty${branch ? '' : ' tree__twisty--leaf'}`}
              aria-hidden="true"
              onClick={(e) => {
                if (!branch || path === undefined) return;
                e.stopPropagation();
                setOpen(node, !isOpen(node));
              }}
            >
              {branch ? (isOpen(node) ? '▾' : '▸') : ''}
            </span>
            <span className="tree__path">{node.label}</span>
            <span className="kind">{node.kind}</span>
            <span className="tree__sample" title={node.sample}>
              {node.sample}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

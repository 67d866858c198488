// Mapping by pointer: a source path dragged onto a target field (pointer events on the
// window, no HTML5 drag and drop), or picked with a click and dropped with a click or Enter
// on a target; and the lines drawn from each mapped source row to its target row.
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
  type RefObject,
} from 'react';
import { dropSource, sourcesOf, type Mapping } from './model';
import { ancestorIds } from './sourceTree';

/** A source path being dragged: where the pointer went down and where it is. */
export interface Drag {
  source: string;
  startX: number;
  startY: number;
  x: number;
  y: number;
}

/** One line of the overlay: its key and SVG path. */
export interface Line {
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

export interface DragToMap {
  /** For the element holding both lists and the lines. */
  board: RefObject<HTMLDivElement | null>;
  drag: Drag | null;
  /** The target field under the dragged path. */
  hover: string | null;
  /** The source path picked with a click, waiting for its target. */
  picked: string | null;
  setPicked: (source: string | null) => void;
  startDrag: (source: string, e: ReactPointerEvent) => void;
  lines: Line[];
  /** Draws the lines again (a list scrolled). */
  relayout: () => void;
}

interface Options {
  mapping: Mapping;
  /** Where a drop goes: a mapping edit. */
  edit: (change: (m: Mapping) => Mapping) => void;
  /** Whether the lists show (the visual view): lines are drawn only then. */
  drawn: boolean;
  /** What the source and target lists show: the lines are drawn again when they change. */
  outline: unknown;
  target: unknown;
}

/** Drag, pick and lines on the board; a drop maps through `edit`. */
export function useDragToMap({ mapping, edit, drawn, outline, target }: Options): DragToMap {
  const board = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [layoutTick, setLayoutTick] = useState(0);

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
    if (board.current === null || !drawn) return;
    setLines(computeLines(board.current, mapping));
  }, [mapping, outline, target, layoutTick, drawn]);
  useEffect(() => {
    const bump = () => {
      setLayoutTick((t) => t + 1);
    };
    window.addEventListener('resize', bump);
    return () => {
      window.removeEventListener('resize', bump);
    };
  }, []);

  return {
    board,
    drag,
    hover,
    picked,
    setPicked,
    startDrag: (source, e) => {
      setDrag({ source, startX: e.clientX, startY: e.clientY, x: e.clientX, y: e.clientY });
    },
    lines,
    relayout: () => {
      setLayoutTick((t) => t + 1);
    },
  };
}

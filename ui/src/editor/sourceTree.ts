// The source panel's tree: the sample's leaf paths (as the backend lists them: `company.id`,
// `lines[0].sku`, `$['a.b']`) folded into nested objects and arrays, so a sample with deep
// records reads as its shape. Pure, so the folding is tested without a screen.
import type { SourceField } from '../types';

/** One step of a source path: an object key or an array index. */
export type Step = { key: string } | { index: number };

/** The steps of a source path; a path that cannot be read is one step, the whole text. */
export function stepsOf(path: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const n = path.length;
  if (path.startsWith('$')) i = 1;
  const readName = () => {
    let end = i;
    while (end < n && path[end] !== '.' && path[end] !== '[') end += 1;
    const name = path.slice(i, end);
    i = end;
    return name;
  };
  if (i === 0) steps.push({ key: readName() });
  while (i < n) {
    const c = path[i];
    if (c === '.') {
      i += 1;
      steps.push({ key: readName() });
    } else if (c === '[' && path[i + 1] === "'") {
      i += 2;
      let name = '';
      while (i < n && path[i] !== "'") {
        if (path[i] === '\\' && i + 1 < n) i += 1;
        name += path.charAt(i);
        i += 1;
      }
      if (path[i + 1] !== ']') return [{ key: path }];
      i += 2;
      steps.push({ key: name });
    } else if (c === '[') {
      const close = path.indexOf(']', i);
      const index = Number(path.slice(i + 1, close));
      if (close < 0 || !Number.isInteger(index)) return [{ key: path }];
      i = close + 1;
      steps.push({ index });
    } else {
      return [{ key: path }];
    }
  }
  return steps;
}

/** A node's identity: its steps, so `company` and `$.company` are the same node. */
export function nodeId(steps: Step[]): string {
  return JSON.stringify(steps.map((s) => ('key' in s ? s.key : s.index)));
}

/** The ids of the nodes holding a path, outermost first (not the path's own node). */
export function ancestorIds(path: string): string[] {
  const steps = stepsOf(path);
  return steps.slice(0, -1).map((_, k) => nodeId(steps.slice(0, k + 1)));
}

export interface TreeNode {
  id: string;
  /** What the row shows: the key, or `[0]` for an array's first item. */
  label: string;
  /** The inferred type: a leaf's kind, or `object` / `array` for a node with children. */
  kind: string;
  /** A sample value: the leaf's, or a short summary built from the children's. */
  sample: string;
  /** The source path a mapping writes for it, when it can be mapped (every leaf). */
  path?: string;
  children: TreeNode[];
  parent: string | null;
  /** Depth, from 1; and the place among its siblings, from 1 (aria-level, -posinset, -setsize). */
  level: number;
  position: number;
  setSize: number;
}

const SUMMARY_LENGTH = 60;

function summary(node: TreeNode): string {
  if (node.children.length === 0) return node.sample;
  const inner =
    node.kind === 'array'
      ? node.children.map((c) => summary(c)).join(', ')
      : node.children.map((c) => `${c.label}: ${summary(c)}`).join(', ');
  const text = node.kind === 'array' ? `[${inner}]` : `{${inner}}`;
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 2)}…${text.endsWith(']') ? ']' : '}'}` : text;
}

/** The tree of a sample's leaf paths, in first-seen order. */
export function buildTree(fields: SourceField[]): TreeNode[] {
  const roots: TreeNode[] = [];
  const byId = new Map<string, TreeNode>();
  for (const field of fields) {
    const steps = stepsOf(field.path);
    let siblings = roots;
    let parent: string | null = null;
    steps.forEach((step, k) => {
      const id = nodeId(steps.slice(0, k + 1));
      let node = byId.get(id);
      if (node === undefined) {
        node = {
          id,
          label: 'key' in step ? step.key : `[${String(step.index)}]`,
          kind: '',
          sample: '',
          children: [],
          parent,
          level: k + 1,
          position: siblings.length + 1,
          setSize: 0,
        };
        byId.set(id, node);
        siblings.push(node);
      }
      const next = steps[k + 1];
      if (next === undefined) {
        node.path = field.path;
        if (node.children.length === 0) {
          node.kind = field.kind;
          node.sample = field.sample;
        }
      } else {
        // A key that is null in one record and an object in another is a node with children.
        node.kind = 'index' in next ? 'array' : 'object';
      }
      siblings = node.children;
      parent = id;
    });
  }
  const summarise = (nodes: TreeNode[]) => {
    for (const node of nodes) {
      node.setSize = nodes.length;
      if (node.children.length > 0) {
        summarise(node.children);
        node.sample = summary(node);
      }
    }
  };
  summarise(roots);
  return roots;
}

/** The rows shown: every node whose holders are all expanded, in tree order. */
export function visibleRows(roots: TreeNode[], collapsed: ReadonlySet<string>): TreeNode[] {
  const rows: TreeNode[] = [];
  const walk = (nodes: TreeNode[]) => {
    for (const node of nodes) {
      rows.push(node);
      if (node.children.length > 0 && !collapsed.has(node.id)) walk(node.children);
    }
  };
  walk(roots);
  return rows;
}

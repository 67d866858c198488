// The mapping being edited, as plain data, and every edit the workspace makes to it: pure
// functions from one mapping to the next, so the drop logic and the transform chain are
// tested without a screen.

/** A transform as a mapping writes it: an object with exactly one key. */
export type Transform = Record<string, unknown>;

/** One field mapping of the full form. */
export interface FieldMapping {
  source?: string | string[];
  value?: unknown;
  target: string;
  transforms?: Transform[];
  [key: string]: unknown;
}

/** A mapping in the full form (the shorthand is turned into it). */
export interface Mapping {
  fields: FieldMapping[];
  [key: string]: unknown;
}

/** The 13 transform kinds, in the order docs/mapping.md gives them. */
export const TRANSFORM_KINDS = [
  'convert',
  'replace',
  'modify',
  'split',
  'join',
  'calc',
  'escape',
  'encode',
  'decode',
  'reference',
  'default',
  'truncate',
  'validate',
] as const;
export type TransformKind = (typeof TRANSFORM_KINDS)[number];

/** A new transform of a kind, with arguments that already make sense. */
export function newTransform(kind: TransformKind): Transform {
  switch (kind) {
    case 'convert':
      return { convert: 'text' };
    case 'replace':
      return { replace: {} };
    case 'modify':
      return { modify: 'trim' };
    case 'split':
      return { split: ';' };
    case 'join':
      return { join: ';' };
    case 'calc':
      return { calc: 'value' };
    case 'escape':
      return { escape: 'html' };
    case 'encode':
      return { encode: 'base64' };
    case 'decode':
      return { decode: 'base64' };
    case 'reference':
      return { reference: { object: 'Account', externalId: 'External_Id__c' } };
    case 'default':
      return { default: '' };
    case 'truncate':
      return { truncate: 'fit' };
    case 'validate':
      return { validate: { required: true } };
  }
}

/** The kind of a transform: its one key. */
export function transformKind(transform: Transform): string {
  return Object.keys(transform)[0] ?? '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parsed mapping document in the full form: the shorthand (`{"path": "Field"}`) becomes
 * one field per entry; anything that is no mapping at all is refused with a reason. */
export function toFullForm(document: unknown): Mapping {
  if (!isObject(document)) throw new Error('a mapping is a JSON object');
  if (Array.isArray(document.fields)) {
    const fields = document.fields.map((field: unknown, i) => {
      if (!isObject(field)) throw new Error(`fields[${String(i)}] is not an object`);
      return { ...field, target: typeof field.target === 'string' ? field.target : '' };
    });
    return { ...document, fields };
  }
  const fields: FieldMapping[] = Object.entries(document).map(([source, target]) => {
    if (typeof target !== 'string') {
      throw new Error(`shorthand entry "${source}" maps to a non-string target`);
    }
    return { source, target };
  });
  return { fields };
}

/** A mapping as the JSON view and a saved file show it. */
export function mappingText(mapping: Mapping): string {
  return `${JSON.stringify(mapping, null, 2)}\n`;
}

/** The index of the field mapping a target, matched case-insensitively like Salesforce. */
export function fieldIndexOf(mapping: Mapping, target: string): number {
  const wanted = target.toLowerCase();
  return mapping.fields.findIndex((f) => f.target.toLowerCase() === wanted);
}

/** The sources of a field mapping as a list (none for a constant). */
export function sourcesOf(field: FieldMapping): string[] {
  if (field.source === undefined) return [];
  return Array.isArray(field.source) ? field.source : [field.source];
}

/** A source path dropped on a target field: a new field mapping, or one more source of the
 * field already mapping that target (a constant becomes that source). */
export function dropSource(mapping: Mapping, source: string, target: string): Mapping {
  const index = fieldIndexOf(mapping, target);
  if (index < 0) {
    return { ...mapping, fields: [...mapping.fields, { source, target }] };
  }
  const existing = mapping.fields[index];
  if (existing !== undefined && sourcesOf(existing).includes(source)) return mapping;
  const fields = mapping.fields.map((field, i) => {
    if (i !== index) return field;
    const sources = sourcesOf(field);
    const next: FieldMapping = { ...field };
    delete next.value;
    next.source = sources.length === 0 ? source : [...sources, source];
    return next;
  });
  return { ...mapping, fields };
}

/** A constant value for a target: a new field mapping, or the existing one's sources replaced. */
export function setConstant(mapping: Mapping, target: string, value: unknown): Mapping {
  const index = fieldIndexOf(mapping, target);
  if (index < 0) return { ...mapping, fields: [...mapping.fields, { value, target }] };
  return updateField(mapping, index, (field) => {
    const next: FieldMapping = { ...field, value };
    delete next.source;
    return next;
  });
}

export function removeField(mapping: Mapping, index: number): Mapping {
  return { ...mapping, fields: mapping.fields.filter((_, i) => i !== index) };
}

/** One source of a multi-source field removed (the last one left becomes a plain path). */
export function removeSource(mapping: Mapping, index: number, source: string): Mapping {
  return updateField(mapping, index, (field) => {
    const left = sourcesOf(field).filter((s) => s !== source);
    return { ...field, source: left.length === 1 ? left[0] : left };
  });
}

function updateField(
  mapping: Mapping,
  index: number,
  change: (field: FieldMapping) => FieldMapping,
): Mapping {
  return {
    ...mapping,
    fields: mapping.fields.map((field, i) => (i === index ? change(field) : field)),
  };
}

function updateTransforms(
  mapping: Mapping,
  index: number,
  change: (transforms: Transform[]) => Transform[],
): Mapping {
  return updateField(mapping, index, (field) => {
    const transforms = change(field.transforms ?? []);
    const next: FieldMapping = { ...field, transforms };
    if (transforms.length === 0) delete next.transforms;
    return next;
  });
}

export function addTransform(mapping: Mapping, index: number, kind: TransformKind): Mapping {
  return updateTransforms(mapping, index, (ts) => [...ts, newTransform(kind)]);
}

export function removeTransform(mapping: Mapping, index: number, at: number): Mapping {
  return updateTransforms(mapping, index, (ts) => ts.filter((_, i) => i !== at));
}

export function replaceTransform(
  mapping: Mapping,
  index: number,
  at: number,
  transform: Transform,
): Mapping {
  return updateTransforms(mapping, index, (ts) => ts.map((t, i) => (i === at ? transform : t)));
}

/** A transform moved one place up (-1) or down (+1); at either end it stays. */
export function moveTransform(
  mapping: Mapping,
  index: number,
  at: number,
  by: -1 | 1,
): Mapping {
  return updateTransforms(mapping, index, (ts) => {
    const to = at + by;
    if (to < 0 || to >= ts.length) return ts;
    const next = [...ts];
    const [moved] = next.splice(at, 1);
    if (moved !== undefined) next.splice(to, 0, moved);
    return next;
  });
}

/** The issues whose JSON pointer lies in a field mapping (`/fields/3…`), or in one of its
 * transforms when `at` is given (`/fields/3/transforms/1…`). */
export function issuesAt<T extends { pointer: string }>(
  issues: T[],
  index: number,
  at?: number,
): T[] {
  const prefix =
    at === undefined
      ? `/fields/${String(index)}`
      : `/fields/${String(index)}/transforms/${String(at)}`;
  return issues.filter((i) => i.pointer === prefix || i.pointer.startsWith(`${prefix}/`));
}

/** One test case of a mapping: a source record and the output expected from it. */
export interface TestCase {
  name: string;
  input: unknown;
  /** Absent in a case that only expects errors. */
  expect?: Record<string, unknown>;
  expectErrors?: string[];
  exact?: boolean;
}

/** The test cases a mapping carries (none when it has no `tests`). */
export function testsOf(mapping: Mapping): TestCase[] {
  return Array.isArray(mapping.tests) ? (mapping.tests as TestCase[]) : [];
}

/** A test case appended to the mapping's `tests`. */
export function addTestCase(mapping: Mapping, test: TestCase): Mapping {
  return { ...mapping, tests: [...testsOf(mapping), test] };
}

/** A test case removed; the last one gone takes the `tests` key with it. */
export function removeTestCase(mapping: Mapping, at: number): Mapping {
  const tests = testsOf(mapping).filter((_, i) => i !== at);
  const next: Mapping = { ...mapping, tests };
  if (tests.length === 0) delete next.tests;
  return next;
}

/** The records a sample holds at a records path (`$.data`, `$.a.b`, none: the sample). */
export function recordsOf(sample: string, recordsPath: string): unknown[] {
  let value: unknown = JSON.parse(sample);
  const path = recordsPath.trim();
  if (path !== '' && path !== '$') {
    const steps = path.replace(/^\$\.?/, '').split('.');
    for (const step of steps) {
      if (!isObject(value) || !(step in value)) {
        throw new Error(`records path ${recordsPath} found nothing`);
      }
      value = value[step];
    }
  }
  return Array.isArray(value) ? value : [value];
}

/** A failure line of a test run (`Field: expected X, got Y`) split for a diff view; lines
 * of another shape come back whole as `field`. */
export function splitFailure(line: string): { field: string; expected?: string; got?: string } {
  const match = /^(.*?): expected (.*?), got (.*)$/.exec(line);
  if (match === null) return { field: line };
  return { field: match[1] ?? '', expected: match[2], got: match[3] };
}

/** Undo/redo history: of mapping edits, or of the whole workspace (mapping, sample,
 * describe). `group` names the run of edits the present belongs to: consecutive commits of
 * one group (keystrokes in the sample box) are one step to undo. */
export interface History<T = Mapping> {
  past: T[];
  present: T;
  future: T[];
  group?: string;
}

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

export function commit<T>(history: History<T>, next: T, group?: string): History<T> {
  if (next === history.present) return history;
  if (group !== undefined && history.group === group) {
    return { ...history, present: next, future: [] };
  }
  return { past: [...history.past, history.present], present: next, future: [], group };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
  };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

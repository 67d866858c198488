// The diff's classes as the viewer names and orders them, and how a value is shown.
import type { Class } from '../bindings/Class';

/** The row classes, in the order the summary shows them. */
export const CLASSES = [
  'different',
  'missing_in_target',
  'missing_in_source',
  'deleted_in_source',
  'pending',
  'same',
] as const satisfies readonly Class[];

/** A row's class (generated from the diff engine's). */
export type DiffClass = Class;

/** The open exceptions: what the viewer lists until the user picks other classes. */
export const OPEN_CLASSES: DiffClass[] = [
  'different',
  'missing_in_target',
  'missing_in_source',
  'deleted_in_source',
  'pending',
];

export const CLASS_LABELS: Record<DiffClass, string> = {
  different: 'Different',
  missing_in_target: 'Missing in target',
  missing_in_source: 'Missing in source',
  deleted_in_source: 'Deleted in source',
  pending: 'Pending',
  same: 'Same',
};

export function classLabel(name: DiffClass): string {
  return CLASS_LABELS[name];
}

/** A field's value as a cell shows it: text as is, null as an empty cell, others as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

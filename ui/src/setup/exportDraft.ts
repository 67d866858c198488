// The new export option as its setup page edits it, and what it becomes: the filter's SOQL
// condition, the mapping of the chosen fields onto output keys, and the option document saved
// at the end (the types generated from crates/model, ui/src/bindings).

import type { CsvOptions } from '../bindings/CsvOptions';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportOption } from '../bindings/ExportOption';
import type { ExportTarget } from '../bindings/ExportTarget';
import type { SyncOption } from '../bindings/SyncOption';
import type { TargetField } from '../bindings/TargetField';
import type { WriteMethod } from '../bindings/WriteMethod';
import {
  lookbackMissing,
  lookbackOf,
  rowsToMap,
  withoutUndefined,
  type LookbackDraft,
  type Row,
} from './draft';

export const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'IN'] as const;
export type Operator = (typeof OPERATORS)[number];

export function isOperator(value: string): value is Operator {
  return (OPERATORS as readonly string[]).includes(value);
}

/** One condition of the filter builder; the conditions are joined by AND. */
export interface FilterRow {
  /** A field's API name; empty: not chosen yet. */
  field: string;
  operator: Operator;
  /** As typed; for IN, values separated by commas. */
  value: string;
}

export interface FilterDraft {
  rows: FilterRow[];
  /** The condition is the text typed, not the rows'. */
  asText: boolean;
  text: string;
}

export const emptyFilter: FilterDraft = { rows: [], asText: false, text: '' };

/** Salesforce's field types whose SOQL literals are written without quotes. */
const UNQUOTED = new Set([
  'int',
  'long',
  'double',
  'currency',
  'percent',
  'boolean',
  'date',
  'datetime',
  'time',
]);

/** `value` as a SOQL literal for a field of `fieldType`: text in single quotes (with `\` and
 * `'` escaped), numbers, booleans and dates as typed. */
export function literal(value: string, fieldType: string): string {
  const v = value.trim();
  if (UNQUOTED.has(fieldType) || v.toLowerCase() === 'null') return v;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The rows with a field chosen as one SOQL condition, joined by AND. */
export function conditionOf(rows: FilterRow[], fields: TargetField[]): string {
  return rows
    .filter((r) => r.field !== '')
    .map((r) => {
      const type = fields.find((f) => f.name === r.field)?.fieldType ?? 'string';
      if (r.operator === 'IN') {
        const values = r.value.split(',').filter((v) => v.trim() !== '');
        return `${r.field} IN (${values.map((v) => literal(v.trim(), type)).join(', ')})`;
      }
      // LIKE compares text only, so its pattern is always quoted.
      const value = r.operator === 'LIKE' ? literal(r.value, 'string') : literal(r.value, type);
      return `${r.field} ${r.operator} ${value}`;
    })
    .join(' AND ');
}

/** The condition the filter makes: the text typed, or the rows'. */
export function filterCondition(filter: FilterDraft, fields: TargetField[]): string {
  return (filter.asText ? filter.text : conditionOf(filter.rows, fields)).trim();
}

export interface ExportTargetDraft {
  kind: 'api' | 'file';
  /** An `http` connection (API targets). */
  connection: string;
  method: WriteMethod;
  /** The path template, `{{field}}` taking a mapped record's value (API targets). */
  path: string;
  file: string;
  format: ExportFormat;
  /** JSON records per request, as typed. */
  batch: string;
  csv: CsvOptions;
  /** Extra request headers (API targets). */
  headers: Row[];
}

export const emptyExportTarget: ExportTargetDraft = {
  kind: 'api',
  connection: '',
  method: 'POST',
  path: '',
  file: '',
  format: 'json',
  batch: '1',
  csv: { delimiter: ',', quote: '"', header: true },
  headers: [],
};

/** "Send only what changed since the last run": SystemModstamp (what export runs follow),
 * and a lookback. An export's cursor is always written as rfc3339 and ties are
 * broken by Id, so the flow asks for neither. */
export interface ExportIncrementalDraft extends LookbackDraft {
  enabled: boolean;
  /** A datetime field's API name; empty: none chosen. */
  cursor: string;
}

export const emptyExportIncremental: ExportIncrementalDraft = {
  enabled: false,
  cursor: '',
  lookback: '',
  unit: 'h',
};

/** The cursor an export follows changes by: SystemModstamp (changed by every write, the
 * system's too), the field its runs order and resume by; none when the object lacks it. */
export function defaultCursor(fields: TargetField[]): string {
  return fields.some((f) => f.name === 'SystemModstamp' && f.fieldType === 'datetime')
    ? 'SystemModstamp'
    : '';
}

/** The limit as the document writes it; none when the box is empty. */
export function limitOf(limit: string): number | undefined {
  const text = limit.trim();
  return text === '' ? undefined : Number(text);
}

/** What is wrong with the header rows: a value without a name, a name HTTP does not allow,
 * a name given twice. */
function headerProblems(rows: Row[]): string[] {
  const out: string[] = [];
  if (rows.some((r) => r.key.trim() === '' && r.value !== '')) {
    out.push('a name for every header');
  }
  const names = rows.map((r) => r.key.trim()).filter((k) => k !== '');
  const bad = names.filter((k) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k));
  if (bad.length > 0) {
    const named = bad.map((k) => `"${k}"`).join(', ');
    out.push(`header names without spaces or separators (not ${named})`);
  }
  if (new Set(names.map((k) => k.toLowerCase())).size < names.length) {
    out.push('distinct header names');
  }
  return out;
}

/** A Salesforce field path's default output key: `Account.Name` is `Account_Name`. */
export function outputKey(source: string): string {
  return source.replace(/\./g, '_');
}

/** Each chosen field with its output key: the one typed, else the default. */
export function mappingRows(
  fields: string[],
  keys: Record<string, string>,
): { source: string; target: string }[] {
  return fields.map((source) => ({ source, target: keys[source] ?? outputKey(source) }));
}

export interface ExportDrafts {
  name: string;
  connection: string;
  object: string;
  /** The filter's condition; empty: every record. */
  where: string;
  /** At most this many records, as typed; empty: no limit. */
  limit: string;
  incremental: ExportIncrementalDraft;
  target: ExportTargetDraft;
  fields: string[];
  keys: Record<string, string>;
}

function targetOf(t: ExportTargetDraft): ExportTarget {
  const api = t.kind === 'api';
  return withoutUndefined({
    connection: api ? t.connection : undefined,
    file: api ? undefined : t.file.trim(),
    method: api ? t.method : 'POST',
    path: api ? t.path.trim() : undefined,
    format: t.format,
    // A file gets every record; records per request are an API's.
    batch: api && t.format === 'json' ? Number(t.batch) : 1,
    csv: t.format === 'csv' ? t.csv : undefined,
    headers: api ? rowsToMap(t.headers) : {},
  });
}

/** The export option document saved at the end. */
export function exportOption(d: ExportDrafts, active: boolean): SyncOption {
  const inc = d.incremental;
  const option: ExportOption = withoutUndefined({
    name: d.name.trim(),
    active,
    order: 0,
    source: withoutUndefined({
      connection: d.connection,
      object: d.object,
      where: d.where === '' ? undefined : d.where,
      limit: limitOf(d.limit),
      api: 'auto' as const,
    }),
    target: targetOf(d.target),
    mapping: {
      fields: mappingRows(d.fields, d.keys).map((r) => ({ ...r, target: r.target.trim() })),
    },
    incremental: inc.enabled
      ? withoutUndefined({ cursor: inc.cursor, lookback: lookbackOf(inc) })
      : undefined,
  });
  return { direction: 'export', ...option };
}

/** What is still needed before the option can be saved, in the order of the steps. */
export function missingForExport(d: ExportDrafts, filterRefused: boolean): string[] {
  const out: string[] = [];
  if (d.connection === '') out.push('a Salesforce connection');
  if (d.object === '') out.push('the object');
  if (d.fields.length === 0) out.push('at least one field');
  if (filterRefused) out.push('a filter Salesforce accepts');
  const limit = d.limit.trim();
  if (limit !== '' && !(/^[1-9]\d*$/.test(limit) && Number.isSafeInteger(Number(limit)))) {
    out.push('a whole number above 0 for the limit');
  }
  if (d.incremental.enabled) {
    if (d.incremental.cursor === '') out.push('the cursor field');
    out.push(...lookbackMissing(d.incremental));
  }
  const t = d.target;
  if (t.kind === 'api') {
    if (t.connection === '') out.push('an HTTP connection');
    if (t.path.trim() === '') out.push('the path');
  } else if (t.file.trim() === '') out.push('the file');
  if (t.kind === 'api' && t.format === 'json' && !/^[1-9]\d*$/.test(t.batch.trim())) {
    out.push('a whole number of records per request');
  }
  if (t.kind === 'api') out.push(...headerProblems(t.headers));
  const targets = mappingRows(d.fields, d.keys).map((r) => r.target.trim());
  if (targets.some((k) => k === '')) out.push('an output key for every field');
  else if (new Set(targets.map((k) => k.toLowerCase())).size < targets.length) {
    out.push('distinct output keys');
  }
  if (d.name.trim() === '') out.push('a name');
  return out;
}

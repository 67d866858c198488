// An option's document as the Options screen's detail form edits it: each field of its
// source, target and incremental section as text, read back into the field's type (the types
// generated from crates/model, ui/src/bindings). A text that does not fit its field is refused
// with the field's name, before anything is sent; the service validates the document again.

import type { ApiError } from '../types';
import type { CursorFormat } from '../bindings/CursorFormat';
import type {
  CsvOptions,
  ExportFormat,
  ExportTarget,
  HttpSource,
  Incremental,
  JsonValue,
  Paging,
  ReadMethod,
  SalesforceApi,
  SalesforceSource,
  SalesforceTarget,
  SyncOption,
  WriteMethod,
  WriteOperation,
} from './syncBackend';

/** The sections of an option the form edits field by field. */
export const SECTIONS = ['source', 'target', 'incremental'] as const;

/** A field's value as the form edits it: scalars as text, anything else as JSON. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The form's texts of an option: `name`, `description` and `section.key` per field. */
export function optionTexts(option: SyncOption): Record<string, string> {
  const out: Record<string, string> = {
    name: option.name,
    description: asText(option.description),
  };
  for (const s of SECTIONS) {
    const section = option[s];
    if (section === undefined) continue;
    for (const [k, v] of Object.entries(section)) out[`${s}.${k}`] = asText(v);
  }
  return out;
}

function refused(field: string, expected: string): ApiError {
  return { code: 'INVALID_CONFIG', message: `${field}: ${expected}` };
}

/** Reads a field's text back; `original` is the value the form opened on. */
type Read<T> = (text: string, field: string, original: T) => T;

/** A reader for every field of a section (optional ones included). */
type Readers<S> = { [K in keyof S]-?: Read<S[K]> };

const text: Read<string> = (t) => t;

const optionalText: Read<string | undefined> = (t) => (t === '' ? undefined : t);

const number: Read<number> = (t, field) => {
  const n = Number(t);
  if (t.trim() === '' || !Number.isFinite(n)) throw refused(field, 'a number is needed');
  return n;
};

const optionalNumber: Read<number | undefined> = (t, field) =>
  t.trim() === '' ? undefined : number(t, field, 0);

const count: Read<number> = (t, field) => {
  const n = number(t, field, 0);
  if (!Number.isSafeInteger(n) || n < 0) throw refused(field, 'a whole number is needed');
  return n;
};

const optionalCount: Read<number | undefined> = (t, field) =>
  t.trim() === '' ? undefined : count(t, field, 0);

/** One of a string enum's values; `all` names every one (the compiler checks it does). */
function oneOf<T extends string>(all: Record<T, true>): Read<T> {
  const isOne = (t: string): t is T => Object.hasOwn(all, t);
  return (t, field) => {
    if (isOne(t)) return t;
    throw refused(field, `one of ${Object.keys(all).join(', ')}`);
  };
}

function parsed(t: string, field: string): unknown {
  try {
    return JSON.parse(t) as unknown;
  } catch (reason) {
    const error: ApiError = {
      code: 'INVALID_JSON',
      message: `${field}: ${reason instanceof Error ? reason.message : String(reason)}`,
    };
    throw error;
  }
}

function jsonValue(v: unknown, field: string): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    return v;
  }
  if (Array.isArray(v)) {
    return v.map((item: unknown, i) => jsonValue(item, `${field}[${String(i)}]`));
  }
  if (isObject(v)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, item] of Object.entries(v)) out[k] = jsonValue(item, `${field}.${k}`);
    return out;
  }
  throw refused(field, 'a JSON value is needed');
}

/** A request body: kept as text when it was a string, JSON otherwise; empty is none. */
const optionalBody: Read<JsonValue | undefined> = (t, field, original) => {
  if (typeof original === 'string') return t;
  return t.trim() === '' ? undefined : jsonValue(parsed(t, field), field);
};

/** A JSON object whose keys are all among `keys` (the Rust types refuse any other). */
function objectOf(v: unknown, field: string, keys: readonly string[]): Record<string, unknown> {
  if (!isObject(v)) throw refused(field, 'a JSON object is needed');
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw refused(field, `unknown field ${extra.join(', ')}`);
  return v;
}

function stringIn(v: unknown, field: string): string {
  if (typeof v !== 'string') throw refused(field, 'a string is needed');
  return v;
}

function optionalStringIn(v: unknown, field: string): string | undefined {
  return v === undefined ? undefined : stringIn(v, field);
}

function countIn(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw refused(field, 'a whole number is needed');
  }
  return v;
}

/** Query parameters or headers: a JSON object of strings; empty is none. */
const stringMap: Read<Record<string, string>> = (t, field) => {
  if (t.trim() === '') return {};
  const v = parsed(t, field);
  if (!isObject(v)) throw refused(field, 'a JSON object is needed');
  const out: Record<string, string> = {};
  for (const [k, item] of Object.entries(v)) out[k] = stringIn(item, `${field}.${k}`);
  return out;
};

const paging: Read<Paging> = (t, field) => {
  const v = parsed(t, field);
  if (!isObject(v)) throw refused(field, 'a JSON object is needed');
  const at = (key: string) => `${field}.${key}`;
  const only = (keys: string[]) => {
    objectOf(v, field, ['type', ...keys]);
  };
  const type = v.type;
  switch (type) {
    case 'none':
    case 'link':
      only([]);
      return { type };
    case 'nextUrl':
      only(['path']);
      return { type, path: stringIn(v.path, at('path')) };
    case 'cursor':
      only(['path', 'param']);
      return { type, path: stringIn(v.path, at('path')), param: stringIn(v.param, at('param')) };
    case 'offset':
      only(['param', 'pageSize', 'limitParam']);
      return {
        type,
        param: stringIn(v.param, at('param')),
        pageSize: countIn(v.pageSize, at('pageSize')),
        limitParam: optionalStringIn(v.limitParam, at('limitParam')),
      };
    case 'page':
      only(['param', 'pageSize', 'sizeParam', 'start']);
      return {
        type,
        param: stringIn(v.param, at('param')),
        pageSize: v.pageSize === undefined ? undefined : countIn(v.pageSize, at('pageSize')),
        sizeParam: optionalStringIn(v.sizeParam, at('sizeParam')),
        start: countIn(v.start, at('start')),
      };
    default:
      throw refused(at('type'), 'one of none, nextUrl, cursor, link, offset, page');
  }
};

/** One character, as a Rust `char` is: one Unicode code point. */
function charIn(v: unknown, field: string): string {
  if (typeof v !== 'string' || !/^.$/su.test(v)) throw refused(field, 'one character is needed');
  return v;
}

const optionalCsv: Read<CsvOptions | undefined> = (t, field) => {
  if (t.trim() === '') return undefined;
  const v = objectOf(parsed(t, field), field, ['delimiter', 'quote', 'header']);
  if (typeof v.header !== 'boolean') throw refused(`${field}.header`, 'true or false is needed');
  return {
    delimiter: charIn(v.delimiter, `${field}.delimiter`),
    quote: charIn(v.quote, `${field}.quote`),
    header: v.header,
  };
};

const salesforceApi = oneOf<SalesforceApi>({ auto: true, rest: true, bulk: true });

const HTTP_SOURCE: Readers<HttpSource> = {
  connection: text,
  method: oneOf<ReadMethod>({ GET: true, POST: true }),
  path: text,
  params: stringMap,
  headers: stringMap,
  body: optionalBody,
  recordsPath: optionalText,
  paging,
  maxPages: count,
  maxPageBytes: count,
  keyPath: optionalText,
};

const SALESFORCE_TARGET: Readers<SalesforceTarget> = {
  connection: text,
  object: text,
  operation: oneOf<WriteOperation>({ insert: true, update: true, upsert: true, delete: true }),
  externalId: optionalText,
  api: salesforceApi,
  batchSize: count,
  bulkThreshold: count,
  quotaShare: optionalNumber,
};

const SALESFORCE_SOURCE: Readers<SalesforceSource> = {
  connection: text,
  object: text,
  where: optionalText,
  limit: optionalCount,
  api: salesforceApi,
};

const EXPORT_TARGET: Readers<ExportTarget> = {
  connection: optionalText,
  file: optionalText,
  method: oneOf<WriteMethod>({ POST: true, PUT: true, PATCH: true }),
  path: optionalText,
  format: oneOf<ExportFormat>({ json: true, form: true, csv: true }),
  batch: count,
  csv: optionalCsv,
  headers: stringMap,
  quotaShare: optionalNumber,
};

const INCREMENTAL: Readers<Incremental> = {
  cursor: text,
  lookback: optionalText,
  tieBreaker: optionalText,
  format: (t, field) =>
    t.trim() === ''
      ? undefined
      : oneOf<CursorFormat>({ rfc3339: true, date: true, unixSeconds: true, unixMillis: true })(
          t,
          field,
          'rfc3339',
        ),
};

function isField<S extends object>(readers: Readers<S>, key: string): key is keyof S & string {
  return Object.hasOwn(readers, key);
}

function readInto<S, K extends keyof S>(
  out: S,
  key: K,
  read: Read<S[K]>,
  text: string,
  field: string,
): void {
  out[key] = read(text, field, out[key]);
}

/** `section` with each of its fields read back from the form's `texts`. */
function readSection<S extends object>(
  name: (typeof SECTIONS)[number],
  section: S,
  readers: Readers<S>,
  texts: Record<string, string>,
): S {
  const out = { ...section };
  for (const key of Object.keys(section)) {
    if (!isField(readers, key)) continue;
    const field = `${name}.${key}`;
    readInto(out, key, readers[key], texts[field] ?? '', field);
  }
  return out;
}

/** `option` with the form's texts read back into it; throws an `ApiError` naming the first
 * field whose text does not fit its type. The mapping and every other field are kept. */
export function editedOption(option: SyncOption, texts: Record<string, string>): SyncOption {
  const common = {
    name: texts.name ?? '',
    description: optionalText(texts.description ?? '', 'description', option.description),
    incremental:
      option.incremental && readSection('incremental', option.incremental, INCREMENTAL, texts),
  };
  if (option.direction === 'import') {
    return {
      ...option,
      ...common,
      source: readSection('source', option.source, HTTP_SOURCE, texts),
      target: readSection('target', option.target, SALESFORCE_TARGET, texts),
    };
  }
  return {
    ...option,
    ...common,
    source: readSection('source', option.source, SALESFORCE_SOURCE, texts),
    target: readSection('target', option.target, EXPORT_TARGET, texts),
  };
}

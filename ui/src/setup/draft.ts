// The new import option as the setup flow edits it, and what it becomes: the request of each
// sample fetch, the describe auto-map reads, and the option document saved at the end (the
// types generated from crates/model, ui/src/bindings).

import type { CursorFormat } from '../bindings/CursorFormat';
import type { ImportOption } from '../bindings/ImportOption';
import type { Paging } from '../bindings/Paging';
import type { ReadMethod } from '../bindings/ReadMethod';
import type { SampleRequest } from '../bindings/SampleRequest';
import type { SourceField } from '../bindings/SourceField';
import type { SyncOption } from '../bindings/SyncOption';
import type { WriteOperation } from '../bindings/WriteOperation';
import type { JsonValue } from '../bindings/serde_json/JsonValue';
import { dropSource, fieldIndexOf, type Mapping } from '../editor/model';
import type { ApiError, SuggestedField } from '../types';

/** One key/value row of the query parameters or headers. */
export interface Row {
  key: string;
  value: string;
}

export interface SourceDraft {
  connection: string;
  method: ReadMethod;
  path: string;
  params: Row[];
  headers: Row[];
  /** The POST body as typed (JSON); ignored for GET. */
  body: string;
}

export type LookbackUnit = 'm' | 'h' | 'd';

/** How far before the checkpoint a run reads again, as the import and the export flows
 * draft it: an amount and its unit. */
export interface LookbackDraft {
  /** The lookback's amount as typed; empty: none. */
  lookback: string;
  unit: LookbackUnit;
}

export interface IncrementalDraft extends LookbackDraft {
  enabled: boolean;
  cursor: string;
  /** The query parameter, or the body's dotted key, that sends the checkpoint (`{{since}}`). */
  param: string;
  /** Where the checkpoint goes: a query parameter, or (a POST's) JSON body. */
  to: 'query' | 'body';
  format: CursorFormat;
}

export interface TargetDraft {
  connection: string;
  object: string;
  operation: WriteOperation;
  /** Empty: none. */
  externalId: string;
}

export const emptySource: SourceDraft = {
  connection: '',
  method: 'GET',
  path: '',
  params: [],
  headers: [],
  body: '',
};

export const emptyIncremental: IncrementalDraft = {
  enabled: false,
  cursor: '',
  param: '',
  to: 'query',
  format: 'rfc3339',
  lookback: '',
  unit: 'h',
};

export const emptyTarget: TargetDraft = {
  connection: '',
  object: '',
  operation: 'upsert',
  externalId: '',
};

/** The rows with a key, as a map (a later row wins over an earlier one). */
export function rowsToMap(rows: Row[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key !== '') out[key] = row.value;
  }
  return out;
}

/** The POST body parsed; none for GET or an empty box. A body that is no JSON is refused. */
export function bodyOf(source: SourceDraft): JsonValue | undefined {
  if (source.method !== 'POST' || source.body.trim() === '') return undefined;
  try {
    // JSON.parse gives JSON values only.
    return JSON.parse(source.body) as JsonValue;
  } catch (reason) {
    const error: ApiError = {
      code: 'INVALID_JSON',
      message: `Body: ${reason instanceof Error ? reason.message : String(reason)}`,
    };
    throw error;
  }
}

/** The checkpoint goes in the body: asked for, on a POST. */
export function sinceInBody(source: SourceDraft, inc: IncrementalDraft): boolean {
  return inc.to === 'body' && source.method === 'POST';
}

/** `body` (none: `{}`) with `"{{since}}"` at the dotted `key`, objects made on the way; a run
 * with no checkpoint yet leaves that key out. */
export function withSince(body: JsonValue | undefined, key: string): JsonValue {
  const root: { [k: string]: JsonValue } =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? structuredClone(body) : {};
  const keys = key.split('.');
  let at = root;
  for (const k of keys.slice(0, -1)) {
    const next = at[k];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) at = next;
    else {
      const made: { [k: string]: JsonValue } = {};
      at[k] = made;
      at = made;
    }
  }
  at[keys[keys.length - 1] ?? key] = '{{since}}';
  return root;
}

/** The object without its undefined keys, so documents hold only what was set. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** What "Fetch sample" sends: the source as drafted, and what the later steps chose. */
export function sampleRequest(
  source: SourceDraft,
  chosen: { recordsPath?: string; paging?: Paging; pages?: number } = {},
): SampleRequest {
  return withoutUndefined({
    connection: source.connection,
    method: source.method,
    path: source.path,
    params: rowsToMap(source.params),
    headers: rowsToMap(source.headers),
    body: bodyOf(source),
    recordsPath: chosen.recordsPath,
    paging: chosen.paging === undefined ? undefined : withoutUndefined(chosen.paging),
    pages: chosen.pages,
  });
}

/** The lookback as the document writes it (`48h`); none when no amount is given. */
export function lookbackOf(draft: LookbackDraft): string | undefined {
  const amount = draft.lookback.trim();
  if (amount === '') return undefined;
  return `${amount}${draft.unit}`;
}

/** What a lookback still needs: nothing, or a whole amount in place of the one typed. */
export function lookbackMissing(draft: LookbackDraft): string[] {
  const amount = draft.lookback.trim();
  return amount !== '' && !/^\d+$/.test(amount) ? ['a whole number for the lookback'] : [];
}

/** The format a cursor field is most likely written in, from its kind and sample. */
export function likelyFormat(field: SourceField): CursorFormat {
  if (field.kind === 'date') return 'date';
  if (field.kind === 'integer' || field.kind === 'number') {
    return field.sample.replace(/\D/g, '').length >= 13 ? 'unixMillis' : 'unixSeconds';
  }
  return 'rfc3339';
}

/** The mapping of every suggestion taken, each with its transforms, as "Accept" makes it. */
export function mappingFrom(suggestions: SuggestedField[]): Mapping {
  let mapping: Mapping = { fields: [] };
  for (const s of suggestions) {
    mapping = dropSource(mapping, s.source, s.target);
    const index = fieldIndexOf(mapping, s.target);
    if (s.transforms.length === 0 || index < 0) continue;
    mapping = {
      ...mapping,
      fields: mapping.fields.map((f, i) =>
        i === index
          ? { ...f, transforms: [...(f.transforms ?? []), ...s.transforms.map((t) => t.transform)] }
          : f,
      ),
    };
  }
  return mapping;
}

/** The defaults crates/model gives the fields the flow does not ask for. */
const MAX_PAGES = 100;
const MAX_PAGE_BYTES = 5 * 1024 * 1024;
const BATCH_SIZE = 200;
const BULK_THRESHOLD = 2000;

export interface Drafts {
  name: string;
  source: SourceDraft;
  recordsPath: string | undefined;
  paging: Paging;
  incremental: IncrementalDraft;
  target: TargetDraft;
  mapping: Mapping;
}

/** The import option document saved at the end. */
export function importOption(d: Drafts): SyncOption {
  const params = rowsToMap(d.source.params);
  const inc = d.incremental;
  const inBody = inc.enabled && sinceInBody(d.source, inc);
  if (inc.enabled && !inBody) params[inc.param.trim()] = '{{since}}';
  const body = inBody ? withSince(bodyOf(d.source), inc.param.trim()) : bodyOf(d.source);
  const option: ImportOption = withoutUndefined({
    name: d.name.trim(),
    active: true,
    order: 0,
    source: withoutUndefined({
      connection: d.source.connection,
      method: d.source.method,
      path: d.source.path,
      params,
      headers: rowsToMap(d.source.headers),
      body,
      recordsPath: d.recordsPath,
      paging: withoutUndefined(d.paging),
      maxPages: MAX_PAGES,
      maxPageBytes: MAX_PAGE_BYTES,
    }),
    target: withoutUndefined({
      connection: d.target.connection,
      object: d.target.object,
      operation: d.target.operation,
      externalId: d.target.externalId === '' ? undefined : d.target.externalId,
      api: 'auto' as const,
      batchSize: BATCH_SIZE,
      bulkThreshold: BULK_THRESHOLD,
    }),
    mapping: d.mapping as unknown as JsonValue,
    incremental: inc.enabled
      ? withoutUndefined({ cursor: inc.cursor, format: inc.format, lookback: lookbackOf(inc) })
      : undefined,
    guard: 'warn' as const,
  });
  return { direction: 'import', ...option };
}

/** The sample against the request as it is now: none fetched, fetched for an earlier
 * request, or fetched for this one. */
export type SampleState = 'none' | 'stale' | 'fresh';

/** What is still needed before the option can be saved, in the order of the steps. */
export function missing(
  d: Omit<Drafts, 'mapping'>,
  sample: SampleState,
  described: boolean,
): string[] {
  const out: string[] = [];
  if (d.source.connection === '') out.push('an HTTP connection');
  if (sample === 'none') out.push('a fetched sample');
  else if (sample === 'stale') out.push('a sample fetched again for the changed request');
  else if (d.recordsPath === undefined) out.push('records in the answer');
  if (d.incremental.enabled) {
    if (d.incremental.cursor === '') out.push('the cursor field');
    if (d.incremental.param.trim() === '') {
      out.push(
        sinceInBody(d.source, d.incremental)
          ? 'the body key that sends the cursor'
          : 'the parameter that sends the cursor',
      );
    }
    out.push(...lookbackMissing(d.incremental));
  }
  if (d.target.connection === '') out.push('a Salesforce connection');
  if (d.target.object === '') out.push('the object');
  else if (!described) out.push("the object's fields");
  if (d.target.operation === 'upsert' && d.target.externalId === '') out.push('the external ID');
  if (d.name.trim() === '') out.push('a name');
  return out;
}

// The new import option from another Salesforce org as the guided flow edits it, and the
// option document it saves: a query on the source org's object (an optional condition), the
// target object, and how target records are matched (an external ID, or fields such as
// Email, docs/config.md).

import type { ImportOption } from '../bindings/ImportOption';
import type { SyncOption } from '../bindings/SyncOption';
import type { TargetField } from '../bindings/TargetField';
import type { TargetObject } from '../bindings/TargetObject';
import type { JsonValue } from '../bindings/serde_json/JsonValue';
import type { Mapping } from '../editor/model';
import type { SuggestedField } from '../types';
import { withoutUndefined, type TargetDraft } from './draft';

export interface OrgImportDrafts {
  name: string;
  /** The source org's connection and object. */
  source: { connection: string; object: string };
  /** The SOQL condition (without WHERE); empty: every record. */
  where: string;
  target: TargetDraft;
  /** The target fields records are matched on, instead of the external ID; empty: none. */
  matchOn: string[];
  mapping: Mapping;
}

/** The defaults crates/model gives the target fields the flow does not ask for. */
const BATCH_SIZE = 200;
const BULK_THRESHOLD = 2000;

/** The import option document saved at the end. */
export function orgImportOption(d: OrgImportDrafts): SyncOption {
  const matching = d.target.operation === 'update' || d.target.operation === 'upsert';
  const matchOn = matching && d.matchOn.length > 0 ? d.matchOn : undefined;
  const option: ImportOption = withoutUndefined({
    name: d.name.trim(),
    active: true,
    order: 0,
    source: withoutUndefined({
      connection: d.source.connection,
      object: d.source.object,
      where: d.where.trim() === '' ? undefined : d.where.trim(),
      api: 'auto' as const,
    }),
    target: withoutUndefined({
      connection: d.target.connection,
      object: d.target.object,
      operation: d.target.operation,
      externalId: matchOn !== undefined || d.target.externalId === '' ? undefined : d.target.externalId,
      matchOn,
      api: 'auto' as const,
      batchSize: BATCH_SIZE,
      bulkThreshold: BULK_THRESHOLD,
    }),
    mapping: d.mapping as unknown as JsonValue,
    guard: 'warn' as const,
  });
  return { direction: 'import', ...option };
}

/** The fields an object's records are usually matched on when copied between orgs. */
const USUAL_MATCH: Record<string, string> = { Contact: 'Email', Lead: 'Email', Account: 'Name' };

/** How the target's records are matched, proposed from its fields: Email for contacts and
 * leads, Name for accounts, else its external ID field when it has a single one. */
export function proposedMatch(target: TargetObject): { externalId: string; matchOn: string[] } {
  const usual = USUAL_MATCH[target.name];
  if (usual !== undefined && target.fields.some((f) => f.name === usual)) {
    return { externalId: '', matchOn: [usual] };
  }
  const ids = target.fields.filter((f) => f.externalId);
  return { externalId: ids.length === 1 ? (ids[0]?.name ?? '') : '', matchOn: [] };
}

/** The target fields records can be matched on: any but the Id and long text. */
export function matchableFields(target: TargetObject): TargetField[] {
  // Values a person recognises in both orgs: text, email, phone, numbers, dates, picklists;
  // not Ids, lookups (another org's Ids), checkboxes or long text. External IDs first, then
  // the fields written by people, then the org's own (audit) fields.
  const kinds = new Set(['string', 'email', 'phone', 'url', 'picklist', 'int', 'double', 'currency', 'date', 'combobox']);
  const rank = (f: TargetField) => (f.externalId ? 0 : f.createable ? 1 : 2);
  return target.fields
    .filter((f) => kinds.has(f.fieldType))
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

/** The suggestions auto-map makes that fit a copy between orgs: an Id or a lookup copied as
 * it is holds the source org's Ids, which mean nothing in the target, so a lookup is kept
 * only when it is set through a `reference` (by the parent's name, `Account.Name`, or an
 * external ID), as auto-map told the source is an org proposes them. */
export function orgSuggestions(suggestions: SuggestedField[], target: TargetObject): SuggestedField[] {
  const lookups = new Set(
    target.fields.filter((f) => f.fieldType === 'id' || f.fieldType === 'reference').map((f) => f.name),
  );
  const byReference = (s: SuggestedField) => s.transforms.some((t) => 'reference' in t.transform);
  return suggestions.filter((s) => !lookups.has(s.target) || byReference(s));
}

/** What is still needed before the option can be saved, in the order of the steps. */
export function missingForOrgImport(
  d: Omit<OrgImportDrafts, 'mapping'>,
  state: { sourceDescribed: boolean; filterRefused: boolean; sampled: boolean; targetDescribed: boolean },
): string[] {
  const out: string[] = [];
  if (d.source.connection === '') out.push('the source org');
  if (d.source.object === '') out.push('the source object');
  else if (!state.sourceDescribed) out.push("the source object's fields");
  if (state.filterRefused) out.push('a filter Salesforce accepts');
  if (!state.sampled) out.push('sample records read');
  if (d.target.connection === '') out.push('the target org');
  if (d.target.object === '') out.push('the target object');
  else if (!state.targetDescribed) out.push("the target object's fields");
  if (d.target.operation === 'upsert' && d.target.externalId === '' && d.matchOn.length === 0) {
    out.push('the external ID or the fields to match on');
  }
  if (d.name.trim() === '') out.push('a name');
  return out;
}

import { describe, expect, it } from 'vitest';
import { accountObject, contactObject, invoiceObject, paymentObject } from '../test/setupBackend';
import type { TargetField } from '../bindings/TargetField';
import type { SuggestedField } from '../bindings/SuggestedField';
import { matchableFields, orgSuggestions, proposedMatch } from './orgDraft';

describe('the match proposed for an import from another org', () => {
  it('is Email for contacts, Name for accounts, else the single external ID field', () => {
    expect(proposedMatch(contactObject)).toEqual({ externalId: '', matchOn: ['Email'] });
    expect(proposedMatch(accountObject)).toEqual({ externalId: '', matchOn: ['Name'] });
    const oneId = { ...invoiceObject, fields: invoiceObject.fields.slice(0, 4) };
    expect(proposedMatch(oneId)).toEqual({ externalId: 'Invoice_Number__c', matchOn: [] });
    // Two external IDs: the admin chooses.
    expect(proposedMatch(invoiceObject)).toEqual({ externalId: '', matchOn: [] });
    expect(proposedMatch(paymentObject)).toEqual({ externalId: '', matchOn: [] });
  });
});

describe('the fields offered to match records on', () => {
  it('are values both orgs share: no Ids, lookups or checkboxes, external IDs first', () => {
    const field = (name: string, fieldType: string, more: Partial<TargetField> = {}): TargetField => ({
      name,
      label: name,
      fieldType,
      length: null,
      required: false,
      externalId: false,
      createable: true,
      updateable: true,
      picklistValues: [],
      referenceTo: [],
      ...more,
    });
    const object = {
      ...contactObject,
      fields: [
        field('Id', 'id', { createable: false }),
        field('IsDeleted', 'boolean', { createable: false }),
        field('CreatedDate', 'datetime', { createable: false }),
        field('OwnerId', 'reference'),
        field('LastName', 'string'),
        field('Email', 'email'),
        field('Description', 'textarea'),
        field('Legacy_Id__c', 'string', { externalId: true }),
      ],
    };
    expect(matchableFields(object).map((f) => f.name)).toEqual(['Legacy_Id__c', 'LastName', 'Email']);
  });
});

describe('the suggestions kept for an import from another org', () => {
  it('drop Ids and lookups copied as they are, and keep lookups set by a reference', () => {
    const suggested = (source: string, target: string, transform?: Record<string, unknown>): SuggestedField => ({
      source,
      target,
      matched_by: transform === undefined ? 'api_name' : 'relationship',
      reason: '',
      transforms: transform === undefined ? [] : [{ transform, reason: '' }],
    });
    const byName = suggested('Account.Name', 'AccountId', { reference: { object: 'Account', matchOn: 'Name' } });
    const kept = orgSuggestions(
      [suggested('Id', 'Id'), suggested('AccountId', 'AccountId'), suggested('Email', 'Email'), byName],
      contactObject,
    );
    expect(kept.map((s) => s.source)).toEqual(['Email', 'Account.Name']);
  });
});

import { describe, expect, it } from 'vitest';
import { accountObject, contactObject, invoiceObject, paymentObject } from '../test/setupBackend';
import { proposedMatch } from './orgDraft';

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

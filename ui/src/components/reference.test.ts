import { describe, expect, it } from 'vitest';
import { referenceText } from './reference';

describe('referenceText', () => {
  it('reads a parent link by external ID', () => {
    expect(
      referenceText({ attributes: { type: 'Invoice__c' }, invoice_id__c: 'INV-000001' }),
    ).toBe('Invoice__c by invoice_id__c = INV-000001');
    expect(referenceText({ attributes: { type: 'Account' }, Number__c: 42 })).toBe(
      'Account by Number__c = 42',
    );
  });

  it('leaves every other value alone', () => {
    expect(referenceText('INV-000001')).toBeNull();
    expect(referenceText(null)).toBeNull();
    expect(referenceText([1, 2])).toBeNull();
    expect(referenceText({ invoice_id__c: 'INV-000001' })).toBeNull();
    expect(referenceText({ attributes: { type: 'Invoice__c' } })).toBeNull();
    expect(referenceText({ attributes: { type: 'Invoice__c' }, a: '1', b: '2' })).toBeNull();
    expect(referenceText({ attributes: { type: 'Invoice__c' }, a: { nested: 1 } })).toBeNull();
    expect(referenceText({ attributes: {}, a: '1' })).toBeNull();
  });
});

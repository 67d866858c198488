import { describe, expect, it } from 'vitest';
import { exportDocument, importDocument } from '../test/syncFixtures';
import { editedOption, optionTexts } from './optionDocument';
import type { SyncOption } from './syncBackend';

/** The option read back after `edits` to the texts the form opens with. */
function edited(option: SyncOption, edits: Record<string, string>): SyncOption {
  return editedOption(option, { ...optionTexts(option), ...edits });
}

function refusal(option: SyncOption, edits: Record<string, string>): unknown {
  try {
    edited(option, edits);
  } catch (reason) {
    return reason;
  }
  return null;
}

describe('an option read back from the detail form', () => {
  it('is the option itself when nothing was edited', () => {
    const invoices = importDocument('invoices');
    expect(edited(invoices, {})).toEqual(invoices);
    const contacts = exportDocument('contacts-out', 'Contact');
    expect(edited(contacts, {})).toEqual(contacts);
  });

  it('reads each field back with its type and leaves out an emptied optional one', () => {
    const option = edited(importDocument('invoices'), {
      description: '',
      'source.maxPages': '5',
      'source.paging': '{"type":"cursor","path":"$.next","param":"after"}',
      'source.headers': '{"Accept":"application/json"}',
      'target.api': 'bulk',
      'incremental.cursor': 'modified',
    });
    expect(option.description).toBeUndefined();
    expect(option.source).toMatchObject({
      maxPages: 5,
      paging: { type: 'cursor', path: '$.next', param: 'after' },
      headers: { Accept: 'application/json' },
    });
    expect(option.target).toMatchObject({ api: 'bulk' });
    expect(option.incremental).toEqual({ cursor: 'modified' });
  });

  it('refuses a text that does not fit its field, naming the field', () => {
    const invoices = importDocument('invoices');
    expect(refusal(invoices, { 'source.maxPages': 'all' })).toEqual({
      code: 'INVALID_CONFIG',
      message: 'source.maxPages: a number is needed',
    });
    expect(refusal(invoices, { 'source.method': 'PUT' })).toMatchObject({
      message: 'source.method: one of GET, POST',
    });
    expect(refusal(invoices, { 'source.params': '{"a": 1}' })).toMatchObject({
      message: 'source.params.a: a string is needed',
    });
    expect(refusal(invoices, { 'source.paging': '{"type":"cursor","path":"$.next"}' })).toMatchObject({
      message: 'source.paging.param: a string is needed',
    });
    expect(refusal(invoices, { 'source.paging': '{"type":"none","pageSize":50}' })).toMatchObject({
      message: 'source.paging: unknown field pageSize',
    });
    expect(refusal(invoices, { 'source.paging': '{"type":' })).toMatchObject({
      code: 'INVALID_JSON',
    });
  });

  it('keeps a request body given as a string as the text typed', () => {
    const invoices = importDocument('invoices');
    if (invoices.direction !== 'import') throw new Error('an import option');
    const posted: SyncOption = {
      ...invoices,
      source: { ...invoices.source, method: 'POST', body: 'q=1' },
    };
    expect(edited(posted, { 'source.body': 'q=2' }).source).toMatchObject({ body: 'q=2' });
  });

  it("reads an export's CSV options, one character per delimiter and quote", () => {
    const contacts = exportDocument('contacts-out', 'Contact');
    if (contacts.direction !== 'export') throw new Error('an export option');
    const withCsv: SyncOption = {
      ...contacts,
      target: { ...contacts.target, csv: { delimiter: ',', quote: '"', header: true } },
    };
    const csv = (text: string) => ({ 'target.csv': text });
    expect(edited(withCsv, csv('{"delimiter":";","quote":"\'","header":false}')).target).toMatchObject({
      csv: { delimiter: ';', quote: "'", header: false },
    });
    expect(refusal(withCsv, csv('{"delimiter":";;","quote":"\'","header":false}'))).toMatchObject({
      message: 'target.csv.delimiter: one character is needed',
    });
  });
});

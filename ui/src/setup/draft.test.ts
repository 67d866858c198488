import { describe, expect, it } from 'vitest';
import {
  emptyIncremental,
  emptySource,
  emptyTarget,
  importOption,
  likelyFormat,
  lookbackOf,
  mappingFrom,
  missing,
  sampleRequest,
} from './draft';

const post = {
  ...emptySource,
  connection: 'finance',
  method: 'POST' as const,
  path: '/search',
  params: [
    { key: 'a', value: '1' },
    { key: ' ', value: 'dropped' },
  ],
  body: '{"query": {"status": "open"}}',
};

describe('the setup drafts', () => {
  it('sends the rows with a key and a POST body as JSON', () => {
    expect(sampleRequest(post, { pages: 2 })).toEqual({
      connection: 'finance',
      method: 'POST',
      path: '/search',
      params: { a: '1' },
      headers: {},
      body: { query: { status: 'open' } },
      pages: 2,
    });
    expect(sampleRequest({ ...post, method: 'GET' })).not.toHaveProperty('body');
  });

  it('refuses a body that is no JSON, naming the body', () => {
    let refused: unknown = null;
    try {
      sampleRequest({ ...post, body: '{status: open}' });
    } catch (reason) {
      refused = reason;
    }
    expect(refused).toMatchObject({ code: 'INVALID_JSON' });
    expect((refused as { message: string }).message).toMatch(/^Body: /);
  });

  it('writes the lookback as amount and unit, and none without an amount', () => {
    expect(lookbackOf({ ...emptyIncremental, lookback: '48', unit: 'h' })).toBe('48h');
    expect(lookbackOf({ ...emptyIncremental, lookback: '15', unit: 'm' })).toBe('15m');
    expect(lookbackOf({ ...emptyIncremental, lookback: ' ', unit: 'd' })).toBeUndefined();
  });

  it('guesses the cursor format from the field', () => {
    expect(likelyFormat({ path: 'd', kind: 'date', sample: '"2024-05-01"' })).toBe('date');
    expect(likelyFormat({ path: 's', kind: 'integer', sample: '1714557600' })).toBe('unixSeconds');
    expect(likelyFormat({ path: 'm', kind: 'integer', sample: '1714557600000' })).toBe('unixMillis');
    expect(likelyFormat({ path: 't', kind: 'datetime', sample: '"2024-05-01T10:00:00Z"' })).toBe(
      'rfc3339',
    );
  });

  it('maps every suggestion, two sources of one target as one field with the transforms', () => {
    const mapping = mappingFrom([
      { source: 'id', target: 'Invoice_Number__c', matched_by: 'label', reason: '', transforms: [] },
      {
        source: 'amount',
        target: 'Amount__c',
        matched_by: 'api_name',
        reason: '',
        transforms: [{ transform: { convert: 'number' }, reason: 'text' }],
      },
      { source: 'total', target: 'amount__c', matched_by: 'normalised', reason: '', transforms: [] },
    ]);
    expect(mapping).toEqual({
      fields: [
        { source: 'id', target: 'Invoice_Number__c' },
        { source: ['amount', 'total'], target: 'Amount__c', transforms: [{ convert: 'number' }] },
      ],
    });
  });

  it('lists what is still needed, in the order of the steps', () => {
    const drafts = {
      name: ' ',
      source: emptySource,
      recordsPath: undefined,
      paging: { type: 'none' as const },
      incremental: { ...emptyIncremental, enabled: true, lookback: '1.5' },
      target: emptyTarget,
    };
    expect(missing(drafts, 'none', false)).toEqual([
      'an HTTP connection',
      'a fetched sample',
      'the cursor field',
      'the parameter that sends the cursor',
      'a whole number for the lookback',
      'a Salesforce connection',
      'the object',
      'the external ID',
      'a name',
    ]);
    expect(missing({ ...drafts, name: 'x' }, 'stale', false)).toContain(
      'a sample fetched again for the changed request',
    );
  });

  it('sends the checkpoint in a POST body at its dotted key, or as a parameter', () => {
    const drafts = {
      name: 'search',
      source: post,
      recordsPath: '$.results',
      paging: { type: 'none' as const },
      incremental: {
        ...emptyIncremental,
        enabled: true,
        cursor: 'updated',
        param: 'query.updated_after',
        to: 'body' as const,
      },
      target: { ...emptyTarget, connection: 'org', object: 'Invoice__c' },
      mapping: { fields: [] },
    };
    const inBody = importOption(drafts);
    expect(inBody.source).toMatchObject({
      params: { a: '1' },
      body: { query: { status: 'open', updated_after: '{{since}}' } },
    });
    // The typed body is not changed.
    expect(JSON.parse(post.body)).toEqual({ query: { status: 'open' } });
    // A GET has no body: the checkpoint is a parameter whatever was chosen.
    const get = importOption({ ...drafts, source: { ...post, method: 'GET' } });
    expect(get.source).toMatchObject({ params: { a: '1', 'query.updated_after': '{{since}}' } });
    expect(get.source).not.toHaveProperty('body');
    const unnamed = { ...drafts, incremental: { ...drafts.incremental, param: ' ' } };
    expect(missing(unnamed, 'fresh', false)).toContain('the body key that sends the cursor');
    expect(missing(unnamed, 'fresh', false)).not.toContain('the parameter that sends the cursor');
  });
});

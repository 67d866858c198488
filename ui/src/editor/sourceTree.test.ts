import { describe, expect, it } from 'vitest';
import { ancestorIds, buildTree, nodeId, stepsOf, visibleRows } from './sourceTree';

describe('source paths as a tree', () => {
  it('reads dotted, indexed and bracketed paths into steps', () => {
    expect(stepsOf('company.id')).toEqual([{ key: 'company' }, { key: 'id' }]);
    expect(stepsOf('lines[0].sku')).toEqual([{ key: 'lines' }, { index: 0 }, { key: 'sku' }]);
    expect(stepsOf("$['a.b']")).toEqual([{ key: 'a.b' }]);
    expect(stepsOf("$.company['it\\'s']")).toEqual([{ key: 'company' }, { key: "it's" }]);
    // The same node whether the path is dotted or JSONPath.
    expect(nodeId(stepsOf("$.company['a.b']").slice(0, 1))).toBe(nodeId(stepsOf('company.id').slice(0, 1)));
    expect(ancestorIds('lines[0].sku')).toEqual(['["lines"]', '["lines",0]']);
  });

  it('folds leaves into objects and arrays, each with a type and a sample', () => {
    const roots = buildTree([
      { path: 'id', kind: 'text', sample: '"c-1"' },
      { path: 'company.id', kind: 'text', sample: '"A-100"' },
      { path: 'company.name', kind: 'text', sample: '"Acme"' },
      { path: 'lines[0].sku', kind: 'text', sample: '"S-1"' },
      { path: 'company', kind: 'null', sample: '' },
    ]);
    expect(roots.map((r) => [r.label, r.kind])).toEqual([
      ['id', 'text'],
      ['company', 'object'],
      ['lines', 'array'],
    ]);
    const company = roots[1];
    expect(company?.sample).toBe('{id: "A-100", name: "Acme"}');
    // Null in one record, an object in another: it has children and can still be mapped.
    expect(company?.path).toBe('company');
    const item = roots[2]?.children[0];
    expect([item?.label, item?.kind, item?.level, item?.children[0]?.path]).toEqual([
      '[0]',
      'object',
      2,
      'lines[0].sku',
    ]);
    expect(visibleRows(roots, new Set()).map((r) => r.label)).toEqual([
      'id',
      'company',
      'id',
      'name',
      'lines',
      '[0]',
      'sku',
    ]);
    expect(visibleRows(roots, new Set(['["lines",0]', '["company"]'])).map((r) => r.label)).toEqual([
      'id',
      'company',
      'lines',
      '[0]',
    ]);
  });
});

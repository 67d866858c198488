import { describe, expect, it } from 'vitest';
import {
  addTransform,
  commit,
  dropSource,
  issuesAt,
  moveTransform,
  redo,
  removeField,
  removeTransform,
  setConstant,
  startHistory,
  toFullForm,
  undo,
  type Mapping,
} from './model';

const base: Mapping = { object: 'Contact', fields: [{ source: 'email', target: 'Email' }] };

describe('dropping a source path on a target field', () => {
  it('maps an unmapped target to that path', () => {
    expect(dropSource(base, 'name-last', 'LastName').fields).toEqual([
      { source: 'email', target: 'Email' },
      { source: 'name-last', target: 'LastName' },
    ]);
  });

  it('adds a second source to a mapped target, matching the target in any case', () => {
    const two = dropSource(base, 'work_email', 'email');
    expect(two.fields).toEqual([{ source: ['email', 'work_email'], target: 'Email' }]);
    expect(dropSource(two, 'alt', 'Email').fields[0]?.source).toEqual([
      'email',
      'work_email',
      'alt',
    ]);
  });

  it('does not add the same source twice, and replaces a constant', () => {
    expect(dropSource(base, 'email', 'Email')).toBe(base);
    const constant = setConstant(base, 'LeadSource', 'Web');
    expect(constant.fields[1]).toEqual({ value: 'Web', target: 'LeadSource' });
    expect(dropSource(constant, 'channel', 'LeadSource').fields[1]).toEqual({
      source: 'channel',
      target: 'LeadSource',
    });
  });

  it('keeps the mapping-wide keys and leaves the old mapping as it was', () => {
    const next = dropSource(base, 'x', 'Title');
    expect(next.object).toBe('Contact');
    expect(base.fields).toHaveLength(1);
    expect(removeField(next, 0).fields).toEqual([{ source: 'x', target: 'Title' }]);
  });
});

describe('the transform chain', () => {
  it('adds, moves and removes transforms, dropping an empty list', () => {
    let m = addTransform(base, 0, 'modify');
    m = addTransform(m, 0, 'truncate');
    expect(m.fields[0]?.transforms).toEqual([{ modify: 'trim' }, { truncate: 'fit' }]);
    m = moveTransform(m, 0, 1, -1);
    expect(m.fields[0]?.transforms).toEqual([{ truncate: 'fit' }, { modify: 'trim' }]);
    expect(moveTransform(m, 0, 0, -1).fields[0]?.transforms).toEqual(m.fields[0]?.transforms);
    m = removeTransform(removeTransform(m, 0, 0), 0, 0);
    expect(m.fields[0]).toEqual({ source: 'email', target: 'Email' });
  });

  it('finds the issues of a field and of one of its transforms by pointer', () => {
    const issues = [
      { pointer: '/fields/1/transforms/0/modify', message: 'a' },
      { pointer: '/fields/1', message: 'b' },
      { pointer: '/fields/10/target', message: 'c' },
    ];
    expect(issuesAt(issues, 1).map((i) => i.message)).toEqual(['a', 'b']);
    expect(issuesAt(issues, 1, 0).map((i) => i.message)).toEqual(['a']);
    expect(issuesAt(issues, 1, 1)).toEqual([]);
  });
});

describe('reading a mapping document', () => {
  it('turns the shorthand into the full form and keeps the full form as it is', () => {
    expect(toFullForm({ email: 'Email', 'company.id': 'Account_Ref__c' })).toEqual({
      fields: [
        { source: 'email', target: 'Email' },
        { source: 'company.id', target: 'Account_Ref__c' },
      ],
    });
    expect(toFullForm(base)).toEqual(base);
    expect(() => toFullForm([1])).toThrow('a mapping is a JSON object');
  });
});

describe('undo and redo', () => {
  it('walks back and forth through the edits, and a new edit drops the redo', () => {
    let h = startHistory(base);
    const one = dropSource(base, 'a', 'A');
    h = commit(h, one);
    h = commit(h, dropSource(one, 'b', 'B'));
    h = undo(h);
    expect(h.present).toBe(one);
    h = undo(h);
    expect(h.present).toBe(base);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(one);
    h = commit(h, removeField(one, 0));
    expect(redo(h)).toBe(h);
  });
});

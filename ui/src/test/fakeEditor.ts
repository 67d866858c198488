// A small in-memory editor backend for component tests: a three-record sample, a describe of
// a few Contact fields, and a preview that reads dotted paths and flags a number sent to a
// text field (as Salesforce does) unless a `convert` to text comes first.
import type { Backend } from '../backend';
import type {
  ApiError,
  EditorInput,
  PreviewReport,
  RecordPreview,
  TargetObject,
  TestReport,
} from '../types';
import { sourcesOf, testsOf, toFullForm } from '../editor/model';
import { TestBackend } from './backends';

export const SAMPLE = JSON.stringify({
  data: [
    { id: 'c-1', email: 'ada@example.com', score: '87.5', title: 'Dr' },
    { id: 'c-2', email: 'grace@example.com', score: 92, title: 'Ms' },
    { id: 'c-3', email: 'li@', score: 'n/a', title: null },
  ],
});

export const TARGET: TargetObject = {
  name: 'Contact',
  label: 'Contact',
  fields: [
    ['Contact_Id__c', 'Contact Id', 'string', 36, false, true],
    ['Email', 'Email', 'email', 80, false, false],
    ['LastName', 'Last Name', 'string', 80, true, false],
    ['Title', 'Title', 'string', 128, false, false],
    ['LeadSource', 'Lead Source', 'picklist', 40, false, false],
  ]
    .map(([name, label, fieldType, length, required, externalId]) => ({
      name: name as string,
      label: label as string,
      fieldType: fieldType as string,
      length: length as number,
      required: required as boolean,
      externalId: externalId as boolean,
      createable: true,
      updateable: true,
      picklistValues: name === 'LeadSource' ? ['Web', 'Phone Inquiry'] : [],
      referenceTo: [],
    }))
    .concat([
      {
        name: 'CreatedDate',
        label: 'Created Date',
        fieldType: 'datetime',
        length: null as unknown as number,
        required: false,
        externalId: false,
        createable: false,
        updateable: false,
        picklistValues: [],
        referenceTo: [],
      },
    ]),
};

export const DEMO_MAPPING = {
  object: 'Contact',
  fields: [{ source: 'id', target: 'Contact_Id__c' }],
};

function preview(input: EditorInput): PreviewReport {
  const mapping = toFullForm(input.mapping);
  const records = (JSON.parse(input.sample) as { data: Record<string, unknown>[] }).data;
  const out: RecordPreview[] = records.map((record, index) => {
    const fields: RecordPreview['fields'] = {};
    const errors: RecordPreview['errors'] = [];
    for (const field of mapping.fields) {
      const values = sourcesOf(field).map((s) => record[s] ?? null);
      let value: unknown =
        field.source === undefined ? field.value : values.length > 1 ? values.map((v) => JSON.stringify(v)).join(' ') : values[0];
      const toText = (field.transforms ?? []).some((t) => t.convert === 'text');
      if (toText && typeof value === 'number') value = value.toString();
      if (typeof value === 'number' && field.target === 'Title') {
        errors.push({
          field: field.target,
          code: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
          message: `Title: value not of required type: ${String(value)}`,
        });
      }
      fields[field.target] = value as RecordPreview['fields'][string];
    }
    return { index, fields, errors, warnings: [] };
  });
  const invalid = out.filter((r) => r.errors.length > 0).length;
  return {
    object: 'Contact',
    records: out,
    summary: { total: out.length, valid: out.length - invalid, invalid },
  };
}

/** The mapping's test cases run through the fake preview, each expected field compared. */
function runTests(input: EditorInput): TestReport {
  const mapping = toFullForm(input.mapping);
  const results = testsOf(mapping).map((test) => {
    const sample = JSON.stringify({ data: [test.input] });
    const fields = preview({ ...input, sample }).records[0]?.fields ?? {};
    const failures = Object.entries(test.expect ?? {}).flatMap(([key, want]) => {
      const got = fields[key];
      return JSON.stringify(got) === JSON.stringify(want)
        ? []
        : [`${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got ?? null)}`];
    });
    return { name: test.name, passed: failures.length === 0, failures };
  });
  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed };
}

/** A failed answer: the backend rejects with `{code, message}`, as the shell does. */
export async function failure(code: string, message: string): Promise<never> {
  await Promise.resolve();
  const error: ApiError = { code, message };
  throw error;
}

/** The editor answers, each replaceable by a test. */
export function fakeEditor(overrides: Partial<Backend> = {}): TestBackend {
  const answers: Partial<Backend> = {
    demoWorkspace: () =>
      Promise.resolve({
        sampleName: 'sample.json',
        sample: SAMPLE,
        recordsPath: '$.data',
        describeName: 'Contact.json',
        describe: '{"name": "Contact"}',
        mappingName: 'mapping.json',
        mapping: JSON.stringify(DEMO_MAPPING),
      }),
    sourcePaths: (_sample, recordsPath) =>
      recordsPath === '$.nope'
        ? failure('INVALID_RECORDS_PATH', 'records path $.nope found nothing')
        : Promise.resolve({
            records: 3,
            fields: [
              { path: 'id', kind: 'text', sample: '"c-1"' },
              { path: 'email', kind: 'text', sample: '"ada@example.com"' },
              { path: 'score', kind: 'text', sample: '"87.5"' },
              { path: 'title', kind: 'text', sample: '"Dr"' },
            ],
          }),
    describeFields: () => Promise.resolve(TARGET),
    previewMapping: (input) => Promise.resolve(preview(input)),
    checkMapping: () => Promise.resolve([]),
    testMapping: (input) => Promise.resolve(runTests(input)),
    suggestMapping: () => Promise.resolve({ fields: [], unmatched_sources: [] }),
    readTextFile: () => failure('FILE_ERROR', 'no such file'),
    readSampleFile: () => failure('FILE_ERROR', 'no such file'),
    writeTextFile: () => Promise.resolve(),
    pickFile: () => Promise.resolve(null),
  };
  return new TestBackend({ ...answers, ...overrides });
}

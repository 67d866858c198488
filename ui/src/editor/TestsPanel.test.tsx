import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BackendContext } from '../backend';
import type { EditorInput } from '../types';
import { DEMO_MAPPING, failure, fakeEditor } from '../test/fakeEditor';
import { splitFailure, toFullForm } from './model';
import { recordLabel } from './TestsPanel';
import { Workspace } from './Workspace';
import { type TestBackend } from '../test/backends';

// jsdom has no layout: elementFromPoint is given per drag.
document.elementFromPoint = () => null;

async function openTests(backend: TestBackend) {
  render(
    <BackendContext value={backend}>
      <Workspace />
    </BackendContext>,
  );
  await screen.findByTestId('cell-1-Contact_Id__c');
  await userEvent.click(screen.getByRole('button', { name: /^Tests \(/ }));
  return screen.getByTestId('tests-panel');
}

/** The mapping of the last preview the workspace asked for. */
function lastMapping(backend: TestBackend) {
  const calls = backend.log.filter((c) => c.method === 'previewMapping');
  const last = calls[calls.length - 1];
  if (last === undefined) throw new Error('no preview was asked for');
  return toFullForm((last.args[0] as EditorInput).mapping);
}

/** Drags a source row onto a target row with pointer events, as a mouse does. */
function drag(path: string, field: string) {
  const source = screen
    .getAllByTestId('source-row')
    .find((r) => r.getAttribute('data-source-path') === path);
  const target = screen
    .getAllByTestId('target-row')
    .find((r) => r.getAttribute('data-target-field') === field);
  if (source === undefined || target === undefined) throw new Error('no such rows');
  const original = document.elementFromPoint.bind(document);
  document.elementFromPoint = () => target;
  try {
    fireEvent.pointerDown(source, { button: 0, clientX: 10, clientY: 10 });
    fireEvent.pointerMove(window, { clientX: 400, clientY: 60 });
    fireEvent.pointerUp(window, { clientX: 400, clientY: 60 });
  } finally {
    document.elementFromPoint = original;
  }
}

describe('the tests panel', () => {
  it('saves a preview record as a test case that the mapping carries', async () => {
    const backend = fakeEditor();
    const panel = await openTests(backend);
    expect(within(panel).getByText('No test cases yet.')).toBeTruthy();

    // The records are listed by their first values, as the preview shows them.
    const choice = within(panel).getByRole('combobox', { name: 'Record to save as a test case' });
    expect(within(choice).getAllByRole('option').map((o) => o.textContent)).toEqual([
      '0 — c-1',
      '1 — c-2',
      '2 — c-3',
    ]);
    await userEvent.selectOptions(choice, '1 — c-2');
    await userEvent.type(within(panel).getByLabelText('Test case name'), 'grace keeps her id');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save as a test case' }));

    const cases = await within(panel).findAllByTestId('test-case');
    expect(cases.map((c) => c.getAttribute('data-name'))).toEqual(['grace keeps her id']);
    expect(screen.getByRole('button', { name: 'Tests (1)' })).toBeTruthy();
    await waitFor(() => {
      expect(lastMapping(backend).tests).toEqual([
        {
          name: 'grace keeps her id',
          input: { id: 'c-2', email: 'grace@example.com', score: 92, title: 'Ms' },
          expect: { Contact_Id__c: 'c-2' },
        },
      ]);
    });
    expect(screen.getByTestId('unsaved')).toBeTruthy();
  });

  it('runs the tests and shows each failure as expected against got', async () => {
    const backend = fakeEditor();
    const panel = await openTests(backend);
    await userEvent.click(within(panel).getByRole('button', { name: 'Save as a test case' }));
    await userEvent.click(within(panel).getByRole('button', { name: 'Run tests' }));
    expect((await within(panel).findByTestId('tests-summary')).textContent).toBe(
      '1 passed, 0 failed',
    );
    expect(within(panel).getByTestId('test-outcome').textContent).toBe('passed');

    // A second source on the id changes the output the test case expects.
    await userEvent.click(screen.getByRole('button', { name: 'Visual' }));
    drag('email', 'Contact_Id__c');
    await waitFor(() => {
      expect(lastMapping(backend).fields[0]?.source).toEqual(['id', 'email']);
    });
    await userEvent.click(within(panel).getByRole('button', { name: 'Run tests' }));
    await waitFor(() => {
      expect(within(panel).getByTestId('tests-summary').textContent).toBe('0 passed, 1 failed');
    });
    expect(within(panel).getByTestId('test-outcome').textContent).toBe('failed');
    expect(within(panel).getByTestId('diff-expected').textContent).toBe('- expected "c-1"');
    expect(within(panel).getByTestId('diff-got').textContent).toBe(
      '+ got "\\"c-1\\" \\"ada@example.com\\""',
    );

    await userEvent.click(within(panel).getByRole('button', { name: 'Remove test record 0' }));
    expect(within(panel).getByText('No test cases yet.')).toBeTruthy();
    await waitFor(() => {
      expect(lastMapping(backend).tests).toBeUndefined();
    });
  });

  it('shows why the tests could not run', async () => {
    const backend = fakeEditor({
      testMapping: () => failure('INVALID_MAPPING', 'mapping: /fields/0/target: unknown field'),
    });
    const panel = await openTests(backend);
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Save as a test case' }),
    );
    await userEvent.click(within(panel).getByRole('button', { name: 'Run tests' }));
    const error = await within(panel).findByTestId('tests-error');
    expect(error.textContent).toContain('INVALID_MAPPING');
    expect(error.textContent).toContain('/fields/0/target');
  });

  it('lists a case that only expects errors (the demo has one) without breaking', async () => {
    const mapping = {
      ...DEMO_MAPPING,
      tests: [{ name: 'a blank id is refused', input: { id: '' }, expectErrors: ['Contact_Id__c:REQUIRED'] }],
    };
    const backend = fakeEditor({
      demoWorkspace: async () => ({ ...(await fakeEditor().demoWorkspace()), mapping: JSON.stringify(mapping) }),
    });
    const panel = await openTests(backend);
    const item = within(panel).getByTestId('test-case');
    expect(item).toHaveAttribute('data-name', 'a blank id is refused');
    expect(item).toHaveTextContent('1 expected error');
  });

  it('starts a new, empty mapping on the same sample', async () => {
    const backend = fakeEditor();
    await openTests(backend);
    await userEvent.click(screen.getByRole('button', { name: 'New mapping' }));
    await waitFor(() => {
      expect(lastMapping(backend).fields).toEqual([]);
    });
    expect(screen.getByRole('heading', { name: /Mappings \(0\)/ })).toBeTruthy();
    expect(screen.getAllByTestId('source-row').length).toBe(4);
  });
});

describe('a failure line', () => {
  it('splits into the field, what was expected and what came out', () => {
    expect(splitFailure('LastName: expected "Tester", got "tester"')).toEqual({
      field: 'LastName',
      expected: '"Tester"',
      got: '"tester"',
    });
    expect(splitFailure('unexpected error CONVERT_FAILED')).toEqual({
      field: 'unexpected error CONVERT_FAILED',
    });
  });
});

describe('a record in the list to save', () => {
  it('reads as its number and its first values', () => {
    expect(recordLabel(1, { Id__c: 'c-1002', FirstName: 'Ana', LastName: 'Cruz' })).toBe('1 — c-1002, Ana');
    expect(recordLabel(0, { Account: { External_Id__c: 'A' }, Score__c: 12.5, Phone: null })).toBe('0 — 12.5');
    expect(recordLabel(2, {})).toBe('2');
  });
});

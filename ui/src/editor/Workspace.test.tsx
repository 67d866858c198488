import { EditorView } from '@codemirror/view';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendContext } from '../backend';
import type { EditorInput } from '../types';
import { failure, fakeEditor, TARGET } from '../test/fakeEditor';
import { toFullForm } from './model';
import { PREVIEW_DEBOUNCE_MS, Workspace } from './Workspace';
import type { PreviewTiming } from '../timing';
import { type TestBackend } from '../test/backends';

function renderWith(backend: TestBackend) {
  return render(
    <BackendContext value={backend}>
      <Workspace />
    </BackendContext>,
  );
}

/** The mapping of the last preview the workspace asked for. */
function lastPreviewed(backend: TestBackend) {
  const calls = backend.log.filter((c) => c.method === 'previewMapping');
  const last = calls[calls.length - 1];
  if (last === undefined) throw new Error('no preview was asked for');
  return toFullForm((last.args[0] as EditorInput).mapping);
}

function sourceRow(path: string): HTMLElement {
  const row = screen
    .getAllByTestId('source-row')
    .find((r) => r.getAttribute('data-source-path') === path);
  if (row === undefined) throw new Error(`no source row ${path}`);
  return row;
}

function targetRow(field: string): HTMLElement {
  const row = screen
    .getAllByTestId('target-row')
    .find((r) => r.getAttribute('data-target-field') === field);
  if (row === undefined) throw new Error(`no target row ${field}`);
  return row;
}

/** Drags a source row onto a target row with pointer events, as a mouse does. */
function drag(path: string, field: string) {
  const target = targetRow(field);
  const original = document.elementFromPoint.bind(document);
  document.elementFromPoint = () => target;
  try {
    fireEvent.pointerDown(sourceRow(path), { button: 0, clientX: 10, clientY: 10 });
    fireEvent.pointerMove(window, { clientX: 200, clientY: 40 });
    fireEvent.pointerMove(window, { clientX: 400, clientY: 60 });
    fireEvent.pointerUp(window, { clientX: 400, clientY: 60 });
  } finally {
    document.elementFromPoint = original;
  }
}

async function ready() {
  await screen.findByTestId('cell-0-Contact_Id__c');
}

// jsdom has no layout: elementFromPoint is given per test.
document.elementFromPoint = () => null;

afterEach(() => {
  vi.useRealTimers();
});

describe('the mapping workspace', () => {
  it('opens on the demo: source paths, target fields, the mapping and its preview', async () => {
    renderWith(fakeEditor());
    await ready();

    expect(screen.getByTestId('records-count')).toHaveTextContent('3 records');
    expect(sourceRow('email')).toHaveTextContent('ada@example.com');
    expect(targetRow('LastName')).toHaveTextContent('Required');
    expect(targetRow('Contact_Id__c')).toHaveTextContent('External ID');
    expect(targetRow('Email')).toHaveTextContent('email(80)');
    expect(screen.getAllByTestId('mapping-row')).toHaveLength(1);
    expect(screen.getByTestId('cell-1-Contact_Id__c')).toHaveTextContent('c-2');
    expect(screen.getByTestId('live-valid')).toHaveTextContent('3');
  });

  it('hides read-only target fields until asked, and searches by label or API name', async () => {
    const user = userEvent.setup();
    renderWith(fakeEditor());
    await ready();

    expect(() => targetRow('CreatedDate')).toThrow();
    await user.click(screen.getByRole('checkbox', { name: 'Read-only' }));
    expect(targetRow('CreatedDate')).toHaveTextContent('Read-only');
    await user.type(screen.getByRole('searchbox', { name: 'Search target fields' }), 'last n');
    expect(screen.getAllByTestId('target-row').map((r) => r.dataset.targetField)).toEqual([
      'LastName',
    ]);
  });

  it('shows picklist values when a field is expanded', async () => {
    const user = userEvent.setup();
    renderWith(fakeEditor());
    await ready();

    await user.click(within(targetRow('LeadSource')).getByRole('button', { name: '2 values' }));
    expect(screen.getByRole('list', { name: 'Lead Source values' })).toHaveTextContent(
      'WebPhone Inquiry',
    );
  });

  it('maps a source path dropped on a target field, and previews the new column', async () => {
    const backend = fakeEditor();
    renderWith(backend);
    await ready();

    drag('email', 'Email');

    expect(await screen.findByTestId('cell-0-Email')).toHaveTextContent('ada@example.com');
    expect(lastPreviewed(backend).fields).toContainEqual({ source: 'email', target: 'Email' });
    expect(screen.getAllByTestId('mapping-row')[1]).toHaveTextContent('email → Email');
  });

  it('times each edit to its painted preview, for the app benchmark', async () => {
    const backend = fakeEditor();
    renderWith(backend);
    await ready();
    // Past the debounce of the first preview: the drop below stands alone.
    await new Promise((resolve) => setTimeout(resolve, PREVIEW_DEBOUNCE_MS + 10));
    const timings = (window as unknown as { __syncCentralTimings: { previews: PreviewTiming[] } })
      .__syncCentralTimings;
    const before = timings.previews.length;
    const asked = backend.log.filter((c) => c.method === 'previewMapping').length;
    drag('email', 'Email');
    // A drop is a single edit: previewed at once, with no debounce timer in between.
    expect(backend.log.filter((c) => c.method === 'previewMapping').length).toBe(asked + 1);
    await waitFor(() => {
      expect(timings.previews.length).toBeGreaterThan(before);
    });
    const t = timings.previews[timings.previews.length - 1];
    expect(t?.records).toBe(3);
    expect(t !== undefined && t.edit <= t.sent && t.sent <= t.received && t.received <= t.painted).toBe(true);
  });

  it('previews edits closer together than the debounce once, with the last of them', async () => {
    const backend = fakeEditor();
    renderWith(backend);
    await ready();
    await new Promise((resolve) => setTimeout(resolve, PREVIEW_DEBOUNCE_MS + 10));
    const previews = () => backend.log.filter((c) => c.method === 'previewMapping').length;
    const before = previews();
    // Three edits within the same millisecond, as fast typing would be (a component test
    // renders too slowly to make them close together for real).
    const now = vi.spyOn(performance, 'now').mockReturnValue(performance.now());
    try {
      drag('email', 'Email');
      drag('title', 'Title');
      drag('score', 'LastName');
    } finally {
      now.mockRestore();
    }
    expect(previews()).toBe(before + 1);
    await waitFor(() => {
      expect(screen.getByTestId('column-LastName')).toBeInTheDocument();
    });
    expect(previews()).toBe(before + 2);
    const targets = lastPreviewed(backend).fields.map((f) => f.target);
    expect(targets).toEqual(expect.arrayContaining(['Email', 'Title', 'LastName']));
  });

  it('checks the mapping after its preview, without sending the sample again', async () => {
    const backend = fakeEditor();
    renderWith(backend);
    await ready();
    await waitFor(() => {
      expect(backend.log.some((c) => c.method === 'checkMapping')).toBe(true);
    });
    const methods = backend.log.map((c) => c.method);
    expect(methods.indexOf('previewMapping')).toBeLessThan(methods.indexOf('checkMapping'));
    const check = backend.log.find((c) => c.method === 'checkMapping');
    expect((check?.args[0] as EditorInput).sample).toBe('');
  });

  it('makes a multi-source mapping when a second path is dropped on a mapped target', async () => {
    renderWith(fakeEditor());
    await ready();

    drag('email', 'Title');
    drag('title', 'Title');

    const rows = screen.getAllByTestId('mapping-row');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent('email + title → Title');
  });

  it('maps from the keyboard: Enter picks a path, Enter on a field drops it', async () => {
    const user = userEvent.setup();
    renderWith(fakeEditor());
    await ready();

    sourceRow('email').focus();
    await user.keyboard('{Enter}');
    targetRow('Email').focus();
    await user.keyboard('{Enter}');

    expect(screen.getAllByTestId('mapping-row')[1]).toHaveTextContent('email → Email');
  });

  it('removes a mapping with its button or the Delete key', async () => {
    const user = userEvent.setup();
    renderWith(fakeEditor());
    await ready();
    drag('email', 'Email');
    drag('title', 'Title');

    await user.click(screen.getByRole('button', { name: 'Remove mapping to Email' }));
    expect(screen.getAllByTestId('mapping-row').map((r) => r.dataset.target)).toEqual([
      'Contact_Id__c',
      'Title',
    ]);
    screen.getAllByTestId('mapping-row')[1]?.focus();
    await user.keyboard('{Delete}');
    expect(screen.getAllByTestId('mapping-row').map((r) => r.dataset.target)).toEqual([
      'Contact_Id__c',
    ]);
  });

  it('sets a constant value on a field', async () => {
    const user = userEvent.setup();
    const backend = fakeEditor();
    renderWith(backend);
    await ready();

    await user.type(screen.getByRole('combobox', { name: 'Constant target field' }), 'LeadSource');
    await user.type(screen.getByRole('textbox', { name: 'Constant value' }), 'Web');
    await user.click(screen.getByRole('button', { name: 'Set value' }));

    expect(await screen.findByTestId('cell-2-LeadSource')).toHaveTextContent('Web');
    expect(lastPreviewed(backend).fields).toContainEqual({ value: 'Web', target: 'LeadSource' });
  });

  it('turns an invalid cell valid when a transform is added, with the code on the cell', async () => {
    const user = userEvent.setup();
    renderWith(fakeEditor());
    await ready();
    drag('score', 'Title');

    const cell = await screen.findByTestId('cell-1-Title');
    expect(cell).toHaveAttribute('data-state', 'invalid');
    expect(cell).toHaveAttribute(
      'title',
      'INVALID_TYPE_ON_FIELD_IN_RECORD: Title: value not of required type: 92',
    );
    expect(screen.getByTestId('live-invalid')).toHaveTextContent('1');

    await user.click(screen.getAllByTestId('mapping-row')[1] as HTMLElement);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Transform kind' }), 'convert');
    await user.click(screen.getByRole('button', { name: 'Add transform' }));

    expect(screen.getByRole('combobox', { name: 'To' })).toHaveValue('text');
    await waitFor(() => {
      expect(screen.getByTestId('cell-1-Title')).toHaveAttribute('data-state', 'valid');
    });
    expect(screen.getByTestId('cell-1-Title')).toHaveTextContent('92');
    expect(screen.getByTestId('live-invalid')).toHaveTextContent('0');
  });

  it('shows each problem of the check on the transform its pointer names', async () => {
    const user = userEvent.setup();
    const backend = fakeEditor({
      checkMapping: (input) =>
        Promise.resolve(
          toFullForm(input.mapping).fields[0]?.transforms?.length === 2
            ? [
                {
                  pointer: '/fields/0/transforms/1/modify',
                  message: 'modify takes one of "upper", "lower", "title", "trim" or "collapse"',
                },
              ]
            : [],
        ),
    });
    renderWith(backend);
    await ready();
    await user.click(screen.getAllByTestId('mapping-row')[0] as HTMLElement);
    await user.click(screen.getByRole('button', { name: 'Add transform' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Transform kind' }), 'modify');
    await user.click(screen.getByRole('button', { name: 'Add transform' }));

    const issue = await screen.findByTestId('transform-issue');
    expect(screen.getByTestId('transform-1')).toContainElement(issue);
    expect(issue).toHaveTextContent('modify takes one of');
    expect(screen.getByTestId('transform-0')).not.toHaveTextContent('modify takes');
  });

  it('undoes and redoes mapping edits with Ctrl+Z and Ctrl+Shift+Z, and marks unsaved ones', async () => {
    const user = userEvent.setup();
    renderWith(fakeEditor());
    await ready();
    expect(screen.queryByTestId('unsaved')).toBeNull();

    drag('email', 'Email');
    expect(screen.getAllByTestId('mapping-row')).toHaveLength(2);
    expect(screen.getByTestId('unsaved')).toBeInTheDocument();

    await user.keyboard('{Control>}z{/Control}');
    expect(screen.getAllByTestId('mapping-row')).toHaveLength(1);
    expect(screen.queryByTestId('unsaved')).toBeNull();
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(screen.getAllByTestId('mapping-row')).toHaveLength(2);
  });

  it('undoes and redoes a change of the sample and of the describe, not only mapping edits', async () => {
    const user = userEvent.setup();
    const account = { ...TARGET, name: 'Account', label: 'Account', fields: TARGET.fields.slice(0, 1) };
    const backend = fakeEditor({
      readTextFile: () => Promise.resolve('{"name": "Account"}'),
      describeFields: (text) => Promise.resolve(text.includes('Account') ? account : TARGET),
    });
    renderWith(backend);
    await ready();
    const sampleBox = screen.getByRole('textbox', { name: 'Sample JSON' });
    const original = (sampleBox as HTMLTextAreaElement).value;

    // Typing in the sample box is one step to undo, however many keys it took.
    await user.click(screen.getByText('Sample response'));
    await user.type(sampleBox, ' ');
    await user.type(sampleBox, '  ');
    expect(sampleBox).toHaveValue(`${original}   `);
    await user.click(screen.getByText('Describe'));
    await user.type(screen.getByRole('textbox', { name: 'Describe file path' }), '/Account.json');
    await user.click(screen.getByRole('button', { name: 'Open describe' }));
    expect(await screen.findByRole('heading', { name: 'Target — Account (Account)' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByRole('heading', { name: 'Target — Contact (Contact)' })).toBeInTheDocument();
    expect(sampleBox).toHaveValue(`${original}   `);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(sampleBox).toHaveValue(original);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Redo' }));
    expect(sampleBox).toHaveValue(`${original}   `);
    await user.click(screen.getByRole('button', { name: 'Redo' }));
    expect(await screen.findByRole('heading', { name: 'Target — Account (Account)' })).toBeInTheDocument();
    // What the preview is asked for follows: the describe given back by redo.
    await waitFor(() => {
      const last = backend.log.filter((c) => c.method === 'previewMapping').at(-1);
      expect((last?.args[0] as EditorInput).describe).toBe('{"name": "Account"}');
    });
  });

  it('saves the mapping as JSON to the path given, and clears the unsaved mark', async () => {
    const user = userEvent.setup();
    const written: [string, string][] = [];
    renderWith(
      fakeEditor({
        writeTextFile: (path, text) => {
          written.push([path, text]);
          return Promise.resolve();
        },
      }),
    );
    await ready();
    drag('email', 'Email');

    await user.type(screen.getByRole('textbox', { name: 'Mapping file path' }), '/tmp/m.json');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByTestId('file-message')).toHaveTextContent('Saved /tmp/m.json');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]?.[1] ?? '')).toEqual({
      object: 'Contact',
      fields: [
        { source: 'id', target: 'Contact_Id__c' },
        { source: 'email', target: 'Email' },
      ],
    });
    expect(screen.queryByTestId('unsaved')).toBeNull();
  });

  it('saves to a path chosen in the file dialog, and does nothing when it is cancelled', async () => {
    const user = userEvent.setup();
    const answers: (string | null)[] = [null, '/home/ada/contacts.mapping.json'];
    const written: string[] = [];
    const backend = fakeEditor({
      pickFile: () => Promise.resolve(answers.shift() ?? null),
      writeTextFile: (path) => {
        written.push(path);
        return Promise.resolve();
      },
    });
    renderWith(backend);
    await ready();

    await user.click(screen.getByRole('button', { name: 'Save as…' }));
    await user.click(screen.getByRole('button', { name: 'Save as…' }));

    expect(await screen.findByTestId('file-message')).toHaveTextContent(
      'Saved /home/ada/contacts.mapping.json',
    );
    expect(written).toEqual(['/home/ada/contacts.mapping.json']);
    expect(screen.getByRole('textbox', { name: 'Mapping file path' })).toHaveValue(
      '/home/ada/contacts.mapping.json',
    );
    expect(backend.log.filter((c) => c.method === 'pickFile').map((c) => c.args[0])).toEqual([
      'save-mapping',
      'save-mapping',
    ]);
  });

  it('opens a shorthand mapping file into the full form, and reports a missing one', async () => {
    const user = userEvent.setup();
    renderWith(
      fakeEditor({
        readTextFile: (path) =>
          path === '/m.json'
            ? Promise.resolve('{"email": "Email"}')
            : failure('FILE_ERROR', `cannot read ${path}: not found`),
      }),
    );
    await ready();

    const pathBox = screen.getByRole('textbox', { name: 'Mapping file path' });
    await user.type(pathBox, '/x.json');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('cannot read /x.json: not found');

    await user.clear(pathBox);
    await user.type(pathBox, '/m.json');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await waitFor(() => {
      expect(screen.getAllByTestId('mapping-row').map((r) => r.textContent)).toEqual([
        expect.stringContaining('email → Email'),
      ]);
    });
  });

  it('opens a sample file (CSV read as rows by the backend) into the source panel', async () => {
    const user = userEvent.setup();
    const rows = '[{"id": "c-9", "email": "x@example.com"}]';
    const backend = fakeEditor({
      readSampleFile: (path) =>
        path === '/s.csv' ? Promise.resolve({ text: rows, encoding: 'UTF-8' }) : failure('FILE_ERROR', 'no'),
    });
    renderWith(backend);
    await ready();

    await user.click(screen.getByText('Sample response'));
    await user.type(screen.getByRole('textbox', { name: 'Sample file path' }), '/s.csv');
    await user.click(screen.getByRole('button', { name: 'Open sample' }));

    expect(await screen.findByRole('textbox', { name: 'Sample JSON' })).toHaveValue(rows);
    await waitFor(() => {
      expect(backend.calls('sourcePaths').map((c) => c.args[0])).toContainEqual(rows);
    });
  });

  it('shows the encoding a sample file was read in, and opens it again in the one chosen', async () => {
    const user = userEvent.setup();
    const backend = fakeEditor({
      readSampleFile: (path, encoding) =>
        encoding === 'windows-1252'
          ? Promise.resolve({ text: '[{"name": "café"}]', encoding: 'windows-1252' })
          : failure('ENCODING', `${path}: the text is not UTF-8 (byte 14 is not): name the file's encoding`),
    });
    renderWith(backend);
    await ready();

    await user.click(screen.getByText('Sample response'));
    await user.type(screen.getByRole('textbox', { name: 'Sample file path' }), '/latin.csv');
    await user.click(screen.getByRole('button', { name: 'Open sample' }));
    expect(await screen.findByTestId('source-error')).toHaveTextContent('/latin.csv: the text is not UTF-8');
    expect(screen.queryByTestId('sample-encoding')).toBeNull();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sample encoding' }), 'windows-1252');
    expect(await screen.findByTestId('sample-encoding')).toHaveTextContent('Read as windows-1252');
    expect(screen.getByRole('textbox', { name: 'Sample JSON' })).toHaveValue('[{"name": "café"}]');
    expect(backend.calls('readSampleFile').map((c) => c.args)).toEqual([
      ['/latin.csv', null],
      ['/latin.csv', 'windows-1252'],
    ]);
  });

  it('opens another describe file as the target, and shows why one cannot be read', async () => {
    const user = userEvent.setup();
    const account = {
      ...TARGET,
      name: 'Account',
      label: 'Account',
      fields: TARGET.fields.slice(0, 1),
    };
    const backend = fakeEditor({
      readTextFile: (path) =>
        path === '/Account.json'
          ? Promise.resolve('{"name": "Account"}')
          : failure('FILE_ERROR', `cannot read ${path}: not found`),
      describeFields: (text) => Promise.resolve(text.includes('Account') ? account : TARGET),
    });
    renderWith(backend);
    await ready();

    await user.click(screen.getByText('Describe'));
    const box = screen.getByRole('textbox', { name: 'Describe file path' });
    await user.type(box, '/nope.json');
    await user.click(screen.getByRole('button', { name: 'Open describe' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('cannot read /nope.json: not found');

    await user.clear(box);
    await user.type(box, '/Account.json');
    await user.click(screen.getByRole('button', { name: 'Open describe' }));
    expect(
      await screen.findByRole('heading', { name: 'Target — Account (Account)' }),
    ).toBeInTheDocument();
    expect(backend.calls('describeFields')).toContainEqual({
      method: 'describeFields',
      args: ['{"name": "Account"}'],
    });
  });

  it('shows the records count of the records path, and its error when it finds nothing', async () => {
    const user = userEvent.setup();
    renderWith(fakeEditor());
    await ready();

    const box = screen.getByRole('textbox', { name: 'Records path' });
    await user.clear(box);
    await user.type(box, '$.nope');
    expect(await screen.findByTestId('source-error')).toHaveTextContent(
      'records path $.nope found nothing',
    );
  });

  it('accepts one auto-map suggestion with its transform and dismisses another', async () => {
    const user = userEvent.setup();
    const backend = fakeEditor({
      suggestMapping: () =>
        Promise.resolve({
          fields: [
            {
              source: 'score',
              target: 'Title',
              matched_by: 'normalised',
              reason: 'score and Title are both numbers of a kind',
              transforms: [{ transform: { convert: 'text' }, reason: '92 is a number; Title is text' }],
            },
            {
              source: 'email',
              target: 'Email',
              matched_by: 'api_name',
              reason: 'email is the API name Email',
              transforms: [],
            },
          ],
          unmatched_sources: [],
        }),
    });
    renderWith(backend);
    await ready();

    await user.click(screen.getByRole('button', { name: 'Auto-map' }));
    const list = await screen.findByTestId('suggestions');
    const first = within(list).getAllByTestId('suggestion')[0];
    expect(first).toHaveTextContent('score → Title');
    expect(first).toHaveTextContent('score and Title are both numbers of a kind');
    expect(first).toHaveTextContent('{"convert":"text"} — 92 is a number; Title is text');
    await user.click(screen.getByRole('button', { name: 'Accept score to Title' }));
    await user.click(screen.getByRole('button', { name: 'Dismiss email to Email' }));

    expect(within(list).queryAllByTestId('suggestion')).toHaveLength(0);
    await waitFor(() => {
      expect(lastPreviewed(backend).fields).toEqual([
        { source: 'id', target: 'Contact_Id__c' },
        { source: 'score', target: 'Title', transforms: [{ convert: 'text' }] },
      ]);
    });
  });

  it('edits the mapping as JSON and back; invalid JSON shows where without losing the mapping', async () => {
    const user = userEvent.setup();
    renderWith(fakeEditor());
    await ready();

    await user.click(screen.getByRole('button', { name: 'JSON' }));
    const host = await screen.findByTestId('json-editor');
    const editorDom = host.querySelector<HTMLElement>('.cm-editor');
    if (editorDom === null) throw new Error('no CodeMirror editor');
    const view = EditorView.findFromDOM(editorDom);
    if (view === null) throw new Error('no CodeMirror view');
    expect(view.state.doc.toString()).toContain('"target": "Contact_Id__c"');

    const replace = (text: string) => {
      act(() => {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      });
    };
    replace('{\n  "email": "Email",\n  "id" "Contact_Id__c"\n}');
    expect(screen.getByTestId('json-error')).toHaveTextContent(
      'Invalid JSON at line 3, column 8: expected :',
    );
    replace('{"email": "Email", "title": "Title"}');
    expect(screen.queryByTestId('json-error')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Visual' }));
    expect(screen.getAllByTestId('mapping-row').map((r) => r.dataset.target)).toEqual([
      'Email',
      'Title',
    ]);

    drag('id', 'Contact_Id__c');
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    const again = EditorView.findFromDOM(
      (await screen.findByTestId('json-editor')).querySelector<HTMLElement>('.cm-editor') as HTMLElement,
    );
    expect(JSON.parse(again?.state.doc.toString() ?? '')).toEqual({
      fields: [
        { source: 'email', target: 'Email' },
        { source: 'title', target: 'Title' },
        { source: 'id', target: 'Contact_Id__c' },
      ],
    });
  });
});

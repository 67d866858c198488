import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BackendContext } from '../backend';
import { DEMO_MAPPING, fakeEditor, SAMPLE } from '../test/fakeEditor';
import { OptionMappingEditor } from './OptionMappingEditor';
import { SyncBackendContext } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

describe('the mapping editor on an option', () => {
  it('opens on the option’s mapping and saves it back into the option, not into a file', async () => {
    const editor = fakeEditor();
    const sync = new TestSyncBackend({
      optionWorkspace: (name) =>
        Promise.resolve({
          option: name,
          mapping: JSON.stringify(DEMO_MAPPING),
          describe: '{}',
          describeFrom: 'org',
          sample: SAMPLE,
          recordsPath: '$.data',
          operation: 'insert',
          notes: [],
          sourceIsOrg: false,
        }),
      saveOptionMapping: () => Promise.resolve(),
    });
    render(
      <BackendContext value={editor}>
        <SyncBackendContext value={sync}>
          <OptionMappingEditor option="contacts" onClose={() => undefined} />
        </SyncBackendContext>
      </BackendContext>,
    );
    const user = userEvent.setup();
    expect(await screen.findByText(/describe from org/)).toBeInTheDocument();
    // The preview checks the option's own write.
    expect(await screen.findByRole('combobox', { name: 'Operation' })).toHaveValue('insert');
    // It speaks of the option, not of files.
    const save = await screen.findByRole('button', { name: 'Save into option contacts' });
    expect(screen.queryByRole('button', { name: 'Save as…' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Open…' })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Mapping file path' })).not.toBeInTheDocument();
    await user.click(save);
    expect(await screen.findByText('Saved into option contacts.')).toBeInTheDocument();
    const [name, mapping] = sync.calls('saveOptionMapping')[0]?.args as [string, { fields: unknown[] }];
    expect(name).toBe('contacts');
    expect(mapping.fields.length).toBeGreaterThan(0);
  });

  it('tells auto-map when the option imports from another org', async () => {
    const editor = fakeEditor();
    const sync = new TestSyncBackend({
      optionWorkspace: (name) =>
        Promise.resolve({
          option: name,
          mapping: JSON.stringify({ fields: [] }),
          describe: '{}',
          describeFrom: 'org',
          sample: '[{"LastName": "Lovelace", "Account": {"Name": "Acme"}}]',
          recordsPath: '',
          operation: 'insert',
          notes: [],
          sourceIsOrg: true,
        }),
    });
    render(
      <BackendContext value={editor}>
        <SyncBackendContext value={sync}>
          <OptionMappingEditor option="copy" onClose={() => undefined} />
        </SyncBackendContext>
      </BackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Auto-map' }));
    await expect
      .poll(() => editor.calls('suggestMapping').map((c) => (c.args[0] as { sourceIsOrg?: boolean }).sourceIsOrg))
      .toEqual([true]);
  });

  it('offers no operation for an export: its records go to JSON keys, checked as new', async () => {
    const editor = fakeEditor();
    const sync = new TestSyncBackend({
      optionWorkspace: (name) =>
        Promise.resolve({
          option: name,
          mapping: JSON.stringify({ fields: [{ source: 'Name', target: 'name' }] }),
          describe: JSON.stringify({ name: 'api', label: 'JSON keys sent to api', fields: [] }),
          describeFrom: 'the JSON keys sent to api',
          sample: '[{"Name": "Acme"}]',
          recordsPath: '',
          operation: null,
          notes: [],
          sourceIsOrg: false,
        }),
    });
    render(
      <BackendContext value={editor}>
        <SyncBackendContext value={sync}>
          <OptionMappingEditor option="to-api" onClose={() => undefined} />
        </SyncBackendContext>
      </BackendContext>,
    );
    await screen.findByRole('button', { name: 'Save into option to-api' });
    expect(screen.queryByRole('combobox', { name: 'Operation' })).not.toBeInTheDocument();
    await expect
      .poll(() => editor.calls('previewMapping').map((c) => (c.args[0] as { operation: string }).operation))
      .toContain('insert');
  });

  it('shows why the option could not be opened', async () => {
    const sync = new TestSyncBackend({
      optionWorkspace: () => apiFailure('NOT_FOUND', 'there is no option "gone"'),
    });
    render(
      <BackendContext value={fakeEditor()}>
        <SyncBackendContext value={sync}>
          <OptionMappingEditor option="gone" onClose={() => undefined} />
        </SyncBackendContext>
      </BackendContext>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('NOT_FOUND');
  });
});

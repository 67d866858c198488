import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SettingsScreen } from './SettingsScreen';
import { SettingsBackendContext, type ImportPreview } from './settingsBackend';
import { TestSettingsBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

const preview: ImportPreview = {
  items: [
    { item: 'connection', name: 'org', change: 'unchanged', fields: [] },
    { item: 'option', name: 'invoices', change: 'changed', fields: ['/active'] },
    { item: 'option', name: 'payments', change: 'created', fields: [] },
  ],
};

describe('the settings screen', () => {
  it('exports for support and shows where the file went', async () => {
    const asked: string[] = [];
    const backend = new TestSettingsBackend({
      exportSettings: (kind) => {
        asked.push(kind);
        return Promise.resolve({ path: `/tmp/exports/sync-central-${kind}.json` });
      },
    });
    render(
      <SettingsBackendContext value={backend}>
        <SettingsScreen />
      </SettingsBackendContext>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export for support' }));
    expect(await screen.findByTestId('exported-path')).toHaveTextContent(
      '/tmp/exports/sync-central-support.json',
    );
    expect(asked).toEqual(['support']);
  });

  it('previews an import before applying it', async () => {
    const applied: string[] = [];
    const backend = new TestSettingsBackend({
      previewImport: () => Promise.resolve(preview),
      applyImport: (path) => {
        applied.push(path);
        return Promise.resolve(preview);
      },
    });
    render(
      <SettingsBackendContext value={backend}>
        <SettingsScreen />
      </SettingsBackendContext>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Settings file (JSON or .xlsx)'), '/tmp/settings.xlsx');
    await user.click(screen.getByRole('button', { name: 'Preview import' }));
    const table = await screen.findByRole('table', { name: 'Import preview' });
    expect(table).toHaveTextContent('invoiceschanged/active');
    expect(screen.getByText('1 created, 1 changed, 1 unchanged')).toBeInTheDocument();
    expect(applied).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Imported: 1 created, 1 changed')).toBeInTheDocument();
    expect(applied).toEqual(['/tmp/settings.xlsx']);
  });

  it('shows a cell problem of an edited workbook', async () => {
    const backend = new TestSettingsBackend({
      previewImport: () =>
        apiFailure(
          'INVALID_CONFIG',
          "1 problem in the workbook:\n  Options!E4: operation 'upsrt' is not one of insert, update, upsert, delete",
        ),
    });
    render(
      <SettingsBackendContext value={backend}>
        <SettingsScreen />
      </SettingsBackendContext>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Settings file (JSON or .xlsx)'), '/tmp/s.xlsx');
    await user.click(screen.getByRole('button', { name: 'Preview import' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Options!E4: operation 'upsrt'");
  });
});

import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BackendContext } from '../backend';
import { fakeEditor } from '../test/fakeEditor';
import { Workspace } from './Workspace';
import { type TestBackend } from '../test/backends';

document.elementFromPoint = () => null;

async function open(backend: TestBackend) {
  render(
    <BackendContext value={backend}>
      <Workspace />
    </BackendContext>,
  );
  await screen.findByTestId('cell-0-Contact_Id__c');
}

/** An edit that is not saved: a constant on LeadSource. */
async function editSomething() {
  await userEvent.type(screen.getByLabelText('Constant target field'), 'LeadSource');
  await userEvent.type(screen.getByRole('textbox', { name: 'Constant value' }), 'Web');
  await userEvent.click(screen.getByRole('button', { name: 'Set value' }));
  expect(screen.getAllByTestId('mapping-row')).toHaveLength(2);
  expect(screen.getByTestId('unsaved')).toBeInTheDocument();
}

const rows = () => screen.queryAllByTestId('mapping-row').length;

describe('the unsaved-changes guard', () => {
  it('asks nothing when there is nothing to lose', async () => {
    const backend = fakeEditor();
    await open(backend);
    expect(await backend.requestClose()).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'New mapping' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(rows()).toBe(0);
  });

  it('asks before a new mapping, and does nothing when the user cancels (Escape or Cancel)', async () => {
    await open(fakeEditor());
    await editSomething();
    const newMapping = screen.getByRole('button', { name: 'New mapping' });

    await userEvent.click(newMapping);
    const dialog = screen.getByRole('alertdialog', { name: 'Discard unsaved changes?' });
    expect(dialog).toHaveAccessibleDescription(/A new mapping loses them/);
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(rows()).toBe(2);
    expect(newMapping).toHaveFocus();

    await userEvent.click(newMapping);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(rows()).toBe(2);

    await userEvent.click(newMapping);
    await userEvent.click(screen.getByRole('button', { name: 'Discard and start anew' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(rows()).toBe(0);
  });

  it('keeps the window open when closing is cancelled from the keyboard, and closes when confirmed', async () => {
    const backend = fakeEditor();
    await open(backend);
    await editSomething();

    let closing!: Promise<boolean>;
    act(() => {
      closing = backend.requestClose();
    });
    await screen.findByRole('alertdialog');
    // Tab stays in the dialog: Cancel, the confirm button, Cancel again.
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Discard and close' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(await closing).toBe(false);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(rows()).toBe(2);

    act(() => {
      closing = backend.requestClose();
    });
    await screen.findByRole('alertdialog');
    await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    expect(await closing).toBe(true);
  });

  it('asks before opening another mapping, and reads nothing when cancelled', async () => {
    const backend = fakeEditor({ readTextFile: () => Promise.resolve('{"email": "Email"}') });
    await open(backend);
    await editSomething();
    await userEvent.type(screen.getByRole('textbox', { name: 'Mapping file path' }), '/m.json');
    const reads = () => backend.log.filter((c) => c.method === 'readTextFile').length;

    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(reads()).toBe(0);
    expect(rows()).toBe(2);

    await userEvent.click(screen.getByRole('button', { name: 'Open…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(backend.log.filter((c) => c.method === 'pickFile')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await userEvent.click(screen.getByRole('button', { name: 'Discard and open' }));
    await waitFor(() => {
      expect(screen.getAllByTestId('mapping-row').map((r) => r.dataset.target)).toEqual(['Email']);
    });
    expect(reads()).toBe(1);
  });
});

// The parent check in the live preview: opened on an option, the editor looks the preview's
// lookups by external ID up in the option's org and marks each one the org lacks, as the
// run would fail it; the plain editor asks nothing.
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BackendContext } from '../backend';
import { OptionMappingEditor } from '../sync/OptionMappingEditor';
import { SyncBackendContext } from '../sync/syncBackend';
import { TestSyncBackend } from '../test/backends';
import { DEMO_MAPPING, failure, fakeEditor, SAMPLE } from '../test/fakeEditor';
import type { MappedRecord, ParentCheck, PreviewReport } from '../types';
import { PARENT_CHECK_DEBOUNCE_MS, type CheckParents } from './useParentCheck';
import { Workspace } from './Workspace';

// jsdom has no layout.
document.elementFromPoint = () => null;

const account = (key: string) => ({ attributes: { type: 'Account' }, External_Id__c: key });

/** An editor backend whose preview links record i to the Account `refs.keys[i]` (read at
 * each preview, so a test changes them and asks for a new preview). */
function linkingEditor(refs: { keys: string[] }) {
  return fakeEditor({
    previewMapping: () => {
      const records = refs.keys.map((key, index) => ({
        index,
        fields: { Contact_Id__c: `c-${String(index + 1)}`, Account__r: account(key) },
        errors: [],
        warnings: [],
      }));
      const report: PreviewReport = {
        object: 'Contact',
        records,
        summary: { total: records.length, valid: records.length, invalid: 0 },
      };
      return Promise.resolve(report);
    },
  });
}

/** What the org answers: every key but those in `has` is unknown. */
function orgWith(has: string[], org = 'sandbox-org') {
  return (records: MappedRecord[]): ParentCheck => {
    const unknown = records.flatMap((r) =>
      Object.entries(r.fields).flatMap(([field, value]) => {
        const key = (value as { External_Id__c: string }).External_Id__c;
        if (has.includes(key)) return [];
        const message = `no Account with External_Id__c = ${key} in ${org}`;
        return [
          {
            index: r.index,
            error: { field, code: 'INVALID_FIELD' as const, message },
            object: 'Account',
            externalId: 'External_Id__c',
            value: key,
          },
        ];
      }),
    );
    return { org, unknown, checked: records.length, unchecked: 0, queries: 1 };
  };
}

function renderWorkspace(refs: { keys: string[] }, checkParents?: CheckParents) {
  return render(
    <BackendContext value={linkingEditor(refs)}>
      <Workspace checkParents={checkParents} />
    </BackendContext>,
  );
}

/** A new preview, as any edit asks for one. */
async function editOperation(value: 'insert' | 'update' | 'upsert') {
  await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Operation' }), value);
}

function sleep(ms: number) {
  return act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));
}

describe('the parent check in the preview of an option', () => {
  it('marks a lookup to a parent the org lacks on its cell and the record as invalid', async () => {
    const check = vi.fn((records: MappedRecord[]) =>
      Promise.resolve(orgWith(['A-100'])(records)),
    );
    renderWorkspace({ keys: ['A-100', 'A-404', 'A-100'] }, check);

    const cell = await screen.findByTestId('cell-1-Account__r');
    await waitFor(() => {
      expect(cell).toHaveAttribute('data-state', 'invalid');
    });
    expect(cell).toHaveAttribute('data-code', 'INVALID_FIELD');
    expect(cell).toHaveAttribute(
      'title',
      'INVALID_FIELD: no Account with External_Id__c = A-404 in sandbox-org',
    );
    expect(screen.getByTestId('row-1')).toHaveClass('grid__row--invalid');
    expect(screen.getByTestId('cell-0-Account__r')).toHaveAttribute('data-state', 'valid');
    expect(screen.getByTestId('live-valid')).toHaveTextContent('2');
    expect(screen.getByTestId('live-invalid')).toHaveTextContent('1');
    expect(screen.getByTestId('parents-status')).toHaveTextContent(
      'Parents looked up in sandbox-org: 1 not found',
    );
    // Only the lookups are sent, once.
    expect(check).toHaveBeenCalledTimes(1);
    expect(check.mock.calls[0]?.[0]).toEqual([
      { index: 0, fields: { Account__r: account('A-100') } },
      { index: 1, fields: { Account__r: account('A-404') } },
      { index: 2, fields: { Account__r: account('A-100') } },
    ]);
  });

  it('checks again when the lookups change, after a pause and one request at a time', async () => {
    const refs = { keys: ['A-1'] };
    const answers: { records: MappedRecord[]; resolve: (c: ParentCheck) => void }[] = [];
    const check = vi.fn(
      (records: MappedRecord[]) =>
        new Promise<ParentCheck>((resolve) => {
          answers.push({ records, resolve });
        }),
    );
    renderWorkspace(refs, check);
    await waitFor(() => {
      expect(check).toHaveBeenCalledTimes(1);
    });
    expect(screen.getByTestId('parents-status')).toHaveTextContent('Looking the parents up');

    // Two changes while the first check is out: only the last is asked, once it answers.
    refs.keys = ['A-2'];
    await editOperation('insert');
    refs.keys = ['A-3'];
    await editOperation('update');
    await sleep(PARENT_CHECK_DEBOUNCE_MS * 2);
    expect(check).toHaveBeenCalledTimes(1);

    await act(async () => {
      answers[0]?.resolve(orgWith([])(answers[0].records));
      await Promise.resolve();
    });
    await waitFor(() => {
      expect(check).toHaveBeenCalledTimes(2);
    });
    expect(answers[1]?.records).toEqual([{ index: 0, fields: { Account__r: account('A-3') } }]);
    // The first answer named A-1, which the preview no longer holds: nothing is marked.
    expect(screen.getByTestId('cell-0-Account__r')).toHaveAttribute('data-state', 'valid');
    await act(async () => {
      answers[1]?.resolve(orgWith([])(answers[1].records));
      await Promise.resolve();
    });
    await waitFor(() => {
      expect(screen.getByTestId('cell-0-Account__r')).toHaveAttribute('data-state', 'invalid');
    });

    // A new preview with the same lookups asks the org nothing.
    await editOperation('upsert');
    await sleep(PARENT_CHECK_DEBOUNCE_MS * 2);
    expect(check).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('cell-0-Account__r')).toHaveAttribute('data-state', 'invalid');
  });

  it('says why the parents could not be looked up, with Salesforce’s code', async () => {
    const check = vi.fn(() =>
      failure(
        'INVALID_FIELD',
        "looking up Account by External_Id__c in sandbox-org: No such column 'X'",
      ),
    );
    renderWorkspace({ keys: ['A-100'] }, check);
    const error = await screen.findByTestId('parents-error');
    expect(error).toHaveTextContent('INVALID_FIELD');
    expect(error).toHaveTextContent('No such column');
    expect(screen.getByTestId('cell-0-Account__r')).toHaveAttribute('data-state', 'valid');
  });

  it('is not asked by the plain editor', async () => {
    renderWorkspace({ keys: ['A-404'] });
    await screen.findByTestId('cell-0-Account__r');
    await sleep(PARENT_CHECK_DEBOUNCE_MS * 2);
    expect(screen.getByTestId('cell-0-Account__r')).toHaveAttribute('data-state', 'valid');
    expect(screen.queryByTestId('parents-status')).not.toBeInTheDocument();
  });

  it('asks the option’s org when the editor is opened on an option', async () => {
    const sync = new TestSyncBackend({
      optionWorkspace: (name) =>
        Promise.resolve({
          option: name,
          mapping: JSON.stringify(DEMO_MAPPING),
          describe: '{}',
          describeFrom: 'sandbox-org',
          sample: SAMPLE,
          recordsPath: '$.data',
          operation: 'upsert',
          notes: [],
          sourceIsOrg: false,
        }),
      checkOptionParents: (_name, records) => Promise.resolve(orgWith(['A-100'])(records)),
    });
    render(
      <BackendContext value={linkingEditor({ keys: ['A-404', 'A-100'] })}>
        <SyncBackendContext value={sync}>
          <OptionMappingEditor option="invoices" onClose={() => undefined} />
        </SyncBackendContext>
      </BackendContext>,
    );
    const cell = await screen.findByTestId('cell-0-Account__r');
    await waitFor(() => {
      expect(cell).toHaveAttribute('data-state', 'invalid');
    });
    expect(sync.calls('checkOptionParents')[0]?.args[0]).toBe('invoices');
    expect(screen.getByTestId('cell-1-Account__r')).toHaveAttribute('data-state', 'valid');
  });
});

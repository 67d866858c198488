import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { TestSyncBackend } from '../test/backends';
import { finance, importDocument, org } from '../test/syncFixtures';
import { OptionForm } from './OptionForm';
import { SyncBackendContext, type MappingIssue, type SyncOption } from './syncBackend';

/** Contacts copied from the `production` org into `org`, matched on Email. */
function fromOrg(): SyncOption {
  const base = importDocument('contacts', 'Contact');
  if (base.direction !== 'import') throw new Error('an import');
  return {
    ...base,
    source: { connection: 'production', object: 'Contact', where: "Email != null", api: 'auto' },
    target: { ...base.target, matchOn: ['Email'] },
    incremental: undefined,
  };
}

const production = { ...org, name: 'production', url: 'http://127.0.0.1:4001' };

function open(option: SyncOption, check: (doc: SyncOption) => MappingIssue[] = () => []) {
  const backend = new TestSyncBackend({
    listConnections: () => Promise.resolve([org, production, finance]),
    checkOption: (_original, doc) => Promise.resolve(check(doc)),
  });
  const onSave = vi.fn(() => Promise.resolve());
  render(
    <SyncBackendContext value={backend}>
      <OptionForm option={option} original={option.name} onSave={onSave} onCancel={vi.fn()} />
    </SyncBackendContext>,
  );
  return { backend, onSave, user: userEvent.setup() };
}

function group(name: string): HTMLElement {
  return screen.getByRole('group', { name });
}

describe('the option form of an import', () => {
  it('shows the org source of an import from another org, and saves it with matchOn and deletes', async () => {
    const { onSave, user } = open(fromOrg());
    await screen.findByRole('option', { name: 'production' });
    expect(screen.getByLabelText('Source')).toHaveValue('org');
    const source = group('Source: Salesforce');
    // Only Salesforce connections read an org.
    const orgs = within(source).getByLabelText('Org');
    expect(within(orgs).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'org',
      'production',
    ]);
    expect(within(source).getByLabelText('Object')).toHaveValue('Contact');
    expect(within(source).getByLabelText('Where (SOQL condition)')).toHaveValue('Email != null');
    expect(screen.queryByLabelText('Path')).toBeNull();
    expect(screen.queryByLabelText('Paging')).toBeNull();

    const target = group('Target: Salesforce');
    expect(within(target).getByRole('radio', { name: 'Fields (e.g. Email)' })).toBeChecked();
    expect(within(target).queryByLabelText('External ID')).toBeNull();
    const matchOn = within(target).getByLabelText('Match on fields (e.g. Email)');
    expect(matchOn).toHaveValue('Email');
    await user.type(matchOn, ', LastName');
    await user.clear(within(source).getByLabelText('Limit'));
    await user.type(within(source).getByLabelText('Limit'), '500');
    await user.selectOptions(
      screen.getByLabelText('Their match in the target'),
      'Hard delete (for good; needs the "Bulk API Hard Delete" permission)',
    );
    await user.click(screen.getByRole('button', { name: 'Save option' }));

    await waitFor(() => {
      expect(onSave).toHaveBeenCalled();
    });
    const doc = fromOrg();
    if (doc.direction !== 'import') throw new Error('an import');
    expect(onSave.mock.calls[0]).toEqual([
      {
        ...doc,
        source: { ...doc.source, limit: 500 },
        target: { ...doc.target, matchOn: ['Email', 'LastName'] },
        deletes: 'hardDelete',
      },
    ]);
  });

  it('switches an API import to an org source and its match from the external ID to fields', async () => {
    const saved = importDocument('invoices', 'Contact');
    if (saved.direction !== 'import') throw new Error('an import');
    const option: SyncOption = { ...saved, target: { ...saved.target, externalId: 'Key__c' } };
    const { onSave, user } = open(option);
    await screen.findByRole('option', { name: 'production' });
    expect(screen.getByLabelText('Path')).toHaveValue('/v1/invoices');
    expect(screen.queryByLabelText('Where (SOQL condition)')).toBeNull();
    expect(screen.getByLabelText('Their match in the target')).toHaveValue('ignore');

    await user.selectOptions(screen.getByLabelText('Source'), 'A Salesforce org');
    expect(screen.queryByLabelText('Path')).toBeNull();
    const source = group('Source: Salesforce');
    await user.selectOptions(within(source).getByLabelText('Org'), 'production');
    await user.type(within(source).getByLabelText('Object'), 'Contact');

    const target = group('Target: Salesforce');
    expect(within(target).getByLabelText('External ID')).toHaveValue('Key__c');
    await user.click(within(target).getByRole('radio', { name: 'Fields (e.g. Email)' }));
    await user.type(within(target).getByLabelText('Match on fields (e.g. Email)'), 'Email');
    await user.selectOptions(
      screen.getByLabelText('Their match in the target'),
      'Delete (recycle bin, undo restores)',
    );
    await user.click(screen.getByRole('button', { name: 'Save option' }));

    await waitFor(() => {
      expect(onSave).toHaveBeenCalled();
    });
    expect(onSave.mock.calls[0]).toEqual([
      {
        ...option,
        source: { connection: 'production', object: 'Contact', api: 'auto' },
        target: { ...saved.target, externalId: undefined, matchOn: ['Email'] },
        deletes: 'delete',
      },
    ]);
  });

  it('offers matching on fields for update and upsert only, and drops it for an insert', async () => {
    const { onSave, user } = open(fromOrg());
    const target = group('Target: Salesforce');
    await user.selectOptions(within(target).getByLabelText('Operation'), 'Insert');
    expect(within(target).queryByRole('radio', { name: 'Fields (e.g. Email)' })).toBeNull();
    expect(within(target).queryByLabelText('Match on fields (e.g. Email)')).toBeNull();
    expect(within(target).getByLabelText('External ID')).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Save option' }));
    await waitFor(() => {
      expect(onSave).toHaveBeenCalled();
    });
    const [doc] = onSave.mock.calls[0] as unknown as [SyncOption];
    expect(doc.direction === 'import' && doc.target).toMatchObject({ operation: 'insert' });
    expect(doc.direction === 'import' && doc.target.matchOn).toBeUndefined();
  });

  it("shows the check's problems under the org source, the match fields and the deletes", async () => {
    const { user } = open(fromOrg(), (doc) =>
      doc.direction === 'import' && doc.target.matchOn?.includes('E-mail')
        ? [
            { pointer: '/target/matchOn/0', message: '"E-mail" is not a field API name' },
            { pointer: '/source/object', message: 'name the Salesforce object' },
            { pointer: '/deletes', message: 'hardDelete needs the Bulk API' },
          ]
        : [],
    );
    const matchOn = screen.getByLabelText('Match on fields (e.g. Email)');
    await user.clear(matchOn);
    await user.type(matchOn, 'E-mail');
    expect(await screen.findByText('"E-mail" is not a field API name')).toBeInTheDocument();
    expect(matchOn).toHaveAccessibleDescription('"E-mail" is not a field API name');
    expect(within(group('Source: Salesforce')).getByLabelText('Object')).toHaveAccessibleDescription(
      'name the Salesforce object',
    );
    expect(screen.getByLabelText('Their match in the target')).toHaveAccessibleDescription(
      'hardDelete needs the Bulk API',
    );
    expect(screen.queryByTestId('option-problems')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save option' })).toBeDisabled();
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SuggestedField } from '../bindings/SuggestedField';
import type { SyncOption } from '../sync/syncBackend';
import { openSetup } from '../test/renderSetup';
import { contactObject, contactsSample, orgObjects } from '../test/setupBackend';
import { finance, org } from '../test/syncFixtures';
import { apiFailure } from '../test/testDouble';

const production = { ...org, name: 'production', url: 'http://127.0.0.1:4001' };

function suggested(source: string, target: string): SuggestedField {
  return { source, target, matched_by: 'api_name', reason: 'same API name', transforms: [] };
}

function open(orgSample = () => Promise.resolve(contactsSample)) {
  return openSetup(
    {
      listObjects: () => Promise.resolve(orgObjects),
      describeObject: () => Promise.resolve(contactObject),
      describeObjectJson: () => Promise.resolve('{"name":"Contact","fields":[]}'),
      checkFilter: (_c, object, condition) =>
        Promise.resolve({ soql: `SELECT Id FROM ${object} WHERE ${condition}` }),
      orgSample,
    },
    { listConnections: () => Promise.resolve([org, production, finance]), saveOption: () => Promise.resolve() },
    {
      suggestMapping: () =>
        Promise.resolve({
          fields: [
            suggested('Id', 'Id'),
            suggested('LastName', 'LastName'),
            suggested('Email', 'Email'),
            suggested('AccountId', 'AccountId'),
            {
              ...suggested('Account.Name', 'AccountId'),
              matched_by: 'relationship',
              transforms: [
                { transform: { reference: { object: 'Account', matchOn: 'Name' } }, reason: 'by Name' },
              ],
            },
          ],
          unmatched_sources: [],
        }),
    },
  );
}

describe('new import option from a Salesforce org', () => {
  it('reads the source object, filters and samples it, matches Contacts on Email and saves the option', async () => {
    const opened = open();
    const { user, setup, sync, editor, onSaved } = opened;
    await user.click(await screen.findByRole('radio', { name: 'From a Salesforce org' }));
    expect(screen.queryByLabelText('HTTP connection')).toBeNull();
    // Only Salesforce connections are offered as the source.
    const sourceOrg = screen.getByLabelText('Source org');
    expect(within(sourceOrg).queryByRole('option', { name: /^finance/ })).toBeNull();
    await user.selectOptions(sourceOrg, 'production');
    await user.click(await screen.findByRole('option', { name: 'Contact (Contact)' }));
    await screen.findByText('Edit as text');
    await user.click(screen.getByLabelText('Edit as text'));
    await user.type(screen.getByLabelText('SOQL condition (without WHERE)'), 'Email != null');
    expect(await screen.findByText('The query is valid')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Read sample Contact records' }));
    expect(await screen.findByTestId('org-sample-count')).toHaveTextContent(
      '1 record read, with 5 fields.',
    );
    expect(setup.calls('orgSample').map((c) => c.args)).toEqual([
      ['production', 'Contact', 'Email != null', 20],
    ]);
    const fields = screen.getByRole('table', { name: 'Source fields' });
    expect(within(fields).getByRole('row', { name: /Email text "ada@example.com"/ })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Target org'), 'org');
    const targetStep = screen.getByRole('region', { name: '3. Target' });
    await user.click(await within(targetStep).findByRole('option', { name: 'Contact (Contact)' }));
    // Contacts are matched on Email unless told otherwise.
    expect(await screen.findByRole('radio', { name: 'Fields (e.g. Email)' })).toBeChecked();
    const matchOn = screen.getByLabelText('Match on fields (e.g. Email)');
    expect(within(matchOn).getByRole('option', { name: 'Email (Email)' })).toHaveProperty('selected', true);
    await user.selectOptions(matchOn, 'LastName');
    expect(screen.getByLabelText('Option name')).toHaveValue('Contact from production');
    expect(screen.queryByTestId('setup-missing')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save and auto-map' }));

    await expect.poll(() => onSaved.mock.calls).toEqual([['Contact from production']]);
    const [input] = editor.calls('suggestMapping')[0]?.args as [
      { sample: string; operation: string; sourceIsOrg?: boolean },
    ];
    expect(JSON.parse(input.sample)).toEqual(contactsSample.records);
    expect(input.operation).toBe('upsert');
    expect(input.sourceIsOrg).toBe(true);
    const expected: SyncOption = {
      direction: 'import',
      name: 'Contact from production',
      active: true,
      order: 0,
      source: { connection: 'production', object: 'Contact', where: 'Email != null', api: 'auto' },
      target: {
        connection: 'org',
        object: 'Contact',
        operation: 'upsert',
        matchOn: ['LastName', 'Email'],
        api: 'auto',
        batchSize: 200,
        bulkThreshold: 2000,
      },
      // The source org's Ids (the record's, its account's) mean nothing in the target: the
      // account is linked by its Name.
      mapping: {
        fields: [
          { source: 'LastName', target: 'LastName' },
          { source: 'Email', target: 'Email' },
          {
            source: 'Account.Name',
            target: 'AccountId',
            transforms: [{ reference: { object: 'Account', matchOn: 'Name' } }],
          },
        ],
      },
      guard: 'warn',
    };
    expect(sync.calls('saveOption').map((c) => c.args)).toEqual([[null, expected]]);
  });

  it("shows Salesforce's answer when the sample cannot be read, and saves nothing without one", async () => {
    const opened = open(() => apiFailure('INVALID_FIELD', "No such column 'Emial' on entity 'Contact'"));
    const { user } = opened;
    await user.click(await screen.findByRole('radio', { name: 'From a Salesforce org' }));
    await user.selectOptions(screen.getByLabelText('Source org'), 'production');
    await user.click(await screen.findByRole('option', { name: 'Contact (Contact)' }));
    await user.click(await screen.findByRole('button', { name: 'Read sample Contact records' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('INVALID_FIELD');
    expect(alert).toHaveTextContent("No such column 'Emial'");
    expect(screen.getByTestId('setup-missing')).toHaveTextContent('sample records read');
    expect(screen.getByRole('button', { name: 'Save and auto-map' })).toBeDisabled();
  });
});

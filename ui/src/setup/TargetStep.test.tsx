import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openSetup } from '../test/renderSetup';
import { invoiceObject, objects, paymentObject } from '../test/setupBackend';
import { apiFailure } from '../test/testDouble';

function optionNames(select: HTMLElement): (string | null)[] {
  return within(select)
    .getAllByRole('option')
    .map((o) => o.textContent);
}

describe('the target step', () => {
  it("lists the org's objects, filtered by label or API name", async () => {
    const { user, setup } = openSetup({ listObjects: () => Promise.resolve(objects) });
    await screen.findByRole('option', { name: /^org/ });
    const org = screen.getByLabelText('Salesforce connection');
    expect(within(org).queryByRole('option', { name: /^finance/ })).toBeNull();
    await user.selectOptions(org, 'org');
    await screen.findByRole('option', { name: 'Invoice (Invoice__c)' });
    expect(setup.calls('listObjects').map((c) => c.args)).toEqual([['org']]);

    const search = screen.getByLabelText('Search objects by label or API name');
    await user.type(search, 'received');
    expect(optionNames(screen.getByLabelText(/^Object/))).toEqual([
      'Payment received (Payment__c)',
    ]);
    await user.clear(search);
    await user.type(search, 'INVOICE__');
    expect(optionNames(screen.getByLabelText(/^Object/))).toEqual(['Invoice (Invoice__c)']);
    expect(screen.getByText('Object (1 of 3)')).toBeInTheDocument();
  });

  it('offers the external ID fields only, and says when an object has none', async () => {
    const { user, setup } = openSetup({
      listObjects: () => Promise.resolve(objects),
      describeObject: (_, object) =>
        Promise.resolve(object === 'Invoice__c' ? invoiceObject : paymentObject),
    });
    await screen.findByRole('option', { name: /^org/ });
    await user.selectOptions(screen.getByLabelText('Salesforce connection'), 'org');
    await screen.findByRole('option', { name: 'Invoice (Invoice__c)' });
    await user.click(screen.getByRole('option', { name: 'Invoice (Invoice__c)' }));
    expect(
      within(screen.getByRole('listbox', { name: /^Object/ })).getByRole('option', {
        selected: true,
      }),
    ).toHaveAttribute('data-object', 'Invoice__c');

    const externalId = await screen.findByLabelText('External ID');
    expect(optionNames(externalId)).toEqual([
      'Choose a field…',
      'Invoice Number (Invoice_Number__c)',
      'Legacy Key (Legacy_Key__c)',
    ]);
    expect(setup.calls('describeObject').map((c) => c.args)).toEqual([['org', 'Invoice__c']]);
    expect(screen.getByTestId('setup-missing')).toHaveTextContent('the external ID');

    await user.click(screen.getByRole('option', { name: 'Payment received (Payment__c)' }));
    expect(await screen.findByTestId('setup-no-external-id')).toHaveTextContent(
      'Payment received has no external ID field. An upsert needs one',
    );
    expect(screen.queryByLabelText('External ID')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Operation'), 'update');
    expect(screen.getByTestId('setup-no-external-id')).toHaveTextContent(
      'Records are matched on the Salesforce Id',
    );
    expect(screen.getByTestId('setup-missing')).not.toHaveTextContent('the external ID');
  });

  it('takes the only external ID, and none for an insert', async () => {
    const single = {
      ...invoiceObject,
      fields: invoiceObject.fields.filter((f) => f.name !== 'Legacy_Key__c'),
    };
    const { user } = openSetup({
      listObjects: () => Promise.resolve(objects),
      describeObject: () => Promise.resolve(single),
    });
    await screen.findByRole('option', { name: /^org/ });
    await user.selectOptions(screen.getByLabelText('Salesforce connection'), 'org');
    await screen.findByRole('option', { name: 'Invoice (Invoice__c)' });
    await user.click(screen.getByRole('option', { name: 'Invoice (Invoice__c)' }));
    expect(await screen.findByLabelText('External ID')).toHaveValue('Invoice_Number__c');
    await user.selectOptions(screen.getByLabelText('Operation'), 'insert');
    expect(screen.queryByLabelText('External ID')).toBeNull();
  });

  it("shows why the org's objects could not be read", async () => {
    const { user } = openSetup({
      listObjects: () => apiFailure('LOGIN_FAILED', 'org: invalid_grant (authentication failure)'),
    });
    await screen.findByRole('option', { name: /^org/ });
    await user.selectOptions(screen.getByLabelText('Salesforce connection'), 'org');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('LOGIN_FAILED');
    expect(alert).toHaveTextContent('org: invalid_grant (authentication failure)');
  });
});

import { fireEvent, screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SyncOption } from '../sync/syncBackend';
import { openExport } from '../test/renderSetup';
import { apiFailure } from '../test/testDouble';
import { accountObject, contactObject, orgObjects } from '../test/setupBackend';
import type { FilterCheck, PayloadPreview, SetupBackend, TargetObject } from './setupBackend';

/** The org's objects and the describes of Account and Contact. */
const org: Partial<SetupBackend> = {
  listObjects: () => Promise.resolve(orgObjects),
  describeObject: (_, object) =>
    Promise.resolve(object === 'Contact' ? contactObject : accountObject),
};

/** A date and time field of a describe. */
function datetime(name: string): TargetObject['fields'][number] {
  return {
    name,
    label: name,
    fieldType: 'datetime',
    length: null,
    required: false,
    externalId: false,
    createable: false,
    updateable: false,
    picklistValues: [],
    referenceTo: [],
  };
}

/** Account and Contact with the system's change stamps: both on Account, only
 * LastModifiedDate on Contact. */
const stamped: Partial<SetupBackend> = {
  listObjects: () => Promise.resolve(orgObjects),
  describeObject: (_, object) =>
    Promise.resolve(
      object === 'Contact'
        ? { ...contactObject, fields: [...contactObject.fields, datetime('LastModifiedDate')] }
        : {
            ...accountObject,
            fields: [
              ...accountObject.fields,
              datetime('LastModifiedDate'),
              datetime('SystemModstamp'),
            ],
          },
    ),
};

/** Every condition is valid. */
const valid: Partial<SetupBackend> = {
  checkFilter: (_, object, condition) =>
    Promise.resolve({ soql: `SELECT Id FROM ${object} WHERE ${condition}` }),
};

function optionNames(select: HTMLElement): (string | null)[] {
  return within(select)
    .getAllByRole('option')
    .map((o) => o.textContent);
}

/** Step 1 as a user does it: the org, then `object`; waits for its fields. */
async function chooseObject(user: UserEvent, object: string): Promise<void> {
  await screen.findByRole('option', { name: /^org/ });
  await user.selectOptions(screen.getByLabelText('Salesforce connection'), 'org');
  await screen.findByRole('option', { name: 'Account (Account)' });
  await user.click(screen.getByRole('option', { name: `${object} (${object})` }));
  await screen.findByRole('list', { name: `Fields of ${object}` });
}

/** Step 4 as a user does it: finance's `path`. */
async function sendTo(user: UserEvent, path: string): Promise<void> {
  await user.selectOptions(screen.getByLabelText('HTTP connection'), 'finance');
  await user.click(screen.getByLabelText('Path template'));
  await user.paste(path);
}

/** Two requests of one record each, and a record whose mapping failed. */
const preview: PayloadPreview = {
  soql: 'SELECT Id, Name FROM Account LIMIT 5',
  records: 3,
  requests: [
    {
      method: 'PUT',
      url: 'http://127.0.0.1:5000/v1/customers/001A',
      contentType: 'application/json',
      body: '{"Id":"001A","Name":"Acme"}',
      records: 1,
    },
    {
      method: 'PUT',
      url: 'http://127.0.0.1:5000/v1/customers/001B',
      contentType: 'application/json',
      body: '{"Id":"001B","Name":"Globex"}',
      records: 1,
    },
  ],
  unsent: [{ id: '001C', message: 'path /v1/customers/{{Id}}: Id is null' }],
};

describe('new export option', () => {
  it("lists the org's queryable objects, searched by label or API name", async () => {
    const { user, setup } = openExport(org);
    await screen.findByRole('option', { name: /^org/ });
    const connection = screen.getByLabelText('Salesforce connection');
    expect(within(connection).queryByRole('option', { name: /^finance/ })).toBeNull();
    await user.selectOptions(connection, 'org');
    await screen.findByRole('option', { name: 'Contact (Contact)' });
    expect(setup.calls('listObjects').map((c) => c.args)).toEqual([['org']]);
    expect(screen.getByText('Object (4 of 4)')).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /AccountShare/ })).toBeNull();

    const search = screen.getByLabelText('Search objects by label or API name');
    await user.type(search, 'received');
    expect(optionNames(screen.getByLabelText(/^Object/))).toEqual([
      'Payment received (Payment__c)',
    ]);
    await user.clear(search);
    await user.type(search, 'CONT');
    expect(optionNames(screen.getByLabelText(/^Object/))).toEqual(['Contact (Contact)']);
  });

  it("adds a parent's field through the lookup and maps it as Account.Name", async () => {
    const { user, setup, sync } = openExport(org, { saveOption: () => Promise.resolve() });
    await chooseObject(user, 'Contact');
    await user.type(screen.getByLabelText('Search fields by label or API name'), 'acc');
    expect(screen.queryByLabelText('LastName (LastName)')).toBeNull();
    const expand = screen.getByRole('button', { name: 'Show Account fields' });
    await user.click(expand);
    expect(expand).toHaveAttribute('aria-expanded', 'true');
    const parent = await screen.findByRole('list', { name: 'Fields of Account' });
    expect(setup.calls('describeObject').map((c) => c.args)).toEqual([
      ['org', 'Contact'],
      ['org', 'Account'],
    ]);
    // The search finds no Account field holding "acc", so none is offered yet.
    expect(within(parent).queryAllByRole('checkbox')).toEqual([]);
    await user.clear(screen.getByLabelText('Search fields by label or API name'));
    await user.click(screen.getByLabelText('Name (Account.Name)'));

    const rows = screen.getAllByTestId('export-mapping-row');
    expect(rows.map((r) => r.querySelector('code')?.textContent)).toEqual(['Id', 'Account.Name']);
    expect(screen.getByLabelText('Account.Name')).toHaveValue('Account_Name');

    await sendTo(user, '/v1/people');
    await user.click(screen.getByRole('button', { name: 'Save inactive' }));
    await screen.findByTestId('export-saved');
    const [[, saved]] = sync.calls('saveOption').map((c) => c.args) as [[null, SyncOption]];
    expect(saved.mapping).toEqual({
      fields: [
        { source: 'Id', target: 'Id' },
        { source: 'Account.Name', target: 'Account_Name' },
      ],
    });
  });

  it('writes the conditions as SOQL, quoted by type, and shows the query checked', async () => {
    const { user, setup } = openExport({ ...org, ...valid });
    await chooseObject(user, 'Account');
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await user.selectOptions(screen.getByLabelText('Condition 1 field'), 'Name');
    await user.selectOptions(screen.getByLabelText('Condition 1 operator'), 'LIKE');
    await user.type(screen.getByLabelText('Condition 1 value'), 'A%');
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await user.selectOptions(screen.getByLabelText('Condition 2 field'), 'AnnualRevenue');
    await user.selectOptions(screen.getByLabelText('Condition 2 operator'), '>');
    await user.type(screen.getByLabelText('Condition 2 value'), '1000');

    const condition = "Name LIKE 'A%' AND AnnualRevenue > 1000";
    expect(screen.getByTestId('export-condition')).toHaveTextContent(condition);
    expect(await screen.findByText('The query is valid')).toBeInTheDocument();
    expect(screen.getByTestId('export-soql')).toHaveTextContent(
      `SELECT Id FROM Account WHERE ${condition}`,
    );
    expect(setup.calls('checkFilter').at(-1)?.args).toEqual(['org', 'Account', condition]);

    await user.click(screen.getByLabelText('Edit as text'));
    expect(screen.getByLabelText('SOQL condition (without WHERE)')).toHaveValue(condition);
  });

  it('checks a condition once typing has paused for 300 ms', async () => {
    const { user, setup } = openExport({ ...org, ...valid });
    await chooseObject(user, 'Account');
    await user.click(screen.getByLabelText('Edit as text'));
    const text = screen.getByLabelText('SOQL condition (without WHERE)');
    vi.useFakeTimers();
    try {
      fireEvent.change(text, { target: { value: 'Name' } });
      vi.advanceTimersByTime(200);
      fireEvent.change(text, { target: { value: "Name = 'A'" } });
      vi.advanceTimersByTime(299);
      expect(setup.calls('checkFilter')).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(setup.calls('checkFilter').map((c) => c.args)).toEqual([
        ['org', 'Account', "Name = 'A'"],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows Salesforce's answer to a filter it refuses, and saves no such filter", async () => {
    const refused: FilterCheck = {
      soql: 'SELECT Id FROM Account WHERE Name LIKE A%',
      problem: {
        code: 'MALFORMED_QUERY',
        message: "Name LIKE A%\n          ^\nERROR at Row:1:Column:40\nunexpected token: 'A'",
      },
    };
    const { user, setup } = openExport({ ...org, checkFilter: () => Promise.resolve(refused) });
    await chooseObject(user, 'Account');
    await user.click(screen.getByLabelText('Edit as text'));
    await user.type(screen.getByLabelText('SOQL condition (without WHERE)'), 'Name LIKE A%');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('MALFORMED_QUERY')).toBeInTheDocument();
    const caret = alert.querySelector('pre');
    expect(caret?.textContent).toBe(refused.problem?.message);
    expect(screen.queryByText('The query is valid')).toBeNull();
    expect(setup.calls('checkFilter').at(-1)?.args).toEqual(['org', 'Account', 'Name LIKE A%']);
    expect(screen.getByTestId('export-missing')).toHaveTextContent('a filter Salesforce accepts');
    expect(screen.getByRole('button', { name: 'Save inactive' })).toBeDisabled();
  });

  it('saves a CSV file target with its delimiter, quote and header settings', async () => {
    const { user, sync } = openExport(
      { ...org, ...valid },
      { saveOption: () => Promise.resolve() },
    );
    await chooseObject(user, 'Account');
    await user.click(screen.getByLabelText('Write them to a file'));
    await user.type(screen.getByLabelText('File path'), 'out/accounts.csv');
    const form = within(screen.getByLabelText('Format')).getByRole('option', { name: /^Form/ });
    expect(form).toBeDisabled();
    await user.selectOptions(screen.getByLabelText('Format'), 'CSV');
    await user.selectOptions(screen.getByLabelText('Delimiter'), 'Semicolon (;)');
    await user.selectOptions(screen.getByLabelText('Quote'), "Single quote (')");
    await user.click(screen.getByLabelText('Write a header row with the output keys'));
    await user.click(screen.getByRole('button', { name: 'Save inactive' }));

    await screen.findByTestId('export-saved');
    const [[, saved]] = sync.calls('saveOption').map((c) => c.args) as [[null, SyncOption]];
    expect(saved.direction === 'export' && saved.target).toEqual({
      file: 'out/accounts.csv',
      method: 'POST',
      format: 'csv',
      batch: 1,
      csv: { delimiter: ';', quote: "'", header: false },
      headers: {},
    });
  });

  it('saves the whole document, inactive, with the filter, target and output keys', async () => {
    const { user, sync } = openExport(
      { ...org, ...valid },
      { saveOption: () => Promise.resolve() },
    );
    await chooseObject(user, 'Account');
    const save = screen.getByRole('button', { name: 'Save inactive' });
    expect(save).toBeDisabled();
    await user.click(screen.getByLabelText('Name (Name)'));
    await user.click(screen.getByLabelText('IsPartner (IsPartner)'));
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await user.selectOptions(screen.getByLabelText('Condition 1 field'), 'Name');
    await user.selectOptions(screen.getByLabelText('Condition 1 operator'), '!=');
    await user.type(screen.getByLabelText('Condition 1 value'), "O'Brien");
    await sendTo(user, '/v1/customers/{{Id}}');
    await user.selectOptions(screen.getByLabelText('Method'), 'PUT');
    await user.clear(screen.getByLabelText('Records per request'));
    await user.type(screen.getByLabelText('Records per request'), '50');
    await user.clear(screen.getByLabelText('IsPartner'));
    await user.type(screen.getByLabelText('IsPartner'), 'partner');
    expect(screen.getByLabelText('Option name')).toHaveValue('Account export');
    await screen.findByText('The query is valid');
    expect(screen.queryByTestId('export-missing')).toBeNull();
    await user.click(save);

    await screen.findByTestId('export-saved');
    const expected: SyncOption = {
      direction: 'export',
      name: 'Account export',
      active: false,
      order: 0,
      source: {
        connection: 'org',
        object: 'Account',
        where: "Name != 'O\\'Brien'",
        api: 'auto',
      },
      target: {
        connection: 'finance',
        method: 'PUT',
        path: '/v1/customers/{{Id}}',
        format: 'json',
        batch: 50,
        headers: {},
      },
      mapping: {
        fields: [
          { source: 'Id', target: 'Id' },
          { source: 'Name', target: 'Name' },
          { source: 'IsPartner', target: 'partner' },
        ],
      },
    };
    expect(sync.calls('saveOption').map((c) => c.args)).toEqual([[null, expected]]);
    expect(screen.getByTestId('export-state')).toHaveTextContent(
      'Account export is saved inactive',
    );
    expect(screen.getByRole('button', { name: 'Save again' })).toBeDisabled();
  });

  it('previews the requests and the unsent records, then activates the option', async () => {
    const { user, setup, sync, onSaved } = openExport(
      { ...org, previewPayload: () => Promise.resolve(preview) },
      { saveOption: () => Promise.resolve(), setOptionActive: () => Promise.resolve() },
    );
    await chooseObject(user, 'Account');
    await sendTo(user, '/v1/customers/{{Id}}');
    await user.click(screen.getByRole('button', { name: 'Save inactive' }));
    const activate = await screen.findByRole('button', { name: 'Activate' });
    expect(activate).toBeDisabled();
    const count = screen.getByLabelText('Records to preview (1-50)');
    expect(count).toHaveValue(3);
    await user.clear(count);
    await user.type(count, '5');
    await user.click(screen.getByRole('button', { name: 'Preview payload' }));

    const bodies = await screen.findAllByTestId('export-request-body');
    expect(setup.calls('previewPayload').map((c) => c.args)).toEqual([['Account export', 5]]);
    expect(bodies.map((b) => b.textContent)).toEqual([
      '{"Id":"001A","Name":"Acme"}',
      '{"Id":"001B","Name":"Globex"}',
    ]);
    expect(screen.getAllByTestId('export-request')[0]).toHaveTextContent(
      'PUT http://127.0.0.1:5000/v1/customers/001A',
    );
    const unsent = screen.getByRole('table', { name: 'Records not sent' });
    expect(
      within(unsent).getByRole('row', { name: '001C path /v1/customers/{{Id}}: Id is null' }),
    ).toBeInTheDocument();

    await user.click(activate);
    await screen.findByRole('button', { name: 'Active' });
    expect(sync.calls('setOptionActive').map((c) => c.args)).toEqual([['Account export', true]]);
    expect(screen.getByTestId('export-state')).toHaveTextContent('Account export is active');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(onSaved.mock.calls).toEqual([['Account export']]);
  });

  it('shows why saving or previewing failed, and lets the admin try again', async () => {
    let saved = 0;
    const { user, sync, onSaved } = openExport(
      {
        ...org,
        previewPayload: () => apiFailure('INVALID_FIELD', "No such column 'Nmae' on Account"),
      },
      {
        saveOption: () =>
          saved++ === 0 ? apiFailure('INVALID_CONFIG', 'name taken') : Promise.resolve(),
      },
    );
    await chooseObject(user, 'Account');
    await sendTo(user, '/v1/customers');
    await user.click(screen.getByRole('button', { name: 'Save inactive' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('INVALID_CONFIG name taken');
    expect(screen.queryByTestId('export-saved')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Save inactive' }));
    await user.click(await screen.findByRole('button', { name: 'Preview payload' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "INVALID_FIELD No such column 'Nmae' on Account",
    );
    expect(screen.getByRole('button', { name: 'Activate' })).toBeDisabled();
    expect(sync.calls('saveOption')).toHaveLength(2);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('saves the headers sent to the API, and names a header it cannot send', async () => {
    const { user, sync } = openExport(
      { ...org, ...valid },
      { saveOption: () => Promise.resolve() },
    );
    await chooseObject(user, 'Account');
    await sendTo(user, '/v1/customers');
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 1 name'), 'X Tenant');
    await user.type(screen.getByLabelText('Header 1 value'), 'acme');
    expect(screen.getByTestId('export-missing')).toHaveTextContent(
      'header names without spaces or separators (not "X Tenant")',
    );
    expect(screen.getByRole('button', { name: 'Save inactive' })).toBeDisabled();
    await user.clear(screen.getByLabelText('Header 1 name'));
    await user.type(screen.getByLabelText('Header 1 name'), 'X-Tenant');
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 2 name'), 'Accept-Language');
    await user.type(screen.getByLabelText('Header 2 value'), 'de');
    expect(screen.queryByTestId('export-missing')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save inactive' }));

    await screen.findByTestId('export-saved');
    const [[, saved]] = sync.calls('saveOption').map((c) => c.args) as [[null, SyncOption]];
    expect(saved.direction === 'export' && saved.target.headers).toEqual({
      'X-Tenant': 'acme',
      'Accept-Language': 'de',
    });
    // A file target has no headers to offer.
    await user.click(screen.getByLabelText('Write them to a file'));
    expect(screen.queryByRole('button', { name: 'Add header' })).toBeNull();
  });

  it('saves a limit, and refuses one that is not a whole number above 0', async () => {
    const { user, sync } = openExport(
      { ...org, ...valid },
      { saveOption: () => Promise.resolve() },
    );
    await chooseObject(user, 'Account');
    await sendTo(user, '/v1/customers');
    const limit = screen.getByLabelText('At most this many records (optional)');
    await user.type(limit, '0');
    expect(screen.getByTestId('export-missing')).toHaveTextContent(
      'a whole number above 0 for the limit',
    );
    expect(screen.getByRole('button', { name: 'Save inactive' })).toBeDisabled();
    await user.clear(limit);
    await user.type(limit, '250');
    expect(screen.queryByTestId('export-missing')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save inactive' }));

    await screen.findByTestId('export-saved');
    const [[, saved]] = sync.calls('saveOption').map((c) => c.args) as [[null, SyncOption]];
    expect(saved.direction === 'export' && saved.source).toEqual({
      connection: 'org',
      object: 'Account',
      limit: 250,
      api: 'auto',
    });
  });

  it('sends only what changed since SystemModstamp, with a lookback, saved', async () => {
    const { user, sync } = openExport(
      { ...stamped, ...valid },
      { saveOption: () => Promise.resolve() },
    );
    await chooseObject(user, 'Account');
    await sendTo(user, '/v1/customers');
    expect(screen.queryByTestId('export-incremental-help')).toBeNull();
    await user.click(screen.getByLabelText('Send only what changed since the last run'));
    // The runs order and resume by SystemModstamp: no other field is offered.
    expect(screen.queryByLabelText('Cursor field')).toBeNull();
    await user.type(screen.getByLabelText('Lookback (optional)'), '1.5');
    expect(screen.getByTestId('export-missing')).toHaveTextContent(
      'a whole number for the lookback',
    );
    await user.clear(screen.getByLabelText('Lookback (optional)'));
    await user.type(screen.getByLabelText('Lookback (optional)'), '2');
    await user.selectOptions(screen.getByLabelText('Unit'), 'days');
    expect(screen.getByTestId('export-incremental-help')).toHaveTextContent(
      'Each run sends the records whose SystemModstamp (the time Salesforce last changed them, ' +
        "automation included) is later than the last run's checkpoint, less the lookback",
    );
    expect(screen.queryByTestId('export-missing')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save inactive' }));

    await screen.findByTestId('export-saved');
    const [[, saved]] = sync.calls('saveOption').map((c) => c.args) as [[null, SyncOption]];
    expect(saved.incremental).toEqual({ cursor: 'SystemModstamp', lookback: '2d' });
  });

  it('says when the object has no SystemModstamp to follow changes by', async () => {
    const { user } = openExport({ ...stamped, ...valid });
    await chooseObject(user, 'Contact');
    await user.click(screen.getByLabelText('Send only what changed since the last run'));
    expect(screen.getByTestId('export-no-cursor')).toHaveTextContent(
      'Contact has no SystemModstamp field to tell what changed.',
    );
    expect(screen.getByTestId('export-missing')).toHaveTextContent('the cursor field');
  });
});

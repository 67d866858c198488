import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BackendContext, type Backend } from '../backend';
import type { PreviewReport, RecordPreview } from '../types';
import { PreviewScreen } from './PreviewScreen';
import { TestBackend } from '../test/backends';
import { inTurn } from '../test/testDouble';

const contacts: PreviewReport = {
  object: 'Contact',
  records: [
    {
      index: 0,
      fields: { LastName: 'Lovelace', Email: 'ada@example.com', Birthdate: '1815-12-10' },
      errors: [],
      warnings: [],
    },
    {
      index: 1,
      fields: { LastName: 'x'.repeat(81), Email: 'not-an-email' },
      errors: [
        {
          field: 'LastName',
          code: 'STRING_TOO_LONG',
          message: 'Last Name: data value too large: xxxxx (max length=80)',
        },
        {
          field: 'Email',
          code: 'INVALID_EMAIL_ADDRESS',
          message: 'Email: invalid email address: not-an-email',
        },
      ],
      warnings: [],
    },
    {
      index: 2,
      fields: { Email: 'grace@example.com', NumberOfEmployees: 12 },
      errors: [
        {
          field: 'LastName',
          code: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [LastName]',
        },
      ],
      warnings: [
        {
          field: 'NumberOfEmployees',
          code: 'NUMBER_OUTSIDE_VALID_RANGE',
          message: 'Employees: value rounded to an integer',
        },
      ],
    },
  ],
  summary: { total: 3, valid: 1, invalid: 2 },
};

function renderWith(backend: Backend) {
  return render(
    <BackendContext value={backend}>
      <PreviewScreen />
    </BackendContext>,
  );
}

/** The table row of one field in one record card. */
function fieldRow(recordIndex: number, field: string): HTMLElement {
  const card = screen.getByTestId(`record-${String(recordIndex)}`);
  const row = card.querySelector<HTMLElement>(`tr[data-field="${field}"]`);
  if (row === null) throw new Error(`record ${String(recordIndex)} has no row for ${field}`);
  return row;
}

describe('the mock preview screen', () => {
  it('heads the preview with the object and the record counts', async () => {
    renderWith(TestBackend.returning(contacts));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Mock preview — Contact' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('summary-total')).toHaveTextContent(/^3$/);
    expect(screen.getByTestId('summary-valid')).toHaveTextContent(/^1$/);
    expect(screen.getByTestId('summary-invalid')).toHaveTextContent(/^2$/);
  });

  it('shows one card per record with its status and its mapped values as JSON', async () => {
    renderWith(TestBackend.returning(contacts));

    await screen.findByTestId('record-0');
    expect(screen.getAllByRole('article')).toHaveLength(3);
    expect(within(screen.getByTestId('record-0')).getByTestId('record-status')).toHaveTextContent(
      'Valid',
    );
    expect(within(screen.getByTestId('record-1')).getByTestId('record-status')).toHaveTextContent(
      'Invalid · 2 errors',
    );
    expect(fieldRow(0, 'LastName')).toHaveTextContent('"Lovelace"');
    expect(fieldRow(2, 'NumberOfEmployees')).toHaveTextContent('12');
  });

  it('reads a lookup by external ID in words, not as JSON', async () => {
    const link = { attributes: { type: 'Invoice__c' }, invoice_id__c: 'INV-000001' };
    renderWith(
      TestBackend.returning({
        object: 'Payment__c',
        records: [{ index: 0, fields: { Invoice__r: link }, errors: [], warnings: [] }],
        summary: { total: 1, valid: 1, invalid: 0 },
      }),
    );
    await screen.findByTestId('record-0');
    const value = within(fieldRow(0, 'Invoice__r')).getByTestId('reference');
    expect(value).toHaveTextContent(/^Invoice__c by invoice_id__c = INV-000001$/);
    expect(value).toHaveAttribute('title', JSON.stringify(link));
  });

  it('shows each error next to the field it is about, with its code and message', async () => {
    renderWith(TestBackend.returning(contacts));
    await screen.findByTestId('record-1');

    const lastName = fieldRow(1, 'LastName');
    expect(within(lastName).getByTestId('error-code')).toHaveTextContent('STRING_TOO_LONG');
    expect(within(lastName).getByTestId('error-message')).toHaveTextContent(
      'Last Name: data value too large: xxxxx (max length=80)',
    );
    const email = fieldRow(1, 'Email');
    expect(within(email).getByTestId('error-code')).toHaveTextContent('INVALID_EMAIL_ADDRESS');
    expect(within(fieldRow(0, 'Email')).queryByTestId('error-code')).toBeNull();
  });

  it('gives an error on a field the record does not send a row of its own', async () => {
    renderWith(TestBackend.returning(contacts));
    await screen.findByTestId('record-2');

    const lastName = fieldRow(2, 'LastName');
    expect(lastName).toHaveTextContent('not sent');
    expect(within(lastName).getByTestId('error-code')).toHaveTextContent('REQUIRED_FIELD_MISSING');
  });

  it('shows warnings apart from errors, without making a record invalid', async () => {
    const warnedOnly: PreviewReport = {
      object: 'Account',
      records: [{ ...contacts.records[2], index: 0, errors: [] } as RecordPreview],
      summary: { total: 1, valid: 1, invalid: 0 },
    };
    renderWith(TestBackend.returning(warnedOnly));
    await screen.findByTestId('record-0');

    const row = fieldRow(0, 'NumberOfEmployees');
    expect(within(row).getByTestId('warning-code')).toHaveTextContent('NUMBER_OUTSIDE_VALID_RANGE');
    expect(within(row).queryByTestId('error-code')).toBeNull();
    expect(screen.getByTestId('record-status')).toHaveTextContent('Valid · 1 warning');
  });

  it('lets the user show only the invalid records, from the keyboard', async () => {
    const user = userEvent.setup();
    renderWith(TestBackend.returning(contacts));
    await screen.findByTestId('record-0');

    await user.tab();
    expect(screen.getByRole('radio', { name: 'All (3)' })).toHaveFocus();
    await user.keyboard('{ArrowRight}');

    expect(screen.getByRole('radio', { name: 'Invalid (2)' })).toBeChecked();
    expect(screen.queryByTestId('record-0')).toBeNull();
    expect(screen.getByTestId('record-1')).toBeInTheDocument();
    expect(screen.getByTestId('record-2')).toBeInTheDocument();
  });

  it('shows the code and message of a failed preview, and loads again on request', async () => {
    const user = userEvent.setup();
    const backend = new TestBackend({
      demoPreview: inTurn<PreviewReport>([
        { error: { code: 'NOT_READY', message: 'the demo preview is not available yet' } },
        contacts,
      ]),
    });
    renderWith(backend);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByTestId('preview-error-code')).toHaveTextContent(/^NOT_READY$/);
    expect(within(alert).getByTestId('preview-error-message')).toHaveTextContent(
      'the demo preview is not available yet',
    );
    expect(screen.queryByTestId('summary-total')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByTestId('summary-total')).toHaveTextContent('3');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(backend.calls('demoPreview')).toHaveLength(2);
  });

  it('shows a rejection that is not a backend error as an unexpected one', async () => {
    renderWith(TestBackend.failing(new Error('IPC channel closed')));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByTestId('preview-error-code')).toHaveTextContent('UNEXPECTED');
    expect(within(alert).getByTestId('preview-error-message')).toHaveTextContent(
      'IPC channel closed',
    );
  });
});

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PreviewReport } from '../types';
import { PreviewTable, previewColumns } from './PreviewTable';

function bigReport(n: number): PreviewReport {
  return {
    object: 'Contact',
    records: Array.from({ length: n }, (_, index) => ({
      index,
      fields: { LastName: `Name ${String(index)}` },
      errors:
        index % 2 === 1
          ? [{ field: 'Email', code: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: x@' }]
          : [],
      warnings: [],
    })),
    summary: { total: n, valid: Math.ceil(n / 2), invalid: Math.floor(n / 2) },
  };
}

describe('the preview table', () => {
  it('has a column per output field and per field an error names, in first-seen order', () => {
    expect(previewColumns(bigReport(2))).toEqual(['LastName', 'Email']);
  });

  it('renders only the rows in view of a large preview', () => {
    render(<PreviewTable report={bigReport(5000)} />);
    const rows = screen.getAllByTestId(/^row-/);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(screen.getByTestId('cell-0-LastName')).toHaveTextContent('Name 0');
  });

  it('marks an invalid cell and gives its code and message on hover and focus', () => {
    render(<PreviewTable report={bigReport(3)} />);
    const cell = screen.getByTestId('cell-1-Email');
    expect(cell).toHaveAttribute('data-state', 'invalid');
    expect(cell).toHaveTextContent('not sent');
    expect(cell).toHaveAttribute('title', 'INVALID_EMAIL_ADDRESS: Email: invalid email address: x@');
    expect(cell).toHaveAttribute('tabindex', '0');
    expect(screen.getByTestId('cell-0-Email')).toHaveAttribute('data-state', 'valid');
  });

  it('reads a lookup by external ID in words, its JSON on hover', () => {
    const link = { attributes: { type: 'Invoice__c' }, invoice_id__c: 'INV-000001' };
    const report: PreviewReport = {
      object: 'Payment__c',
      records: [{ index: 0, fields: { Invoice__r: link, Amount__c: 12 }, errors: [], warnings: [] }],
      summary: { total: 1, valid: 1, invalid: 0 },
    };
    render(<PreviewTable report={report} />);
    const cell = screen.getByTestId('cell-0-Invoice__r');
    expect(cell).toHaveTextContent(/^Invoice__c by invoice_id__c = INV-000001$/);
    expect(cell).toHaveAttribute('title', JSON.stringify(link));
    expect(screen.getByTestId('cell-0-Amount__c')).toHaveTextContent(/^12$/);
  });
});

import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DiffBackendContext,
  type DiffQuery,
  type DiffRowView,
  type DiffView,
  type OptionView,
} from './diffBackend';
import { DiffScreen, PAGE_SIZE } from './DiffScreen';
import { TestDiffBackend } from '../test/backends';
import { exportDocument, importDocument } from '../test/syncFixtures';
import { apiFailure } from '../test/testDouble';

// jsdom lays nothing out: give the rows' scroller a viewport, as a window does.
for (const [property, size] of [
  ['clientHeight', 420],
  ['clientWidth', 1000],
] as const) {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, property);
  Object.defineProperty(HTMLElement.prototype, property, {
    configurable: true,
    get(this: HTMLElement) {
      if (this.classList.contains('diff-table')) return size;
      return (original?.get?.call(this) as number | undefined) ?? 0;
    },
  });
}

const FIELDS = ['invoice_id__c', 'Name', 'Amount__c', 'Status__c'];

function option(name: string, direction: string, object: string): OptionView {
  return {
    name,
    direction,
    object,
    org: 'org',
    active: true,
    order: 0,
    lastRun: null,
    document: direction === 'export' ? exportDocument(name, object) : importDocument(name, object),
  };
}

const OPTIONS = [
  option('contacts-out', 'export', 'Contact'),
  option('invoices', 'import', 'Invoice__c'),
  option('payments', 'import', 'Payment__c'),
];

function different(key: string, changes: [string, unknown, unknown][]): DiffRowView {
  return {
    key,
    class: 'different',
    changes: changes.map(([field, source, target]) => ({
      field,
      source: source as DiffRowView['changes'][number]['source'],
      target: target as DiffRowView['changes'][number]['target'],
    })),
    targetId: `a0X00000000000${key.slice(-1)}AAA`,
    accepted: false,
  };
}

/** A diff as the API keeps it: every row; pages and filters are cut from it per query. */
class FakeDiff {
  rows: DiffRowView[];
  same = 7;

  constructor(rows: DiffRowView[]) {
    this.rows = rows;
  }

  view(option: string, q: DiffQuery): DiffView {
    const classes =
      q.classes.length > 0 ? q.classes : ['different', 'missing_in_target', 'missing_in_source', 'pending'];
    const matching = this.rows.filter(
      (r) =>
        classes.includes(r.class) &&
        (q.includeAccepted || !r.accepted) &&
        (q.field === null || r.changes.some((c) => c.field === q.field)),
    );
    const count = (c: string) => this.rows.filter((r) => r.class === c && !r.accepted).length;
    return {
      option,
      summary: {
        same: this.same,
        different: count('different'),
        missingInTarget: count('missing_in_target'),
        missingInSource: count('missing_in_source'),
        deletedInSource: count('deleted_in_source'),
        pending: count('pending'),
        accepted: this.rows.filter((r) => r.accepted).length,
      },
      fields: FIELDS,
      skippedFields: [],
      pendingSince: null,
      total: matching.length,
      offset: q.offset,
      rows: matching.slice(q.offset, q.offset + (q.limit ?? 100)),
    };
  }
}

afterEach(() => {
  sessionStorage.clear();
});

function setUp(diff: FakeDiff, answers: Partial<TestDiffBackend['answers']> = {}) {
  const backend = new TestDiffBackend({
    listOptions: () => Promise.resolve(OPTIONS),
    diffOption: (name, q) => Promise.resolve(diff.view(name, q)),
    ...answers,
  });
  render(
    <DiffBackendContext value={backend}>
      <DiffScreen />
    </DiffBackendContext>,
  );
  return { backend, user: userEvent.setup() };
}

const count = (c: string) => screen.getByTestId(`count-${c}-number`).textContent;
const shownKeys = () => screen.queryAllByTestId('diff-row').map((r) => r.getAttribute('data-key'));

function sample(): FakeDiff {
  return new FakeDiff([
    different('INV-000002', [['Name', 'INV-000002', 'Renamed']]),
    different('INV-000005', [
      ['Amount__c', 120.5, 99],
      ['Status__c', 'Paid', 'Open'],
    ]),
    { key: 'INV-000009', class: 'missing_in_target', changes: [], targetId: null, accepted: false },
  ]);
}

describe('the diff viewer', () => {
  it('compares the first import option and shows the counts of every class and the open rows', async () => {
    const { backend } = setUp(sample());
    await waitFor(() => {
      expect(shownKeys()).toEqual(['INV-000002', 'INV-000005', 'INV-000009']);
    });
    expect(backend.calls('diffOption')[0]?.args[0]).toBe('invoices');
    expect(screen.getByRole('combobox', { name: 'Option' })).toHaveValue('invoices');
    expect(
      within(screen.getByRole('combobox', { name: 'Option' }))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['invoices → Invoice__c', 'payments → Payment__c']);
    expect(count('different')).toBe('2');
    expect(count('missing_in_target')).toBe('1');
    expect(count('missing_in_source')).toBe('0');
    expect(count('same')).toBe('7');
    expect(count('accepted')).toBe('0');
    expect(screen.getByTestId('diff-total')).toHaveTextContent('3 rows');
    const row = screen.getAllByTestId('diff-row')[1];
    expect(row).toHaveAttribute('data-class', 'different');
    expect(within(row as HTMLElement).getByTestId('diff-row-fields')).toHaveTextContent(
      'Amount__c, Status__c',
    );
  });

  it('lists records deleted at the source that the target still has, and says what a sync does', async () => {
    const { user } = setUp(
      new FakeDiff([
        { key: 'INV-000004', class: 'deleted_in_source', changes: [], targetId: 'a0B000000000004AAA', accepted: false },
      ]),
    );
    await waitFor(() => {
      expect(shownKeys()).toEqual(['INV-000004']);
    });
    expect(count('deleted_in_source')).toBe('1');
    await user.click(screen.getByRole('button', { name: 'Show INV-000004 side by side' }));
    expect(
      await screen.findByText(
        'The source deleted this record and the target still has it: a sync with deletes on deletes it.',
      ),
    ).toBeInTheDocument();
  });

  it('opens again on the option last chosen, after leaving the screen', async () => {
    const { backend, user } = setUp(sample());
    await waitFor(() => {
      expect(shownKeys()).toHaveLength(3);
    });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Option' }), 'payments');
    await waitFor(() => {
      expect(backend.calls('diffOption').at(-1)?.args[0]).toBe('payments');
    });
    cleanup();
    const again = setUp(sample());
    await waitFor(() => {
      expect(again.backend.calls('diffOption')[0]?.args[0]).toBe('payments');
    });
    expect(screen.getByRole('combobox', { name: 'Option' })).toHaveValue('payments');
  });

  it('shows a row side by side with the fields that differ highlighted', async () => {
    const { user } = setUp(sample());
    await user.click(await screen.findByRole('button', { name: 'Show INV-000005 side by side' }));
    const record = screen.getByTestId('diff-record');
    expect(record).toHaveTextContent('INV-000005 — Different');
    const fields = within(record).getAllByTestId('diff-field');
    expect(fields.map((f) => f.getAttribute('data-field'))).toEqual(FIELDS);
    expect(fields.map((f) => f.getAttribute('data-changed'))).toEqual([
      'false',
      'false',
      'true',
      'true',
    ]);
    const amount = fields[2] as HTMLElement;
    expect(amount).toHaveClass('diff-field--changed');
    expect(within(amount).getByTestId('diff-source')).toHaveTextContent('120.5');
    expect(within(amount).getByTestId('diff-target')).toHaveTextContent('99');
    expect(fields[1]).toHaveTextContent('equal on both sides');

    await user.click(screen.getByRole('button', { name: 'Show INV-000009 side by side' }));
    expect(screen.getByTestId('diff-record')).toHaveTextContent(
      'The target has no record with this key: a sync would create it.',
    );
  });

  it('filters the rows by class and by a field that differs', async () => {
    const { backend, user } = setUp(sample());
    await waitFor(() => {
      expect(shownKeys()).toHaveLength(3);
    });
    await user.click(screen.getByTestId('count-missing_in_target'));
    await waitFor(() => {
      expect(shownKeys()).toEqual(['INV-000002', 'INV-000005']);
    });
    expect(screen.getByTestId('count-missing_in_target')).toHaveAttribute('aria-pressed', 'false');
    expect(backend.calls('diffOption').at(-1)?.args[1]).toMatchObject({
      classes: ['different', 'missing_in_source', 'deleted_in_source', 'pending'],
      refresh: false,
    });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Field' }), 'Status__c');
    await waitFor(() => {
      expect(shownKeys()).toEqual(['INV-000005']);
    });
    expect(backend.calls('diffOption').at(-1)?.args[1]).toMatchObject({ field: 'Status__c' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Field' }), 'invoice_id__c');
    expect(await screen.findByTestId('diff-empty')).toHaveTextContent(
      'No rows of the chosen classes differ on invoice_id__c.',
    );
  });

  it('re-syncs the selected rows and shows the diff computed again', async () => {
    const diff = sample();
    const { backend, user } = setUp(diff, {
      resync: (_option, keys) => {
        diff.rows = diff.rows.filter((r) => !keys.includes(r.key));
        diff.same += keys.length;
        return Promise.resolve({
          before: {
            same: 7,
            different: 2,
            missingInTarget: 1,
            missingInSource: 0,
            deletedInSource: 0,
            pending: 0,
            accepted: 0,
          },
          after: {
            same: 8,
            different: 1,
            missingInTarget: 1,
            missingInSource: 0,
            deletedInSource: 0,
            pending: 0,
            accepted: 0,
          },
          run: 12,
          written: 1,
          failed: 0,
          unsendable: [],
        });
      },
    });
    const resync = await screen.findByRole('button', { name: 'Re-sync selected (0)' });
    expect(resync).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000002' }));
    await user.click(screen.getByRole('button', { name: 'Re-sync selected (1)' }));
    expect(await screen.findByTestId('diff-notice')).toHaveTextContent(
      'Re-synced 1 selected (run 12): 1 written, 0 failed. Different 2 → 1',
    );
    expect(backend.calls('resync')[0]?.args).toEqual(['invoices', ['INV-000002']]);
    await waitFor(() => {
      expect(count('different')).toBe('1');
    });
    expect(shownKeys()).toEqual(['INV-000005', 'INV-000009']);
    expect(screen.getByRole('button', { name: 'Re-sync selected (0)' })).toBeDisabled();
  });

  it('marks the selected rows as accepted, which moves them to the accepted count', async () => {
    const diff = sample();
    const { backend, user } = setUp(diff, {
      accept: (_option, keys) => {
        for (const r of diff.rows) if (keys.includes(r.key)) r.accepted = true;
        return Promise.resolve(keys);
      },
    });
    await user.click(await screen.findByRole('checkbox', { name: 'Select INV-000005' }));
    await user.click(screen.getByRole('button', { name: 'Mark as accepted (1)' }));
    expect(await screen.findByTestId('diff-notice')).toHaveTextContent(
      'Accepted 1: INV-000005. They stay accepted until either side changes.',
    );
    expect(backend.calls('accept')[0]?.args).toEqual(['invoices', ['INV-000005']]);
    await waitFor(() => {
      expect(count('accepted')).toBe('1');
    });
    expect(shownKeys()).toEqual(['INV-000002', 'INV-000009']);
    await user.click(screen.getByTestId('count-accepted'));
    await waitFor(() => {
      expect(shownKeys()).toEqual(['INV-000002', 'INV-000005', 'INV-000009']);
    });
    expect(screen.getAllByTestId('diff-row')[1]).toHaveAttribute('data-accepted', 'true');
  });

  it('exports the filtered rows and shows the file written', async () => {
    const { backend, user } = setUp(sample(), {
      exportDiff: (name, _q, format) => Promise.resolve(`/w/exports/diff-${name}-1.${format}`),
    });
    await user.click(await screen.findByRole('button', { name: 'Export XLSX' }));
    expect(await screen.findByTestId('diff-export')).toHaveTextContent(
      'Exported to /w/exports/diff-invoices-1.xlsx',
    );
    const [name, q, format] = backend.calls('exportDiff')[0]?.args ?? [];
    expect([name, format]).toEqual(['invoices', 'xlsx']);
    expect(q).toMatchObject({
      classes: ['different', 'missing_in_target', 'missing_in_source', 'deleted_in_source', 'pending'],
      limit: null,
    });
  });

  it('renders only the visible part of a long diff and fetches the next page on scrolling', async () => {
    const many = new FakeDiff(
      Array.from({ length: 1200 }, (_, i) =>
        different(`INV-${String(i).padStart(6, '0')}`, [['Name', 'a', 'b']]),
      ),
    );
    const { backend } = setUp(many);
    await waitFor(() => {
      expect(shownKeys().length).toBeGreaterThan(0);
    });
    expect(shownKeys().length).toBeLessThan(60);
    expect(screen.getByTestId('diff-total')).toHaveTextContent(
      `1200 rows (${String(PAGE_SIZE)} loaded)`,
    );
    const table = screen.getByTestId('diff-table');
    table.scrollTop = (PAGE_SIZE - 5) * 32;
    fireEvent.scroll(table);
    await waitFor(() => {
      expect(screen.getByTestId('diff-total')).toHaveTextContent(
        `1200 rows (${String(PAGE_SIZE * 2)} loaded)`,
      );
    });
    expect(backend.calls('diffOption').at(-1)?.args[1]).toMatchObject({ offset: PAGE_SIZE });
  });

  it('shows a failed comparison as code and message', async () => {
    setUp(sample(), {
      diffOption: () => apiFailure('INVALID_CONFIG', 'option "invoices": the org cannot be reached'),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('INVALID_CONFIG');
    expect(alert).toHaveTextContent('the org cannot be reached');
  });
});

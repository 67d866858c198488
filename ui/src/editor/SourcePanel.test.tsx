import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SourceOutline } from '../types';
import { SourcePanel, type SourcePanelProps } from './SourcePanel';

const OUTLINE: SourceOutline = {
  records: 2,
  fields: [
    { path: 'id', kind: 'text', sample: '"o-1"' },
    { path: 'customer.name', kind: 'text', sample: '"Ada"' },
    { path: 'customer.address.city', kind: 'text', sample: '"Paris"' },
    { path: 'lines[0].sku', kind: 'text', sample: '"S-1"' },
    { path: 'lines[0].qty', kind: 'integer', sample: '2' },
  ],
};

function renderPanel(overrides: Partial<SourcePanelProps> = {}) {
  const props: SourcePanelProps = {
    sample: '{}',
    recordsPath: '',
    outline: OUTLINE,
    mapped: new Set(),
    picked: null,
    onSample: vi.fn(),
    onRecordsPath: vi.fn(),
    onOpenSample: vi.fn(),
    onDragStart: vi.fn(),
    onPick: vi.fn(),
    onScroll: vi.fn(),
    ...overrides,
  };
  render(<SourcePanel {...props} />);
  return props;
}

const item = (name: RegExp) => within(screen.getByRole('tree')).getByRole('treeitem', { name });
const labels = () =>
  within(screen.getByRole('tree'))
    .getAllByRole('treeitem')
    .map((el) => el.querySelector('.tree__path')?.textContent);

describe('the source tree', () => {
  it('shows nested objects and arrays as nodes with a type and a sample value', () => {
    renderPanel();
    const customer = item(/^customer, object/);
    expect(customer).toHaveAttribute('aria-expanded', 'true');
    expect(customer).toHaveAttribute('aria-level', '1');
    expect(customer).toHaveTextContent('{name: "Ada", address: {city: "Paris"}}');
    const first = item(/^\[0\], object/);
    expect(first).toHaveAttribute('aria-level', '2');
    expect(item(/^lines, array/)).toHaveTextContent('[{sku: "S-1", qty: 2}]');
    const qty = item(/^lines\[0\]\.qty, integer/);
    expect(qty).not.toHaveAttribute('aria-expanded');
    expect(qty).toHaveAttribute('aria-level', '3');
    expect(qty).toHaveTextContent('2');
    expect(labels()).toEqual(['id', 'customer', 'name', 'address', 'city', 'lines', '[0]', 'sku', 'qty']);
  });

  it('collapses and expands a node with the mouse', async () => {
    const props = renderPanel();
    await userEvent.click(item(/^customer, object/));
    expect(item(/^customer, object/)).toHaveAttribute('aria-expanded', 'false');
    expect(labels()).toEqual(['id', 'customer', 'lines', '[0]', 'sku', 'qty']);
    expect(props.onScroll).toHaveBeenCalled();
    await userEvent.click(item(/^customer, object/));
    expect(labels()).toContain('city');
  });

  it('moves, collapses and expands with the arrow keys and Enter, one row in the tab order', async () => {
    const props = renderPanel();
    // The records path box is the last stop before the tree.
    screen.getByLabelText('Records path').focus();
    await userEvent.tab();
    expect(item(/^id, text/)).toHaveFocus();
    expect(within(screen.getByRole('tree')).getAllByRole('treeitem').filter((el) => el.tabIndex === 0)).toHaveLength(1);

    await userEvent.keyboard('{ArrowDown}');
    expect(item(/^customer, object/)).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(item(/^customer, object/)).toHaveAttribute('aria-expanded', 'false');
    expect(labels()).not.toContain('name');
    await userEvent.keyboard('{ArrowRight}');
    expect(item(/^customer, object/)).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{ArrowRight}');
    expect(item(/^customer\.name, text/)).toHaveFocus();
    // Left on a leaf goes to its parent.
    await userEvent.keyboard('{ArrowLeft}');
    expect(item(/^customer, object/)).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(item(/^customer, object/)).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{Enter}');
    expect(item(/^customer, object/)).toHaveAttribute('aria-expanded', 'true');

    await userEvent.keyboard('{End}');
    expect(item(/^lines\[0\]\.qty, integer/)).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(props.onPick).toHaveBeenCalledWith('lines[0].qty');
    await userEvent.keyboard('{Home}');
    expect(item(/^id, text/)).toHaveFocus();
  });

  it('starts a pointer drag from a leaf, not from a node with children', () => {
    const props = renderPanel();
    fireEvent.pointerDown(item(/^customer, object/), { button: 0 });
    expect(props.onDragStart).not.toHaveBeenCalled();
    fireEvent.pointerDown(item(/^customer\.address\.city, text/), { button: 0 });
    expect(props.onDragStart).toHaveBeenCalledWith('customer.address.city', expect.anything());
  });
});

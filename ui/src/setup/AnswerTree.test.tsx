import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AnswerTree } from './AnswerTree';

describe('the answer tree', () => {
  it('opens the first level and opens a nested object on a click', async () => {
    render(<AnswerTree value={{ data: [{ id: 'INV-1', paid: false, note: null }], total: 1 }} />);
    const user = userEvent.setup();
    const data = screen.getByRole('button', { name: 'data [1 item]' });
    expect(data).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('total:').parentElement).toHaveTextContent('total: 1');
    const record = screen.getByRole('button', { name: '0 {3 keys}' });
    expect(record).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('"INV-1"')).toBeNull();

    await user.click(record);
    expect(screen.getByText('"INV-1"')).toBeInTheDocument();
    expect(screen.getByText('false')).toBeInTheDocument();
    expect(screen.getByText('null')).toBeInTheDocument();
    await user.click(data);
    expect(screen.queryByRole('button', { name: '0 {3 keys}' })).toBeNull();
  });

  it('lists at most the limit per level and says how many more', () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    render(<AnswerTree value={items} />);
    const tree = screen.getByTestId('setup-tree');
    expect(within(tree).getAllByRole('listitem')).toHaveLength(201);
    expect(within(tree).getByText('199:')).toBeInTheDocument();
    expect(within(tree).queryByText('200:')).toBeNull();
    expect(screen.getByTestId('setup-tree-more')).toHaveTextContent('50 more');
  });

  it('shows an answer that is no object or array as it is', () => {
    render(<AnswerTree value="accepted" />);
    expect(screen.getByTestId('setup-tree')).toHaveTextContent('"accepted"');
  });
});

import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { objects } from '../test/setupBackend';
import { ObjectPicker, rowAfterKey } from './ObjectPicker';

/** The picker as a step holds it: the object chosen is its value; `onChoose` sees each pick. */
function Picker({ onChoose, initial = '' }: { onChoose: (o: string) => void; initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <ObjectPicker
      id="picker"
      objects={objects}
      value={value}
      onChoose={(o) => {
        onChoose(o);
        setValue(o);
      }}
    />
  );
}

function open(initial = '') {
  const onChoose = vi.fn();
  render(<Picker onChoose={onChoose} initial={initial} />);
  const list = screen.getByRole('listbox', { name: /^Object/ });
  return { user: userEvent.setup(), onChoose, list };
}

const selected = (list: HTMLElement) =>
  within(list)
    .getAllByRole('option', { selected: true })
    .map((o) => o.getAttribute('data-object'));

describe('the object picker', () => {
  it('is a listbox of the objects, each row with a stable selector and the count', () => {
    const { list } = open();
    expect(list).toHaveAttribute('id', 'picker');
    expect(screen.getByLabelText('Search objects by label or API name')).toHaveAttribute(
      'id',
      'picker-search',
    );
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => [o.getAttribute('data-object'), o.textContent]),
    ).toEqual([
      ['Account', 'Account (Account)'],
      ['Invoice__c', 'Invoice (Invoice__c)'],
      ['Payment__c', 'Payment received (Payment__c)'],
    ]);
    expect(within(list).queryAllByRole('option', { selected: true })).toEqual([]);
    expect(screen.getByText('Object (3 of 3)')).toBeInTheDocument();
  });

  it('picks the row clicked, once, and marks it selected', async () => {
    const { user, onChoose, list } = open();
    await user.click(within(list).getByRole('option', { name: 'Invoice (Invoice__c)' }));
    expect(onChoose.mock.calls).toEqual([['Invoice__c']]);
    expect(selected(list)).toEqual(['Invoice__c']);
    // A second click on the chosen row changes nothing, so it asks for nothing again.
    await user.click(within(list).getByRole('option', { name: 'Invoice (Invoice__c)' }));
    expect(onChoose).toHaveBeenCalledTimes(1);
  });

  it('goes from the search into the rows, moves with the arrows and picks with Enter', async () => {
    const { user, onChoose, list } = open();
    const search = screen.getByLabelText('Search objects by label or API name');
    await user.type(search, 'c');
    expect(screen.getByText('Object (3 of 3)')).toBeInTheDocument();
    await user.keyboard('{ArrowDown}');
    const rows = within(list).getAllByRole('option');
    expect(rows[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(rows[2]).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(rows[1]).toHaveFocus();
    expect(onChoose).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(onChoose.mock.calls).toEqual([['Invoice__c']]);
    expect(selected(list)).toEqual(['Invoice__c']);
    await user.keyboard('{End}');
    expect(rows[2]).toHaveFocus();
    await user.keyboard('{Home} ');
    expect(onChoose.mock.calls).toEqual([['Invoice__c'], ['Account']]);
  });

  it('is one Tab stop, on the chosen row while the search shows it', async () => {
    const { user, list } = open('Payment__c');
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.tabIndex),
    ).toEqual([-1, -1, 0]);
    await user.click(screen.getByLabelText('Search objects by label or API name'));
    await user.tab();
    expect(within(list).getByRole('option', { name: /Payment__c/ })).toHaveFocus();
    await user.type(screen.getByLabelText('Search objects by label or API name'), 'inv');
    expect(within(list).getByRole('option', { name: /Invoice__c/ })).toHaveAttribute(
      'tabindex',
      '0',
    );
  });

  it('says when the search leaves no object', async () => {
    const { user, list } = open();
    await user.type(screen.getByLabelText('Search objects by label or API name'), 'nothing');
    expect(within(list).queryAllByRole('option')).toEqual([]);
    expect(screen.getByText('Object (0 of 3)')).toBeInTheDocument();
    expect(screen.getByText('No object matches the search.')).toBeInTheDocument();
  });

  it('moves no further than the first and last rows', () => {
    expect(rowAfterKey('ArrowDown', 2, 3)).toBe(2);
    expect(rowAfterKey('ArrowUp', 0, 3)).toBe(0);
    expect(rowAfterKey('End', 0, 3)).toBe(2);
    expect(rowAfterKey('Home', 2, 3)).toBe(0);
    expect(rowAfterKey('a', 1, 3)).toBeNull();
    expect(rowAfterKey('ArrowDown', 0, 0)).toBeNull();
  });
});

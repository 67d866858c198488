import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ReferenceForm, referenceArgs, referenceMatchBy, referenceObjects } from './ReferenceForm';
import { TransformEditor } from './TransformEditor';

/** The form over one reference's arguments, showing them as JSON. */
function Harness({ initial }: { initial: unknown }) {
  const [value, setValue] = useState<unknown>(initial);
  return (
    <>
      <ReferenceForm value={value} set={setValue} />
      <output data-testid="reference">{JSON.stringify(value)}</output>
    </>
  );
}

const reference = () => JSON.parse(screen.getByTestId('reference').textContent) as unknown;

describe('the reference form', () => {
  it('switches between an external ID field and any field, keeping the field name', async () => {
    const user = userEvent.setup();
    render(<Harness initial={{ object: 'Account', externalId: 'Ext__c' }} />);

    expect(screen.getByRole('radio', { name: 'an external ID field' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'any field, looked up in the target org' }));
    expect(reference()).toEqual({ object: 'Account', matchOn: 'Ext__c' });
    const field = screen.getByRole('textbox', { name: 'Field to match on' });
    await user.clear(field);
    await user.type(field, 'Name');
    expect(reference()).toEqual({ object: 'Account', matchOn: 'Name' });

    await user.click(screen.getByRole('radio', { name: 'an external ID field' }));
    expect(reference()).toEqual({ object: 'Account', externalId: 'Name' });
    expect(screen.getByRole('textbox', { name: 'External ID field' })).toHaveValue('Name');
  });

  it('edits a matchOn reference written in JSON with its form', () => {
    render(<Harness initial={{ object: 'User', matchOn: 'Username' }} />);

    expect(screen.getByRole('radio', { name: 'any field, looked up in the target org' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Object' })).toHaveValue('User');
    expect(screen.getByRole('textbox', { name: 'Field to match on' })).toHaveValue('Username');
  });

  it('names several objects for a polymorphic lookup, and back to one', async () => {
    const user = userEvent.setup();
    render(<Harness initial={{ object: 'Account', matchOn: 'Name' }} />);

    expect(screen.queryByTestId('polymorphic-hint')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Add object' }));
    await user.type(screen.getByRole('textbox', { name: 'Object 2' }), 'Opportunity');
    expect(reference()).toEqual({ object: ['Account', 'Opportunity'], matchOn: 'Name' });
    expect(screen.getByTestId('polymorphic-hint')).toHaveTextContent('["Account", "Acme"]');

    await user.click(screen.getByRole('button', { name: 'Remove object 1' }));
    expect(reference()).toEqual({ object: 'Opportunity', matchOn: 'Name' });
    expect(screen.getByRole('textbox', { name: 'Object' })).toHaveValue('Opportunity');
  });

  it('reads a polymorphic reference written in JSON', () => {
    render(<Harness initial={{ object: ['Account', 'Opportunity'], externalId: 'Ext__c' }} />);

    expect(screen.getByRole('textbox', { name: 'Object 1' })).toHaveValue('Account');
    expect(screen.getByRole('textbox', { name: 'Object 2' })).toHaveValue('Opportunity');
    fireEvent.change(screen.getByRole('textbox', { name: 'External ID field' }), {
      target: { value: 'Key__c' },
    });
    expect(reference()).toEqual({ object: ['Account', 'Opportunity'], externalId: 'Key__c' });
  });

  it('is the form the transform editor shows for a reference', () => {
    render(
      <TransformEditor
        field={{ source: 'Account.Name', target: 'AccountId', transforms: [{ reference: { object: 'Account', matchOn: 'Name' } }] }}
        index={0}
        issues={[]}
        onAdd={() => undefined}
        onRemove={() => undefined}
        onMove={() => undefined}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByRole('group', { name: 'Match the parent on' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /JSON/ })).toBeNull();
  });
});

describe('reference arguments', () => {
  it('reads and writes objects and the way of matching, keeping other keys', () => {
    expect(referenceObjects('Account')).toEqual(['Account']);
    expect(referenceObjects(['Account', 'Opportunity'])).toEqual(['Account', 'Opportunity']);
    expect(referenceMatchBy({ object: 'A', matchOn: 'Name' })).toBe('matchOn');
    expect(referenceMatchBy({ object: 'A', externalId: 'X', matchOn: 'Name' })).toBe('externalId');
    expect(referenceArgs({ object: 'A', externalId: 'X', note: 1 }, ['A', 'B'], 'matchOn', 'Name')).toEqual({
      object: ['A', 'B'],
      matchOn: 'Name',
      note: 1,
    });
  });
});

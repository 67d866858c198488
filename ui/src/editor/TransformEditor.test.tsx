import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import {
  addTransform,
  moveTransform,
  removeTransform,
  replaceTransform,
  type FieldMapping,
  type Mapping,
} from './model';
import { TransformEditor } from './TransformEditor';

/** The editor over one field, keeping the mapping in state, and showing it as JSON. */
function Harness({ field }: { field: FieldMapping }) {
  const [mapping, setMapping] = useState<Mapping>({ fields: [field] });
  const current = mapping.fields[0] as FieldMapping;
  return (
    <>
      <TransformEditor
        field={current}
        index={0}
        issues={[]}
        onAdd={(kind) => {
          setMapping((m) => addTransform(m, 0, kind));
        }}
        onRemove={(at) => {
          setMapping((m) => removeTransform(m, 0, at));
        }}
        onMove={(at, by) => {
          setMapping((m) => moveTransform(m, 0, at, by));
        }}
        onChange={(at, t) => {
          setMapping((m) => replaceTransform(m, 0, at, t));
        }}
      />
      <output data-testid="transforms">{JSON.stringify(current.transforms ?? [])}</output>
    </>
  );
}

const transforms = () => JSON.parse(screen.getByTestId('transforms').textContent) as unknown;

describe('the transform forms', () => {
  it('writes a convert with a format and time zone as the object form, and back to the short one', async () => {
    const user = userEvent.setup();
    render(<Harness field={{ source: 'born', target: 'Birthdate', transforms: [{ convert: 'text' }] }} />);

    await user.selectOptions(screen.getByRole('combobox', { name: 'To' }), 'date');
    expect(transforms()).toEqual([{ convert: 'date' }]);
    await user.type(screen.getByRole('textbox', { name: 'Format' }), '%d/%m/%Y');
    await user.type(screen.getByRole('textbox', { name: 'Time zone' }), 'Europe/Paris');
    expect(transforms()).toEqual([
      { convert: { to: 'date', format: '%d/%m/%Y', timezone: 'Europe/Paris' } },
    ]);
    await user.clear(screen.getByRole('textbox', { name: 'Format' }));
    await user.clear(screen.getByRole('textbox', { name: 'Time zone' }));
    expect(transforms()).toEqual([{ convert: 'date' }]);
  });

  it('edits a replace value map as a table of from → to rows', async () => {
    const user = userEvent.setup();
    render(
      <Harness field={{ source: 'title', target: 'Salutation', transforms: [{ replace: { Mr: 'Mr.' } }] }} />,
    );

    await user.click(screen.getByRole('button', { name: 'Add row' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Replace row 2 from' }), {
      target: { value: 'Dr' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Replace row 2 to' }), {
      target: { value: 'Dr.' },
    });
    expect(transforms()).toEqual([{ replace: { Mr: 'Mr.', Dr: 'Dr.' } }]);

    await user.click(screen.getByRole('checkbox', { name: 'Ignore case' }));
    expect(transforms()).toEqual([{ replace: { map: { Mr: 'Mr.', Dr: 'Dr.' }, ignoreCase: true } }]);
    await user.click(screen.getByRole('button', { name: 'Remove replace row 1' }));
    expect(transforms()).toEqual([{ replace: { map: { Dr: 'Dr.' }, ignoreCase: true } }]);
  });

  it('adds from the menu of every kind, moves up and down, and removes', async () => {
    const user = userEvent.setup();
    render(<Harness field={{ source: 'email', target: 'Email' }} />);

    const menu = screen.getByRole('combobox', { name: 'Transform kind' });
    expect(within(menu).getAllByRole('option')).toHaveLength(13);
    await user.selectOptions(menu, 'modify');
    await user.click(screen.getByRole('button', { name: 'Add transform' }));
    await user.selectOptions(menu, 'validate');
    await user.click(screen.getByRole('button', { name: 'Add transform' }));
    expect(transforms()).toEqual([{ modify: 'trim' }, { validate: { required: true } }]);

    await user.click(screen.getByRole('button', { name: 'Move validate up' }));
    expect(transforms()).toEqual([{ validate: { required: true } }, { modify: 'trim' }]);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Change' }), 'lower');
    await user.type(screen.getByRole('textbox', { name: 'Pattern' }), '@');
    expect(transforms()).toEqual([{ validate: { required: true, pattern: '@' } }, { modify: 'lower' }]);

    await user.click(screen.getByRole('button', { name: 'Remove validate' }));
    expect(transforms()).toEqual([{ modify: 'lower' }]);
  });

  it('edits join, reference and truncate with their own forms', async () => {
    const user = userEvent.setup();
    render(
      <Harness
        field={{
          source: 'company.id',
          target: 'AccountId',
          transforms: [{ join: ';' }, { reference: { object: 'Account', externalId: 'Ext__c' } }, { truncate: 'fit' }],
        }}
      />,
    );

    await user.click(screen.getByRole('checkbox', { name: 'Skip empty' }));
    await user.clear(screen.getByRole('textbox', { name: 'External ID field' }));
    await user.type(screen.getByRole('textbox', { name: 'External ID field' }), 'External_Id__c');
    await user.click(screen.getByRole('checkbox', { name: "Fit the field's length" }));
    expect(transforms()).toEqual([
      { join: { separator: ';', skipEmpty: true } },
      { reference: { object: 'Account', externalId: 'External_Id__c' } },
      { truncate: 80 },
    ]);
  });

  it('falls back to raw JSON for a transform it has no form for, keeping invalid text out', () => {
    render(<Harness field={{ source: 'x', target: 'Y', transforms: [{ custom: { a: 1 } }] }} />);

    const raw = screen.getByRole('textbox', { name: 'custom (JSON)' });
    fireEvent.change(raw, { target: { value: '{"a": 2' } });
    expect(raw).toHaveAttribute('aria-invalid', 'true');
    expect(transforms()).toEqual([{ custom: { a: 1 } }]);
    fireEvent.change(raw, { target: { value: '{"a": 2}' } });
    expect(transforms()).toEqual([{ custom: { a: 2 } }]);
  });
});

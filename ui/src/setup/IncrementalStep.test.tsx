import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ReadMethod } from '../bindings/ReadMethod';
import { emptyIncremental, type IncrementalDraft } from './draft';
import { IncrementalStep } from './IncrementalStep';

const fields = [{ path: 'updated', kind: 'integer', sample: '1714557600' }];

function Harness({ method, seen }: { method: ReadMethod; seen: IncrementalDraft[] }) {
  const [inc, setInc] = useState<IncrementalDraft>({ ...emptyIncremental, enabled: true });
  return (
    <IncrementalStep
      fields={fields}
      method={method}
      incremental={inc}
      onChange={(next) => {
        seen.push(next);
        setInc(next);
      }}
    />
  );
}

describe('the incremental step', () => {
  it('offers a POST the JSON body for the checkpoint, at a dotted key', async () => {
    const user = userEvent.setup();
    const seen: IncrementalDraft[] = [];
    render(<Harness method="POST" seen={seen} />);
    await user.selectOptions(screen.getByLabelText('Sent in'), 'body');
    await user.type(screen.getByLabelText('Body key (dots for nested keys)'), 'filter.after');
    expect(seen.at(-1)).toMatchObject({ to: 'body', param: 'filter.after' });
    expect(screen.getByText('"filter.after": "{{since}}"')).toBeInTheDocument();
  });

  it('sends a GET’s checkpoint as a query parameter, with no choice to make', async () => {
    const user = userEvent.setup();
    const seen: IncrementalDraft[] = [];
    render(<Harness method="GET" seen={seen} />);
    expect(screen.queryByLabelText('Sent in')).toBeNull();
    await user.type(screen.getByLabelText('Sent as query parameter'), 'since');
    expect(seen.at(-1)).toMatchObject({ to: 'query', param: 'since' });
    expect(screen.getByText('since={{since}}')).toBeInTheDocument();
  });
});

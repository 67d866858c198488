import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Watch } from '../bindings/Watch';
import { ProblemsContext } from './optionFields';
import { WatchFields } from './OptionImportTarget';

function Harness({ seen, issues = [] }: { seen: (w: Watch | undefined) => void; issues?: { pointer: string; message: string }[] }) {
  const [watch, setWatch] = useState<Watch | undefined>({ folder: '/srv/drop' });
  return (
    <ProblemsContext.Provider value={{ issues, report: () => undefined }}>
      <WatchFields
        watch={watch}
        set={(w) => {
          setWatch(w);
          seen(w);
        }}
      />
    </ProblemsContext.Provider>
  );
}

describe('folder drop fields', () => {
  it("names the files' encoding, and an emptied one is left out", async () => {
    const user = userEvent.setup();
    const seen: (Watch | undefined)[] = [];
    render(<Harness seen={(w) => seen.push(w)} />);
    const encoding = screen.getByRole('textbox', { name: "Files' encoding" });
    await user.type(encoding, 'windows-1252');
    expect(seen.at(-1)).toEqual({ folder: '/srv/drop', encoding: 'windows-1252' });
    await user.clear(encoding);
    expect(seen.at(-1)).toEqual({ folder: '/srv/drop', encoding: undefined });
  });

  it('shows the problem of an unknown encoding at its field', () => {
    const message = 'unknown encoding "latin-9000": name one the Encoding Standard knows';
    render(<Harness seen={() => undefined} issues={[{ pointer: '/watch/encoding', message }]} />);
    expect(screen.getByText(message, { exact: false })).toBeInTheDocument();
  });
});

// The "New import option" and "New export option" pages as their tests open them: the three
// seams they use given as test doubles, and the import's first step (a sample of finance's
// /v1/invoices fetched) done as a user.
import { render, screen } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { ComponentType } from 'react';
import { vi } from 'vitest';
import { BackendContext, type Backend } from '../backend';
import { NewExportOption } from '../setup/NewExportOption';
import { NewImportOption } from '../setup/NewImportOption';
import { SetupBackendContext, type SetupBackend } from '../setup/setupBackend';
import { SyncBackendContext, type SyncBackend } from '../sync/syncBackend';
import { TestBackend, TestSyncBackend } from './backends';
import { finance, org } from './syncFixtures';
import { TestSetupBackend } from './setupBackend';

export interface Opened {
  user: UserEvent;
  setup: TestSetupBackend;
  sync: TestSyncBackend;
  editor: TestBackend;
  onSaved: ReturnType<typeof vi.fn>;
  onCancel: ReturnType<typeof vi.fn>;
}

type Page = ComponentType<{ onSaved: (name: string) => void; onCancel: () => void }>;

/** Opens `Page` on the answers given; the workspace has the `org` and `finance` connections
 * unless `sync` says otherwise. */
function open(
  Page: Page,
  setupAnswers: Partial<SetupBackend>,
  syncAnswers: Partial<SyncBackend>,
  editorAnswers: Partial<Backend>,
): Opened {
  const setup = new TestSetupBackend(setupAnswers);
  const sync = new TestSyncBackend({
    listConnections: () => Promise.resolve([org, finance]),
    ...syncAnswers,
  });
  const editor = new TestBackend(editorAnswers);
  const onSaved = vi.fn();
  const onCancel = vi.fn();
  render(
    <BackendContext value={editor}>
      <SyncBackendContext value={sync}>
        <SetupBackendContext value={setup}>
          <Page onSaved={onSaved} onCancel={onCancel} />
        </SetupBackendContext>
      </SyncBackendContext>
    </BackendContext>,
  );
  return { user: userEvent.setup(), setup, sync, editor, onSaved, onCancel };
}

/** Opens the "New import option" page (see `open`). */
export function openSetup(
  setupAnswers: Partial<SetupBackend>,
  syncAnswers: Partial<SyncBackend> = {},
  editorAnswers: Partial<Backend> = {},
): Opened {
  return open(NewImportOption, setupAnswers, syncAnswers, editorAnswers);
}

/** Opens the "New export option" page (see `open`). */
export function openExport(
  setupAnswers: Partial<SetupBackend>,
  syncAnswers: Partial<SyncBackend> = {},
): Opened {
  return open(NewExportOption, setupAnswers, syncAnswers, {});
}

/** Step 1 as a user does it: finance, GET /v1/invoices?status=open, then Fetch sample; waits
 * for the answer's URL. */
export async function fetchInvoices({ user }: Opened): Promise<void> {
  await screen.findByRole('option', { name: /^finance/ });
  await user.selectOptions(screen.getByLabelText('HTTP connection'), 'finance');
  await user.type(screen.getByLabelText('Path'), '/v1/invoices');
  await user.click(screen.getByRole('button', { name: 'Add parameter' }));
  await user.type(screen.getByLabelText('Parameter 1 name'), 'status');
  await user.type(screen.getByLabelText('Parameter 1 value'), 'open');
  await user.click(screen.getByRole('button', { name: 'Fetch sample' }));
  await screen.findByTestId('setup-url');
}

/** What step 1 sends for finance's invoices. */
export const invoicesRequest = {
  connection: 'finance',
  method: 'GET',
  path: '/v1/invoices',
  params: { status: 'open' },
  headers: {},
};

import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EndpointsScreen } from './EndpointsScreen';
import { SyncBackendContext, type EndpointView } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

function view(running: boolean, port: number, tokenSetOn: string | null = null): EndpointView {
  const url = `http://127.0.0.1:${String(port)}`;
  return {
    running,
    url,
    port,
    options: [
      {
        option: 'invoices',
        direction: 'import',
        tokenSetOn,
        curl: `curl -X POST -H 'Authorization: Bearer <token>' --data @records.json ${url}/v1/import/invoices`,
      },
      {
        option: 'accounts-out',
        direction: 'export',
        tokenSetOn: null,
        curl: `curl -H 'Authorization: Bearer <token>' ${url}/v1/export/accounts-out`,
      },
    ],
  };
}

describe('the endpoints screen', () => {
  it('starts the endpoint on the chosen port, shows its URL and each option’s curl command', async () => {
    const backend = new TestSyncBackend({
      endpointStatus: () => Promise.resolve(view(false, 8787)),
      startEndpoint: (port) => Promise.resolve(view(true, port)),
      stopEndpoint: () => Promise.resolve(view(false, 9000)),
    });
    render(
      <SyncBackendContext value={backend}>
        <EndpointsScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    const port = await screen.findByRole('textbox', { name: 'Port' });
    await waitForValue(port, '8787');
    await user.clear(port);
    await user.type(port, 'abc');
    expect(screen.getByRole('button', { name: 'Start endpoint' })).toBeDisabled();
    await user.clear(port);
    await user.type(port, '9000');
    await user.click(screen.getByRole('button', { name: 'Start endpoint' }));
    expect(backend.calls('startEndpoint')[0]?.args).toEqual([9000]);
    expect(await screen.findByTestId('endpoint-url')).toHaveTextContent('http://127.0.0.1:9000');
    const pull = screen.getByRole('row', { name: /accounts-out/ });
    expect(within(pull).getByTestId('endpoint-curl')).toHaveTextContent(
      "curl -H 'Authorization: Bearer <token>' http://127.0.0.1:9000/v1/export/accounts-out",
    );
    await user.click(screen.getByRole('button', { name: 'Stop endpoint' }));
    expect(await screen.findByText('Stopped.')).toBeInTheDocument();
  });

  it('shows a new token once, then only the date it was set', async () => {
    let status = view(true, 8787);
    const backend = new TestSyncBackend({
      endpointStatus: () => Promise.resolve(status),
      createToken: (option) => {
        status = view(true, 8787, '2026-03-01T10:00:00Z');
        return Promise.resolve({
          option,
          token: 'sct_secret',
          curl: "curl -X POST -H 'Authorization: Bearer sct_secret' --data @records.json http://127.0.0.1:8787/v1/import/invoices",
        });
      },
    });
    render(
      <SyncBackendContext value={backend}>
        <EndpointsScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Generate token for invoices' }));
    expect(await screen.findByTestId('new-token')).toHaveTextContent('sct_secret');
    expect(screen.getByTestId('new-token-curl')).toHaveTextContent("Bearer sct_secret' --data @records.json");
    const row = screen.getByRole('row', { name: /invoices/ });
    expect(await within(row).findByTestId('token-state')).toHaveTextContent('set on 1 Mar 2026, 10:00:00');
    expect(within(row).getByTitle('2026-03-01T10:00:00Z')).toBeInTheDocument();
    expect(within(row).getByTestId('endpoint-curl')).not.toHaveTextContent('sct_secret');
  });

  it('shows why the endpoint could not start', async () => {
    const backend = new TestSyncBackend({
      endpointStatus: () => Promise.resolve(view(false, 8787)),
      startEndpoint: () => apiFailure('ENDPOINT_FAILED', 'cannot listen on 127.0.0.1:8787: address in use'),
    });
    render(
      <SyncBackendContext value={backend}>
        <EndpointsScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Start endpoint' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('ENDPOINT_FAILED');
  });
});

async function waitForValue(el: HTMLElement, value: string) {
  const { waitFor } = await import('@testing-library/react');
  await waitFor(() => {
    expect(el).toHaveValue(value);
  });
}

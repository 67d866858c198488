import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RemoteSitesScreen } from './RemoteSitesScreen';
import { SyncBackendContext } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

describe('the remote sites screen', () => {
  it('lists, adds and removes sites, checking the https rule as you type', async () => {
    let sites = ['http://127.0.0.1:4000'];
    const backend = new TestSyncBackend({
      listRemoteSites: () => Promise.resolve([...sites]),
      checkRemoteSite: (url) =>
        url.startsWith('https://')
          ? Promise.resolve()
          : apiFailure('INVALID_CONFIG', `${url}: must use https (http only on loopback)`),
      addRemoteSite: (url) => {
        sites.push(url);
        return Promise.resolve();
      },
      removeRemoteSite: (url) => {
        sites = sites.filter((s) => s !== url);
        return Promise.resolve();
      },
    });
    render(
      <SyncBackendContext value={backend}>
        <RemoteSitesScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    expect(await screen.findByText('http://127.0.0.1:4000', { selector: 'code' })).toBeInTheDocument();
    const input = screen.getByLabelText('Remote site URL');
    await user.type(input, 'http://example.com');
    expect(await screen.findByRole('alert')).toHaveTextContent('must use https');
    expect(screen.getByRole('button', { name: 'Add site' })).toBeDisabled();
    await user.clear(input);
    await user.type(input, 'https://example.com');
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Add site' })).toBeEnabled();
    });
    await user.keyboard('{Enter}');
    expect(await screen.findByText('https://example.com', { selector: 'code' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Remove http:\/\/127.0.0.1:4000/ }));
    await screen.findByText('https://example.com', { selector: 'code' });
    expect(screen.queryByText('http://127.0.0.1:4000', { selector: 'code' })).not.toBeInTheDocument();
  });
});

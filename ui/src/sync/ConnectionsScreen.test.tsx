import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ConnectionsScreen } from './ConnectionsScreen';
import { finance, org } from '../test/syncFixtures';
import { SyncBackendContext, type Connection, type ConnectionView } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

/** A Salesforce connection logging in with the web flow, its refresh token stored. */
function webConnection(name: string): ConnectionView {
  return {
    ...org,
    name,
    auth: 'web',
    document: {
      type: 'salesforce',
      name,
      loginUrl: 'https://login.salesforce.com',
      apiVersion: '62.0',
      auth: {
        flow: 'web',
        clientId: 'app',
        redirectPort: 1717,
        scopes: ['api', 'refresh_token'],
        refreshToken: '***',
      },
    },
  };
}

function renderWith(backend: TestSyncBackend) {
  render(
    <SyncBackendContext value={backend}>
      <ConnectionsScreen />
    </SyncBackendContext>,
  );
}

describe('the connections screen', () => {
  it('lists connections and shows a test answer, or its error code and message', async () => {
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([org, finance]),
      testConnection: (name) =>
        name === 'org'
          ? Promise.resolve({ connection: 'org', message: 'logged in to http://127.0.0.1:4000/ (API 62.0)' })
          : apiFailure('CONNECTION_FAILED', 'connection refused'),
    });
    renderWith(backend);
    const user = userEvent.setup();
    const orgRow = await screen.findByRole('row', { name: /^org/ });
    await user.click(within(orgRow).getByRole('button', { name: /Test connection/ }));
    expect(await within(orgRow).findByText(/logged in to/)).toBeInTheDocument();

    const financeRow = screen.getByRole('row', { name: /^finance/ });
    await user.click(within(financeRow).getByRole('button', { name: /Test connection/ }));
    const alert = await within(financeRow).findByRole('alert');
    expect(alert).toHaveTextContent('CONNECTION_FAILED');
    expect(alert).toHaveTextContent('connection refused');
  });

  it('tests an HTTP API at the path typed beside it, and at its default path without one', async () => {
    const asked: [string, string | undefined][] = [];
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([org, finance]),
      testConnection: (name, path) => {
        asked.push([name, path]);
        return Promise.resolve({ connection: name, message: `${path ?? '/'} answered 10 records` });
      },
    });
    renderWith(backend);
    const user = userEvent.setup();
    const financeRow = await screen.findByRole('row', { name: /^finance/ });
    expect(screen.queryByRole('textbox', { name: 'Path to test on org' })).toBeNull();
    await user.click(within(financeRow).getByRole('button', { name: /Test connection/ }));
    expect(await within(financeRow).findByText('/ answered 10 records')).toBeInTheDocument();
    await user.type(within(financeRow).getByRole('textbox', { name: 'Path to test on finance' }), ' /v1/invoices ');
    await user.click(within(financeRow).getByRole('button', { name: /Test connection/ }));
    expect(await within(financeRow).findByText('/v1/invoices answered 10 records')).toBeInTheDocument();
    expect(asked).toEqual([
      ['finance', undefined],
      ['finance', '/v1/invoices'],
    ]);
  });

  it('offers Log in with Salesforce only on web-flow connections, and shows the login answer', async () => {
    const web = webConnection('prod');
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([org, web, finance]),
      logInConnection: (name) =>
        Promise.resolve({ connection: name, message: 'logged in to https://acme.my.salesforce.com; its refresh token is stored in the workspace' }),
    });
    renderWith(backend);
    const user = userEvent.setup();
    const prodRow = await screen.findByRole('row', { name: /^prod/ });
    expect(within(screen.getByRole('row', { name: /^org/ })).queryByRole('button', { name: /Log in with Salesforce/ })).toBeNull();
    expect(within(screen.getByRole('row', { name: /^finance/ })).queryByRole('button', { name: /Log in with Salesforce/ })).toBeNull();
    await user.click(within(prodRow).getByRole('button', { name: /Log in with Salesforce/ }));
    expect(await within(prodRow).findByText(/refresh token is stored/)).toBeInTheDocument();
    expect(backend.calls('logInConnection')[0]?.args).toEqual(['prod']);
  });

  it('edits a connection with its auth fields, secrets kept as ***', async () => {
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([org]),
      saveConnection: () => Promise.resolve(),
    });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Edit org/ }));
    expect(screen.getByLabelText('Password')).toHaveValue('***');
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
    await user.clear(screen.getByLabelText('Username'));
    await user.type(screen.getByLabelText('Username'), 'ops@example.com');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    await screen.findByRole('heading', { name: 'Connections' });
    const [original, doc] = backend.calls('saveConnection')[0]?.args as [string, Connection];
    expect(original).toBe('org');
    expect(doc.auth).toMatchObject({ username: 'ops@example.com', password: '***', clientSecret: '***' });
  });

  it('shows a refused save as code and message, and the fields of each HTTP auth type', async () => {
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([]),
      saveConnection: () => apiFailure('INVALID_CONFIG', '/connections/0/baseUrl: not a URL'),
    });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add HTTP API connection' }));
    await user.selectOptions(screen.getByLabelText('Auth'), 'bearer');
    expect(screen.getByLabelText('Token')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('INVALID_CONFIG');
  });
  it('sends an API key in a header or the query, the two places the Rust type takes', async () => {
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([]),
      saveConnection: () => Promise.resolve(),
    });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add HTTP API connection' }));
    await user.type(screen.getByLabelText('Name'), 'billing');
    await user.selectOptions(screen.getByLabelText('Auth'), 'apiKey');
    const sentIn = screen.getByLabelText('Sent in');
    expect(within(sentIn).getAllByRole('option').map((o) => o.textContent)).toEqual(['header', 'query']);
    await user.selectOptions(sentIn, 'query');
    await user.type(screen.getByLabelText('Key name'), 'api_key');
    await user.type(screen.getByLabelText('Key'), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    await screen.findByRole('heading', { name: 'Connections' });
    const [original, doc] = backend.calls('saveConnection')[0]?.args as [null, Connection];
    expect(original).toBeNull();
    expect(doc).toEqual({
      type: 'http',
      name: 'billing',
      baseUrl: 'https://',
      auth: { type: 'apiKey', in: 'query', name: 'api_key', value: 's3cret' },
      headers: {},
    });
  });

  it('saves a web-flow login with its redirect port as a number and its refresh token kept', async () => {
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([webConnection('prod')]),
      saveConnection: () => Promise.resolve(),
    });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Edit prod/ }));
    await user.clear(screen.getByLabelText('Redirect port'));
    await user.type(screen.getByLabelText('Redirect port'), 'http');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Redirect port');
    expect(backend.calls('saveConnection')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Redirect port'));
    await user.type(screen.getByLabelText('Redirect port'), '8080');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    await screen.findByRole('heading', { name: 'Connections' });
    const [, doc] = backend.calls('saveConnection')[0]?.args as [string, Connection];
    expect(doc.auth).toEqual({
      flow: 'web',
      clientId: 'app',
      redirectPort: 8080,
      scopes: ['api', 'refresh_token'],
      refreshToken: '***',
    });
  });
});

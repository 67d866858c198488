import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ConnectionsScreen } from './ConnectionsScreen';
import { finance, org } from '../test/syncFixtures';
import { SyncBackendContext, type Connection, type ConnectionView } from './syncBackend';
import { TestBackend, TestSyncBackend } from '../test/backends';
import { BackendContext } from '../backend';
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

  it('offers the Salesforce flows real orgs keep first, starts on the browser login and warns about password', async () => {
    const backend = new TestSyncBackend({ listConnections: () => Promise.resolve([]) });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add Salesforce connection' }));
    const flow = screen.getByLabelText('Login flow');
    expect(within(flow).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Log in with Salesforce (browser)',
      'JWT bearer (key file)',
      'Client credentials',
      'Username and password',
    ]);
    expect(flow).toHaveValue('web');
    expect(screen.queryByText(/ends the username-password login/)).toBeNull();
    await user.selectOptions(flow, 'password');
    expect(screen.getByText(/Salesforce ends the username-password login on 2027-02-20/)).toBeInTheDocument();
    await user.selectOptions(flow, 'jwt');
    expect(screen.queryByText(/ends the username-password login/)).toBeNull();
  });

  it('shows the password note on a saved password login', async () => {
    const backend = new TestSyncBackend({ listConnections: () => Promise.resolve([org]) });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Edit org/ }));
    expect(screen.getByLabelText('Login flow')).toHaveValue('password');
    expect(screen.getByTestId('password-note')).toHaveTextContent('It stays for the local sandbox org.');
    expect(screen.getByLabelText('My Domain or other login URL')).toHaveValue('http://127.0.0.1:4000');
  });

  it('picks the login URL: production, sandbox, or one typed', async () => {
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([]),
      saveConnection: () => Promise.resolve(),
    });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add Salesforce connection' }));
    expect(screen.getByLabelText('Login URL')).toHaveValue('https://login.salesforce.com');
    expect(screen.queryByLabelText('My Domain or other login URL')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Login URL'), 'https://test.salesforce.com');
    await user.selectOptions(screen.getByLabelText('Login URL'), 'other');
    const typed = screen.getByLabelText('My Domain or other login URL');
    await user.clear(typed);
    await user.type(typed, 'https://acme.my.salesforce.com');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    await screen.findByRole('heading', { name: 'Connections' });
    const [, doc] = backend.calls('saveConnection')[0]?.args as [null, Connection];
    expect(doc).toMatchObject({ type: 'salesforce', loginUrl: 'https://acme.my.salesforce.com' });
  });

  it('adds the exact origin to the remote sites when asked, then saves again', async () => {
    const sites: string[] = [];
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([]),
      saveConnection: () =>
        sites.includes('https://api.acme.test:8443')
          ? Promise.resolve()
          : apiFailure(
              'INVALID_CONFIG',
              '/connections/0/baseUrl: https://api.acme.test:8443 is not on remoteSites',
            ),
      addRemoteSite: (url) => {
        sites.push(url);
        return Promise.resolve();
      },
    });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add HTTP API connection' }));
    await user.type(screen.getByLabelText('Name'), 'billing');
    await user.clear(screen.getByLabelText('Base URL'));
    await user.type(screen.getByLabelText('Base URL'), 'https://api.acme.test:8443/v1/');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(
      await screen.findByText('https://api.acme.test:8443', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'https://api.acme.test:8443 is not on the remote sites',
    );
    expect(backend.calls('addRemoteSite')).toHaveLength(0);
    await user.click(
      screen.getByRole('button', { name: 'Add https://api.acme.test:8443 to remote sites' }),
    );
    await screen.findByRole('heading', { name: 'Connections' });
    expect(backend.calls('addRemoteSite').map((c) => c.args)).toEqual([
      ['https://api.acme.test:8443'],
    ]);
    const saves = backend.calls('saveConnection');
    expect(saves).toHaveLength(2);
    expect(saves[1]?.args).toEqual(saves[0]?.args);
  });

  it('offers no remote-site button for any other refusal', async () => {
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([]),
      saveConnection: () => apiFailure('INVALID_CONFIG', '/connections/0/name: empty'),
    });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add HTTP API connection' }));
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('/connections/0/name: empty');
    expect(screen.queryByRole('button', { name: /to remote sites/ })).toBeNull();
  });

  it('chooses the JWT key file in the file dialog', async () => {
    const files = new TestBackend({ pickFile: () => Promise.resolve('/keys/server.key') });
    render(
      <BackendContext value={files}>
        <SyncBackendContext value={new TestSyncBackend({ listConnections: () => Promise.resolve([]) })}>
          <ConnectionsScreen />
        </SyncBackendContext>
      </BackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add Salesforce connection' }));
    await user.selectOptions(screen.getByLabelText('Login flow'), 'jwt');
    await user.click(screen.getByRole('button', { name: 'Choose…' }));
    expect(await screen.findByDisplayValue('/keys/server.key')).toBe(
      screen.getByLabelText('Private key file'),
    );
    expect(files.calls('pickFile')[0]?.args).toEqual(['open-key']);
  });

  it("offers the token URL's origin when that is the one off the remote sites", async () => {
    const sites: string[] = [];
    const backend = new TestSyncBackend({
      listConnections: () => Promise.resolve([]),
      saveConnection: () =>
        sites.includes('https://auth.acme.test')
          ? Promise.resolve()
          : apiFailure(
              'INVALID_CONFIG',
              '/connections/0/auth/tokenUrl: https://auth.acme.test/token is not on remoteSites: add "https://auth.acme.test" to "remoteSites"',
            ),
      addRemoteSite: (url) => {
        sites.push(url);
        return Promise.resolve();
      },
    });
    renderWith(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add HTTP API connection' }));
    await user.clear(screen.getByLabelText('Base URL'));
    await user.type(screen.getByLabelText('Base URL'), 'https://api.acme.test');
    await user.selectOptions(screen.getByLabelText('Auth'), 'oauth2');
    await user.type(screen.getByLabelText('Token URL'), 'https://auth.acme.test/token');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    await user.click(
      await screen.findByRole('button', { name: 'Add https://auth.acme.test to remote sites' }),
    );
    await screen.findByRole('heading', { name: 'Connections' });
    expect(sites).toEqual(['https://auth.acme.test']);
  });
});

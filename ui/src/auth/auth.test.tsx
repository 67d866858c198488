import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendContext } from '../backend';
import { AuditScreen } from './AuditScreen';
import { AuthBackendContext, type Session } from './authBackend';
import { UsersScreen } from './UsersScreen';
import { TestBackend, TestAuthBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

const editor = TestBackend.failing({ code: 'UNEXPECTED', message: 'no editor in this test' });

function app(auth: TestAuthBackend) {
  render(
    <BackendContext value={editor}>
      <AuthBackendContext value={auth}>
        <App />
      </AuthBackendContext>
    </BackendContext>,
  );
}

describe('signing in', () => {
  it('asks for a login, then forces the change of the default password', async () => {
    let session: Session = { user: 'admin', role: 'admin', mustChangePassword: true };
    const auth = new TestAuthBackend({
      currentSession: () => Promise.resolve(null),
      logIn: (_user, password) =>
        password === 'sync-central'
          ? Promise.resolve(session)
          : apiFailure('LOGIN_FAILED', 'wrong user name or password'),
      changePassword: (_current, next) =>
        next.length < 12
          ? apiFailure('INVALID_USER', 'the password must have at least 12 characters (it has 5)')
          : Promise.resolve((session = { ...session, mustChangePassword: false })),
    });
    app(auth);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('User name'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('LOGIN_FAILED');
    expect(screen.queryByRole('tablist')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Password'), 'sync-central');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Choose a new password')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Current password'), 'sync-central');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.type(screen.getByLabelText('New password again'), 'short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('at least 12 characters');

    for (const label of ['New password', 'New password again']) {
      await user.clear(screen.getByLabelText(label));
      await user.type(screen.getByLabelText(label), 'a long new password');
    }
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    const tabs = await screen.findByRole('tablist');
    expect(within(tabs).getByRole('tab', { name: 'Users' })).toBeInTheDocument();
    expect(within(tabs).getByRole('tab', { name: 'Connections' })).toBeInTheDocument();
    expect(auth.calls('changePassword').at(-1)?.args).toEqual([
      'sync-central',
      'a long new password',
    ]);
  });

  it('shows an operator no screen that changes the configuration', async () => {
    const auth = new TestAuthBackend({
      currentSession: () =>
        Promise.resolve({ user: 'ops', role: 'operator', mustChangePassword: false }),
      logOut: () => Promise.resolve(),
    });
    app(auth);
    const tabs = await screen.findByRole('tablist');
    const names = within(tabs)
      .getAllByRole('tab')
      .map((t) => t.textContent);
    expect(names).toEqual([
      'Mapping editor',
      'Run',
      'Run log',
      'Plan',
      'Diff',
      'Preview report',
      'Settings',
    ]);
    expect(screen.getByTestId('signed-in')).toHaveTextContent('ops (operator)');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('Sign in to Sync Central')).toBeInTheDocument();
    expect(auth.calls('logOut')).toHaveLength(1);
  });
});

describe('the users and audit screens', () => {
  it('adds an operator and resets a password', async () => {
    const users = [{ name: 'admin', role: 'admin', mustChangePassword: false, lockedUntil: null }];
    const auth = new TestAuthBackend({
      listUsers: () => Promise.resolve([...users]),
      addUser: (name, role) => {
        const u = { name, role, mustChangePassword: true, lockedUntil: null };
        users.push(u);
        return Promise.resolve(u);
      },
      resetPassword: (name) =>
        Promise.resolve({ name, role: 'operator', mustChangePassword: true, lockedUntil: null }),
    });
    render(
      <AuthBackendContext value={auth}>
        <UsersScreen />
      </AuthBackendContext>,
    );
    const user = userEvent.setup();
    expect(await screen.findAllByTestId('user-row')).toHaveLength(1);
    await user.type(screen.getByLabelText('Name'), 'ops');
    await user.type(screen.getByLabelText('First password'), 'first ops password');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await screen.findAllByTestId('user-row')).toHaveLength(2);
    expect(auth.calls('addUser')[0]?.args).toEqual(['ops', 'operator', 'first ops password']);
    expect(screen.getAllByTestId('user-row')[1]).toHaveTextContent('must change password');

    await user.click(screen.getByRole('button', { name: 'Reset password of ops' }));
    await user.type(screen.getByLabelText('New password for ops'), 'temporary password');
    await user.click(screen.getByRole('button', { name: 'Set' }));
    expect(await screen.findByRole('status')).toHaveTextContent('ops gets a new password');
    expect(auth.calls('resetPassword')[0]?.args).toEqual(['ops', 'temporary password']);
  });

  it('lists who changed what, newest first', async () => {
    const auth = new TestAuthBackend({
      auditLog: () =>
        Promise.resolve([
          {
            id: 2,
            at: '2026-03-01T10:05:00Z',
            actor: 'os:ann',
            action: 'config.import',
            detail: 'connection "org" added (from example.json)',
          },
          {
            id: 1,
            at: '2026-03-01T10:00:00Z',
            actor: 'admin',
            action: 'user.add',
            detail: 'user "ops" added (operator)',
          },
        ]),
    });
    render(
      <AuthBackendContext value={auth}>
        <AuditScreen />
      </AuthBackendContext>,
    );
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows[0]).toHaveTextContent('os:ann');
    expect(rows[0]).toHaveTextContent('connection "org" added');
    expect(rows[1]).toHaveTextContent('user.add');
  });
});

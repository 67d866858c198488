// Users (admins only): the users with their role and state, adding one with a first
// password (changed at their first login), and resetting a user's forgotten password.
import { useCallback, useEffect, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { formatTime } from '../components/time';
import { toApiError, type ApiError } from '../types';
import { useAuthBackend, type UserView } from './authBackend';

export function UsersScreen() {
  const backend = useAuthBackend();
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('operator');
  const [password, setPassword] = useState('');
  const [resetting, setResetting] = useState<string | null>(null);
  const [resetTo, setResetTo] = useState('');
  const fail = (reason: unknown) => {
    setError(toApiError(reason));
  };
  const reload = useCallback(() => {
    backend.listUsers().then(setUsers, (reason: unknown) => {
      setError(toApiError(reason));
    });
  }, [backend]);
  useEffect(reload, [reload]);
  return (
    <section className="screen" aria-labelledby="users-title">
      <h2 id="users-title" className="screen__title">
        Users
      </h2>
      <ErrorBox error={error} />
      {notice !== '' && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      <div className="table-scroll">
        <table className="fields fields--list" aria-label="Users">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(users ?? []).map((u) => (
              <tr key={u.name} data-testid="user-row">
                <td>{u.name}</td>
                <td>{u.role}</td>
                <td>
                  {[
                    u.mustChangePassword ? 'must change password' : '',
                    u.lockedUntil !== null ? `locked until ${formatTime(u.lockedUntil)}` : '',
                  ]
                    .filter((s) => s !== '')
                    .join(', ')}
                </td>
                <td>
                  {resetting === u.name ? (
                    <form
                      className="row"
                      onSubmit={(e) => {
                        e.preventDefault();
                        setError(null);
                        backend.resetPassword(u.name, resetTo).then(() => {
                          setResetting(null);
                          setResetTo('');
                          setNotice(`${u.name} gets a new password, to change at the next login.`);
                          reload();
                        }, fail);
                      }}
                    >
                      <label>
                        New password for {u.name}
                        <input
                          type="password"
                          autoComplete="new-password"
                          value={resetTo}
                          onChange={(e) => {
                            setResetTo(e.target.value);
                          }}
                        />
                      </label>
                      <button type="submit" className="button">
                        Set
                      </button>
                    </form>
                  ) : (
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        setResetting(u.name);
                        setResetTo('');
                      }}
                    >
                      Reset password <span className="visually-hidden">of {u.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Add a user</h3>
      <form
        className="row"
        aria-label="Add a user"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          backend.addUser(name.trim(), role, password).then((u) => {
            setName('');
            setPassword('');
            setNotice(`${u.name} added as ${u.role}; they choose their own password at first login.`);
            reload();
          }, fail);
        }}
      >
        <label>
          Name
          <input
            name="new-user"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
        </label>
        <label>
          Role
          <select
            name="new-role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value);
            }}
          >
            <option value="operator">operator (run, preview, logs)</option>
            <option value="admin">admin (everything)</option>
          </select>
        </label>
        <label>
          First password
          <input
            name="new-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button" disabled={name.trim() === ''}>
          Add user
        </button>
      </form>
    </section>
  );
}

// The password change: forced after the first login with the default password or after an
// admin's reset. The policy (12 characters or more, not the user name, not the default) is
// the backend's; the form only checks that both new entries match.
import { useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { toApiError, type ApiError } from '../types';
import { useAuthBackend, type Session } from './authBackend';

export function ChangePassword({
  session,
  onChanged,
  onCancel,
}: {
  session: Session;
  onChanged: (s: Session) => void;
  onCancel: () => void;
}) {
  const backend = useAuthBackend();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const mismatch = again !== '' && next !== again;
  const field = (label: string, name: string, value: string, set: (v: string) => void) => (
    <label>
      {label}
      <input
        name={name}
        type="password"
        autoComplete={name === 'current' ? 'current-password' : 'new-password'}
        value={value}
        onChange={(e) => {
          set(e.target.value);
        }}
      />
    </label>
  );
  return (
    <section className="screen auth" aria-labelledby="change-title">
      <h2 id="change-title" className="screen__title">
        Choose a new password
      </h2>
      <p className="muted">
        {session.mustChangePassword
          ? `${session.user} must change the password before going on. `
          : ''}
        At least 12 characters, not the user name, not the default password.
      </p>
      <form
        className="auth__form"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          backend.changePassword(current, next).then(onChanged, (reason: unknown) => {
            setError(toApiError(reason));
          });
        }}
      >
        {field('Current password', 'current', current, setCurrent)}
        {field('New password', 'new', next, setNext)}
        {field('New password again', 'again', again, setAgain)}
        {mismatch && (
          <p className="muted" role="status">
            The two new passwords differ.
          </p>
        )}
        <div className="row">
          <button
            type="submit"
            className="button"
            disabled={current === '' || next === '' || next !== again}
          >
            Change password
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {session.mustChangePassword ? 'Sign out' : 'Cancel'}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}

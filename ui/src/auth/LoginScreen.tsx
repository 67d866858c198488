// The login screen: user name and password; a wrong pair and a locked account are told
// apart only by the backend's message (LOGIN_FAILED never says which part was wrong).
import { useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { toApiError, type ApiError } from '../types';
import { useAuthBackend, type Session } from './authBackend';

export function LoginScreen({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const backend = useAuthBackend();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section className="screen auth" aria-labelledby="login-title">
      <h2 id="login-title" className="screen__title">
        Sign in to Sync Central
      </h2>
      <form
        className="auth__form"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          setBusy(true);
          backend.logIn(user.trim(), password).then(
            (s) => {
              setBusy(false);
              onSignedIn(s);
            },
            (reason: unknown) => {
              setBusy(false);
              setPassword('');
              setError(toApiError(reason));
            },
          );
        }}
      >
        <label>
          User name
          <input
            name="user"
            autoComplete="username"
            value={user}
            onChange={(e) => {
              setUser(e.target.value);
            }}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button" disabled={busy || user.trim() === ''}>
          Sign in
        </button>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}

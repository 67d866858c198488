// The audit log (admins only): configuration and user changes, newest first, with who made
// them (an app user, or os:<name> for a CLI command run with the workspace file).
import { useEffect, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { Time } from '../components/Time';
import { toApiError, type ApiError } from '../types';
import { useAuthBackend, type AuditView } from './authBackend';

export function AuditScreen() {
  const backend = useAuthBackend();
  const [entries, setEntries] = useState<AuditView[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    backend.auditLog().then(setEntries, (reason: unknown) => {
      setError(toApiError(reason));
    });
  }, [backend]);
  return (
    <section className="screen" aria-labelledby="audit-title">
      <h2 id="audit-title" className="screen__title">
        Audit log
      </h2>
      <ErrorBox error={error} />
      {entries !== null && entries.length === 0 && <p className="muted">No changes yet.</p>}
      <div className="table-scroll">
        <table className="fields fields--list" aria-label="Audit log">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>What</th>
            </tr>
          </thead>
          <tbody>
            {(entries ?? []).map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td>
                  <Time at={e.at} />
                </td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

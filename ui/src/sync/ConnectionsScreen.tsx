// Connections: the workspace's Salesforce orgs and HTTP APIs, an edit form per type with its
// auth fields (secrets shown as "***" and kept when saved back so), and "Test connection".
import { useCallback, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { FormActions } from '../components/FormActions';
import { useEditing } from '../components/useEditing';
import { useLoaded } from '../components/useLoaded';
import { useSyncBackend, type ConnectionAnswer, type Doc } from './syncBackend';

interface FieldSpec {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
}

/** The auth fields of each Salesforce flow and each HTTP auth type. */
export const AUTH_FIELDS: Record<string, FieldSpec[]> = {
  password: [
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: true },
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: true },
    { key: 'securityToken', label: 'Security token', secret: true, optional: true },
  ],
  client_credentials: [
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: true },
  ],
  jwt: [
    { key: 'clientId', label: 'Client ID' },
    { key: 'username', label: 'Username' },
    { key: 'keyFile', label: 'Private key file' },
  ],
  web: [
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: true, optional: true },
    { key: 'redirectPort', label: 'Redirect port' },
  ],
  none: [],
  apiKey: [
    { key: 'in', label: 'Sent in (header or query)' },
    { key: 'name', label: 'Key name' },
    { key: 'value', label: 'Key', secret: true },
  ],
  basic: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: true },
  ],
  bearer: [{ key: 'token', label: 'Token', secret: true }],
  oauth2: [
    { key: 'tokenUrl', label: 'Token URL' },
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: true },
    { key: 'scope', label: 'Scope', optional: true },
  ],
  custom: [
    { key: 'method', label: 'Method' },
    { key: 'url', label: 'Token request URL' },
    { key: 'body', label: 'Body', secret: true, optional: true },
    { key: 'contentType', label: 'Content type' },
    { key: 'tokenPath', label: 'Token path' },
    { key: 'header', label: 'Header' },
    { key: 'prefix', label: 'Prefix' },
  ],
};

const SF_FLOWS = ['password', 'client_credentials', 'jwt', 'web'];
const HTTP_AUTHS = ['none', 'apiKey', 'basic', 'bearer', 'oauth2', 'custom'];

function text(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function newConnection(kind: 'salesforce' | 'http'): Doc {
  return kind === 'salesforce'
    ? {
        name: '',
        type: 'salesforce',
        loginUrl: 'https://login.salesforce.com',
        auth: { flow: 'password' },
      }
    : { name: '', type: 'http', baseUrl: 'https://', auth: { type: 'none' } };
}

/** The edit form of one connection. */
export function ConnectionForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: Doc;
  onSave: (doc: Doc) => Promise<void>;
  onCancel: () => void;
}) {
  const [doc, setDoc] = useState<Doc>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const salesforce = doc.type === 'salesforce';
  const auth = (doc.auth ?? {}) as Doc;
  const authKey = salesforce ? 'flow' : 'type';
  const authKind = text(auth[authKey]) || (salesforce ? 'password' : 'none');
  const set = (key: string, value: unknown) => {
    setDoc((d) => ({ ...d, [key]: value }));
  };
  const setAuth = (key: string, value: unknown) => {
    setDoc((d) => ({ ...d, auth: { ...((d.auth ?? {}) as Doc), [key]: value } }));
  };
  const field = (label: string, value: string, onChange: (v: string) => void, type = 'text') => (
    <label className="row" key={label}>
      <span style={{ minWidth: '11rem' }}>{label}</span>
      <input
        className="input"
        type={type}
        aria-label={label}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </label>
  );
  return (
    <form
      aria-label="Connection"
      className="screen"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        const specs = AUTH_FIELDS[authKind] ?? [];
        const a: Doc = {};
        for (const [key, value] of Object.entries(auth)) {
          const spec = specs.find((s) => s.key === key);
          if (spec?.optional && text(value) === '') continue;
          a[key] = key === 'redirectPort' ? Number(value) : value;
        }
        const out: Doc = { ...doc, auth: a };
        onSave(out).catch((reason: unknown) => {
          setError(toApiError(reason));
        });
      }}
    >
      <h3>{salesforce ? 'Salesforce connection' : 'HTTP API connection'}</h3>
      {field('Name', text(doc.name), (v) => {
        set('name', v);
      })}
      {salesforce
        ? field('Login URL', text(doc.loginUrl), (v) => {
            set('loginUrl', v);
          })
        : field('Base URL', text(doc.baseUrl), (v) => {
            set('baseUrl', v);
          })}
      <label className="row">
        <span style={{ minWidth: '11rem' }}>{salesforce ? 'Login flow' : 'Auth'}</span>
        <select
          className="input"
          aria-label={salesforce ? 'Login flow' : 'Auth'}
          value={authKind}
          onChange={(e) => {
            set('auth', { [authKey]: e.target.value });
          }}
        >
          {(salesforce ? SF_FLOWS : HTTP_AUTHS).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      {(AUTH_FIELDS[authKind] ?? []).map((spec) =>
        field(
          spec.label,
          text(auth[spec.key]),
          (v) => {
            setAuth(spec.key, v);
          },
          spec.secret ? 'password' : 'text',
        ),
      )}
      {salesforce && authKind === 'web' && (
        <p className="muted">
          Save the connection, then use Log in with Salesforce on its row: the org&apos;s login
          page opens in your browser and the refresh token is kept, encrypted.
        </p>
      )}
      <p className="muted">A secret shown as *** keeps its saved value.</p>
      <FormActions error={error} save="Save connection" onCancel={onCancel} />
    </form>
  );
}

export function ConnectionsScreen() {
  const backend = useSyncBackend();
  const {
    value: list,
    error,
    reload,
    act,
  } = useLoaded(useCallback(() => backend.listConnections(), [backend]));
  const { editing, open, close, saved } = useEditing<{ original: string | null; doc: Doc }>(reload);
  const [answers, setAnswers] = useState<Record<string, ConnectionAnswer | ApiError | 'testing'>>(
    {},
  );

  const test = (name: string) => {
    setAnswers((a) => ({ ...a, [name]: 'testing' }));
    backend.testConnection(name).then(
      (answer) => {
        setAnswers((a) => ({ ...a, [name]: answer }));
      },
      (reason: unknown) => {
        setAnswers((a) => ({ ...a, [name]: toApiError(reason) }));
      },
    );
  };

  const logIn = (name: string) => {
    setAnswers((a) => ({ ...a, [name]: 'testing' }));
    backend.logInConnection(name).then(
      (answer) => {
        setAnswers((a) => ({ ...a, [name]: answer }));
      },
      (reason: unknown) => {
        setAnswers((a) => ({ ...a, [name]: toApiError(reason) }));
      },
    );
  };

  if (editing !== null) {
    return (
      <ConnectionForm
        initial={editing.doc}
        onCancel={close}
        onSave={(doc) => saved(backend.saveConnection(editing.original, doc))}
      />
    );
  }
  return (
    <section className="screen" aria-labelledby="connections-title">
      <h2 id="connections-title" className="screen__title">
        Connections
      </h2>
      <ErrorBox error={error} />
      {list === null && error === null && <p className="muted">Loading…</p>}
      {list !== null && list.length === 0 && (
        <p className="muted">No connections yet. Add one, or set up the demo on Options.</p>
      )}
      {list !== null && list.length > 0 && (
        <table className="fields">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">URL</th>
              <th scope="col">Auth</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => {
              const answer = answers[c.name];
              return (
                <tr key={c.name} data-testid="connection" data-name={c.name}>
                  <th scope="row">{c.name}</th>
                  <td>{c.kind}</td>
                  <td>
                    <code>{c.url}</code>
                  </td>
                  <td>{c.auth}</td>
                  <td>
                    <div className="row">
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          open({ original: c.name, doc: c.document });
                        }}
                      >
                        Edit <span className="visually-hidden">{c.name}</span>
                      </button>
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          test(c.name);
                        }}
                      >
                        Test connection <span className="visually-hidden">{c.name}</span>
                      </button>
                      {c.kind === 'salesforce' && c.auth === 'web' && (
                        <button
                          type="button"
                          className="button"
                          onClick={() => {
                            logIn(c.name);
                          }}
                        >
                          Log in with Salesforce <span className="visually-hidden">{c.name}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          act(backend.removeConnection(c.name));
                        }}
                      >
                        Remove <span className="visually-hidden">{c.name}</span>
                      </button>
                    </div>
                    <div aria-live="polite" data-testid="connection-answer">
                      {answer === 'testing' && <span className="muted">Waiting for the org…</span>}
                      {answer !== undefined && answer !== 'testing' && 'code' in answer && (
                        <ErrorBox error={answer} />
                      )}
                      {answer !== undefined && answer !== 'testing' && 'connection' in answer && (
                        <span className="status status--valid">{answer.message}</span>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="row">
        <button
          type="button"
          className="button"
          onClick={() => {
            open({ original: null, doc: newConnection('salesforce') });
          }}
        >
          Add Salesforce connection
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            open({ original: null, doc: newConnection('http') });
          }}
        >
          Add HTTP API connection
        </button>
      </div>
    </section>
  );
}

// Connections: the workspace's Salesforce orgs and HTTP APIs, an edit form per type with its
// auth fields (secrets shown as "***" and kept when saved back so), and "Test connection" (an
// HTTP API's at a path typed beside it: its root often answers nothing). A save refused for a
// URL off the remote sites offers to add its origin, then saves again.
import { useCallback, useContext, useState } from 'react';
import { BackendContext } from '../backend';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { FormActions } from '../components/FormActions';
import { useEditing } from '../components/useEditing';
import { useLoaded } from '../components/useLoaded';
import {
  useSyncBackend,
  type ApiKeyIn,
  type Connection,
  type ConnectionAnswer,
  type HttpAuth,
  type SalesforceAuth,
} from './syncBackend';

type Flow = SalesforceAuth['flow'];
type AuthType = HttpAuth['type'];

/** Every Salesforce login flow, in the order offered: the ones real orgs keep first. */
const SF_FLOWS: Record<Flow, string> = {
  web: 'Log in with Salesforce (browser)',
  jwt: 'JWT bearer (key file)',
  client_credentials: 'Client credentials',
  password: 'Username and password',
};
/** Every HTTP auth type, as the select offers them. */
const HTTP_AUTHS: Record<AuthType, true> = {
  none: true,
  apiKey: true,
  basic: true,
  bearer: true,
  oauth2: true,
  custom: true,
};
const API_KEY_IN: Record<ApiKeyIn, true> = { header: true, query: true };

/** The select's value as one of `all`'s keys (null when it is none of them). */
function choice<T extends string>(all: Record<T, unknown>, value: string): T | null {
  const isOne = (v: string): v is T => Object.hasOwn(all, v);
  return isOne(value) ? value : null;
}

/** A new login of `flow`: its fields empty, the rest at the defaults crates/model gives. */
function newSalesforceAuth(flow: Flow): SalesforceAuth {
  switch (flow) {
    case 'password':
      return { flow, clientId: '', clientSecret: '', username: '', password: '' };
    case 'client_credentials':
      return { flow, clientId: '', clientSecret: '' };
    case 'jwt':
      return { flow, clientId: '', username: '', keyFile: '' };
    case 'web':
      return { flow, clientId: '', redirectPort: 1717, scopes: ['api', 'refresh_token'] };
  }
}

/** A new auth of `type`: its fields empty, the rest at the defaults crates/model gives. */
function newHttpAuth(type: AuthType): HttpAuth {
  switch (type) {
    case 'none':
      return { type };
    case 'apiKey':
      return { type, in: 'header', name: '', value: '' };
    case 'basic':
      return { type, username: '', password: '' };
    case 'bearer':
      return { type, token: '' };
    case 'oauth2':
      return { type, tokenUrl: '', clientId: '', clientSecret: '' };
    case 'custom':
      return {
        type,
        method: 'POST',
        url: '',
        contentType: 'application/json',
        tokenPath: '',
        header: 'Authorization',
        prefix: 'Bearer ',
      };
  }
}

function newConnection(kind: Connection['type']): Connection {
  return kind === 'salesforce'
    ? {
        type: 'salesforce',
        name: '',
        loginUrl: 'https://login.salesforce.com',
        apiVersion: '62.0',
        auth: newSalesforceAuth('web'),
      }
    : { type: 'http', name: '', baseUrl: 'https://', auth: newHttpAuth('none'), headers: {} };
}

const SECRET = true;

function field(label: string, value: string, onChange: (v: string) => void, secret = false) {
  return (
    <label className="row" key={label}>
      <span style={{ minWidth: '11rem' }}>{label}</span>
      <input
        className="input"
        type={secret ? 'password' : 'text'}
        aria-label={label}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </label>
  );
}

/** The fields of `T` that hold text: required, or optional (left out when emptied). */
type RequiredText<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T];
type OptionalText<T> = {
  [K in keyof T]-?: undefined extends T[K] ? (string extends T[K] ? K : never) : never;
}[keyof T];

/** One text box of an auth variant `T`: the document field it edits, its label. */
type TextField<T> = { label: string; secret?: boolean } & (
  | { key: RequiredText<T>; optional?: never }
  | { key: OptionalText<T>; optional: true }
);

/** The text boxes of every variant of a union discriminated by `D`, checked per variant. */
type FieldTable<U, D extends keyof U> = {
  [V in U[D] & string]: readonly TextField<Extract<U, Record<D, V>>>[];
};

const SF_FIELDS: FieldTable<SalesforceAuth, 'flow'> = {
  password: [
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: SECRET },
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: SECRET },
    { key: 'securityToken', label: 'Security token', secret: SECRET, optional: true },
  ],
  client_credentials: [
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: SECRET },
  ],
  jwt: [
    { key: 'clientId', label: 'Client ID' },
    { key: 'username', label: 'Username' },
    { key: 'keyFile', label: 'Private key file' },
  ],
  web: [
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: SECRET, optional: true },
  ],
};

const HTTP_FIELDS: FieldTable<HttpAuth, 'type'> = {
  none: [],
  apiKey: [
    { key: 'name', label: 'Key name' },
    { key: 'value', label: 'Key', secret: SECRET },
  ],
  basic: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: SECRET },
  ],
  bearer: [{ key: 'token', label: 'Token', secret: SECRET }],
  oauth2: [
    { key: 'tokenUrl', label: 'Token URL' },
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: SECRET },
    { key: 'scope', label: 'Scope', optional: true },
  ],
  custom: [
    { key: 'method', label: 'Method' },
    { key: 'url', label: 'Token request URL' },
    { key: 'body', label: 'Body', secret: SECRET, optional: true },
    { key: 'contentType', label: 'Content type' },
    { key: 'tokenPath', label: 'Token path' },
    { key: 'header', label: 'Header' },
    { key: 'prefix', label: 'Prefix' },
  ],
};

/** The text boxes of `auth` as `table` lists them; an emptied optional field is left out. */
function textFields<T extends object>(
  auth: T,
  table: readonly TextField<T>[],
  set: (auth: T) => void,
) {
  return table.map((f) => {
    const value = auth[f.key];
    return field(
      f.label,
      typeof value === 'string' ? value : '',
      (v) => {
        set({ ...auth, [f.key]: f.optional && v === '' ? undefined : v });
      },
      f.secret,
    );
  });
}

/** The fields of a Salesforce login; `port` is the redirect port's text as typed. */
function salesforceAuthFields(
  auth: SalesforceAuth,
  set: (auth: SalesforceAuth) => void,
  port: string,
  setPort: (port: string) => void,
) {
  switch (auth.flow) {
    case 'password':
      return textFields(auth, SF_FIELDS.password, set);
    case 'client_credentials':
      return textFields(auth, SF_FIELDS.client_credentials, set);
    case 'jwt':
      return textFields(auth, SF_FIELDS.jwt, set);
    case 'web':
      return [...textFields(auth, SF_FIELDS.web, set), field('Redirect port', port, setPort)];
  }
}

/** The fields of an HTTP API's auth. */
function httpAuthFields(auth: HttpAuth, set: (auth: HttpAuth) => void) {
  switch (auth.type) {
    case 'none':
      return [];
    case 'apiKey':
      return [
        <label className="row" key="in">
          <span style={{ minWidth: '11rem' }}>Sent in</span>
          <select
            className="input"
            aria-label="Sent in"
            value={auth.in}
            onChange={(e) => {
              set({ ...auth, in: choice(API_KEY_IN, e.target.value) ?? auth.in });
            }}
          >
            {Object.keys(API_KEY_IN).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>,
        ...textFields(auth, HTTP_FIELDS.apiKey, set),
      ];
    case 'basic':
      return textFields(auth, HTTP_FIELDS.basic, set);
    case 'bearer':
      return textFields(auth, HTTP_FIELDS.bearer, set);
    case 'oauth2':
      return textFields(auth, HTTP_FIELDS.oauth2, set);
    case 'custom':
      return textFields(auth, HTTP_FIELDS.custom, set);
  }
}

/** The redirect port of a web-flow login as typed, or null when it is not a port number. */
function portNumber(text: string): number | null {
  const port = Number(text);
  return text.trim() !== '' && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
}

const LOGIN_URLS = {
  'https://login.salesforce.com': 'Production',
  'https://test.salesforce.com': 'Sandbox',
};
const OTHER = 'other';

function isKnownLogin(url: string): boolean {
  return Object.hasOwn(LOGIN_URLS, url);
}

/** The URLs a connection reaches, its login or base URL first. */
function urlsOf(doc: Connection): string[] {
  if (doc.type === 'salesforce') return [doc.loginUrl];
  const auth = doc.auth;
  if (auth.type === 'oauth2') return [doc.baseUrl, auth.tokenUrl];
  if (auth.type === 'custom') return [doc.baseUrl, auth.url];
  return [doc.baseUrl];
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The origin of the connection's URL a refused save finds off the remote sites: the one the
 * message quotes (a token URL may be the one refused), else the login or base URL's; null for
 * another refusal. */
function missingSite(error: ApiError | null, doc: Connection): string | null {
  if (error?.code !== 'INVALID_CONFIG' || !error.message.includes('is not on remoteSites')) {
    return null;
  }
  const origins = urlsOf(doc)
    .map(originOf)
    .filter((o): o is string => o !== null);
  return origins.find((o) => error.message.includes(`"${o}"`)) ?? origins[0] ?? null;
}

/** The edit form of one connection. */
export function ConnectionForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: Connection;
  onSave: (doc: Connection) => Promise<void>;
  onCancel: () => void;
}) {
  const backend = useSyncBackend();
  // The file dialog lives on the app's backend; without one the key file is typed.
  const files = useContext(BackendContext);
  const [doc, setDoc] = useState<Connection>(initial);
  const [port, setPort] = useState(() =>
    initial.type === 'salesforce' && initial.auth.flow === 'web'
      ? String(initial.auth.redirectPort)
      : '',
  );
  const [otherLogin, setOtherLogin] = useState(
    () => initial.type === 'salesforce' && !isKnownLogin(initial.loginUrl),
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [adding, setAdding] = useState(false);
  const salesforce = doc.type === 'salesforce';
  const setSalesforceAuth = (auth: SalesforceAuth) => {
    setDoc((d) => (d.type === 'salesforce' ? { ...d, auth } : d));
  };
  const setHttpAuth = (auth: HttpAuth) => {
    setDoc((d) => (d.type === 'http' ? { ...d, auth } : d));
  };
  const setLoginUrl = (loginUrl: string) => {
    setDoc((d) => (d.type === 'salesforce' ? { ...d, loginUrl } : d));
  };

  /** The document to save, or null (with the error shown) when a field cannot be read. */
  const readDoc = (): Connection | null => {
    if (doc.type === 'salesforce' && doc.auth.flow === 'web') {
      const redirectPort = portNumber(port);
      if (redirectPort === null) {
        setError({
          code: 'INVALID_CONFIG',
          message: `Redirect port: "${port}" is not a port number (0 to 65535)`,
        });
        return null;
      }
      return { ...doc, auth: { ...doc.auth, redirectPort } };
    }
    return doc;
  };
  const save = () => {
    setError(null);
    const out = readDoc();
    if (out === null) return;
    onSave(out).catch((reason: unknown) => {
      setError(toApiError(reason));
    });
  };
  const site = missingSite(error, doc);

  return (
    <form
      aria-label="Connection"
      className="screen"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>{salesforce ? 'Salesforce connection' : 'HTTP API connection'}</h3>
      {field('Name', doc.name, (name) => {
        setDoc((d) => ({ ...d, name }));
      })}
      {doc.type === 'salesforce' ? (
        <>
          <label className="row">
            <span style={{ minWidth: '11rem' }}>Login URL</span>
            <select
              className="input"
              aria-label="Login URL"
              value={otherLogin ? OTHER : doc.loginUrl}
              onChange={(e) => {
                const url = e.target.value;
                setOtherLogin(url === OTHER);
                if (url !== OTHER) setLoginUrl(url);
              }}
            >
              {Object.entries(LOGIN_URLS).map(([url, label]) => (
                <option key={url} value={url}>
                  {label} ({url})
                </option>
              ))}
              <option value={OTHER}>My Domain / other</option>
            </select>
          </label>
          {otherLogin && field('My Domain or other login URL', doc.loginUrl, setLoginUrl)}
        </>
      ) : (
        field('Base URL', doc.baseUrl, (baseUrl) => {
          setDoc((d) => (d.type === 'http' ? { ...d, baseUrl } : d));
        })
      )}
      <label className="row">
        <span style={{ minWidth: '11rem' }}>{salesforce ? 'Login flow' : 'Auth'}</span>
        <select
          className="input"
          aria-label={salesforce ? 'Login flow' : 'Auth'}
          value={doc.type === 'salesforce' ? doc.auth.flow : doc.auth.type}
          onChange={(e) => {
            const flow = choice(SF_FLOWS, e.target.value);
            const type = choice(HTTP_AUTHS, e.target.value);
            if (doc.type === 'salesforce' && flow !== null) {
              const auth = newSalesforceAuth(flow);
              if (auth.flow === 'web') setPort(String(auth.redirectPort));
              setSalesforceAuth(auth);
            }
            if (doc.type === 'http' && type !== null) setHttpAuth(newHttpAuth(type));
          }}
        >
          {salesforce
            ? Object.entries(SF_FLOWS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))
            : Object.keys(HTTP_AUTHS).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
        </select>
      </label>
      {doc.type === 'salesforce' && doc.auth.flow === 'password' && (
        <p className="muted" data-testid="password-note">
          Salesforce ends the username-password login on 2027-02-20: use Log in with Salesforce,
          JWT or client credentials for real orgs. It stays for the local sandbox org.
        </p>
      )}
      {doc.type === 'salesforce'
        ? salesforceAuthFields(doc.auth, setSalesforceAuth, port, setPort)
        : httpAuthFields(doc.auth, setHttpAuth)}
      {doc.type === 'salesforce' && doc.auth.flow === 'jwt' && files !== null && (
        <div className="row">
          <span style={{ minWidth: '11rem' }} />
          <button
            type="button"
            className="button"
            onClick={() => {
              files.pickFile('open-key').then(
                (keyFile) => {
                  if (keyFile === null) return;
                  setDoc((d) =>
                    d.type === 'salesforce' && d.auth.flow === 'jwt'
                      ? { ...d, auth: { ...d.auth, keyFile } }
                      : d,
                  );
                },
                (reason: unknown) => {
                  setError(toApiError(reason));
                },
              );
            }}
          >
            Choose…
          </button>
        </div>
      )}
      {doc.type === 'salesforce' && doc.auth.flow === 'web' && (
        <p className="muted">
          Save the connection, then use Log in with Salesforce on its row: the org&apos;s login
          page opens in your browser and the refresh token is kept, encrypted.
        </p>
      )}
      <p className="muted">A secret shown as *** keeps its saved value.</p>
      {site !== null && (
        <div className="failure" role="alert">
          <p>
            <code>{site}</code> is not on the remote sites: the app calls no site an admin has not
            added.
          </p>
          <button
            type="button"
            className="button"
            style={{ whiteSpace: 'nowrap' }}
            disabled={adding}
            onClick={() => {
              setAdding(true);
              backend
                .addRemoteSite(site)
                .then(save, (reason: unknown) => {
                  setError(toApiError(reason));
                })
                .finally(() => {
                  setAdding(false);
                });
            }}
          >
            Add {site} to remote sites
          </button>
        </div>
      )}
      <FormActions error={site === null ? error : null} save="Save connection" onCancel={onCancel} />
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
  const { editing, open, close, saved } = useEditing<{ original: string | null; doc: Connection }>(
    reload,
  );
  const [answers, setAnswers] = useState<Record<string, ConnectionAnswer | ApiError | 'testing'>>(
    {},
  );

  // The path an HTTP connection's test calls, per connection, as typed (empty: the default).
  const [paths, setPaths] = useState<Record<string, string>>({});

  const test = (name: string) => {
    setAnswers((a) => ({ ...a, [name]: 'testing' }));
    const path = paths[name]?.trim() ?? '';
    backend.testConnection(name, path === '' ? undefined : path).then(
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
        <div className="table-scroll">
          <table className="fields fields--list">
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
                      <div className="actions">
                        <button
                          type="button"
                          className="button"
                          onClick={() => {
                            open({ original: c.name, doc: c.document });
                          }}
                        >
                          Edit <span className="visually-hidden">{c.name}</span>
                        </button>
                        {c.kind === 'http' && (
                          <input
                            className="input"
                            aria-label={`Path to test on ${c.name}`}
                            title="Empty: the first import's path, else /"
                            placeholder="/v1/invoices"
                            value={paths[c.name] ?? ''}
                            onChange={(e) => {
                              setPaths((p) => ({ ...p, [c.name]: e.target.value }));
                            }}
                          />
                        )}
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
                        {answer === 'testing' && (
                          <span className="muted">
                            {c.kind === 'http' ? 'Waiting for the API…' : 'Waiting for the org…'}
                          </span>
                        )}
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
        </div>
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

// Endpoints: start and stop the push (import) and pull (export) endpoint from the app — on
// 127.0.0.1 only, on a port of your choice — with its URL and, per option, a curl command to
// copy and a token: generated here, shown once, then only "set on <date>" (the workspace
// keeps its hash).
import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { Time } from '../components/Time';
import { useSyncBackend, type EndpointView, type NewToken } from './syncBackend';

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button"
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => {
            setCopied(true);
          },
          () => {
            setCopied(false);
          },
        );
      }}
    >
      {copied ? 'Copied' : 'Copy'} <span className="visually-hidden">{label}</span>
    </button>
  );
}

export function EndpointsScreen() {
  const backend = useSyncBackend();
  const [view, setView] = useState<EndpointView | null>(null);
  const [port, setPort] = useState('');
  const [busy, setBusy] = useState(false);
  const [fresh, setFresh] = useState<NewToken | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const show = useCallback((v: EndpointView) => {
    setView(v);
    setPort((p) => (p === '' ? String(v.port) : p));
  }, []);
  const load = useCallback(() => {
    backend.endpointStatus().then(show, (reason: unknown) => {
      setError(toApiError(reason));
    });
  }, [backend, show]);
  useEffect(load, [load]);

  const portNumber = Number(port);
  const portValid = /^\d+$/.test(port.trim()) && portNumber > 0 && portNumber < 65536;
  const toggle = () => {
    if (view === null) return;
    setBusy(true);
    setError(null);
    (view.running ? backend.stopEndpoint() : backend.startEndpoint(portNumber))
      .then(show, (reason: unknown) => {
        setError(toApiError(reason));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <section className="screen" aria-labelledby="endpoints-title">
      <h2 id="endpoints-title" className="screen__title">
        Endpoints
      </h2>
      <p className="muted">
        Other programs push records to an import option (POST) or pull an export option’s records (GET) on this
        machine, each with the option’s token.
      </p>
      <div className="row">
        <label className="row">
          <span>Port</span>
          <input
            className="input"
            aria-label="Port"
            inputMode="numeric"
            value={port}
            disabled={view?.running ?? false}
            aria-invalid={!portValid}
            onChange={(e) => {
              setPort(e.target.value);
            }}
          />
        </label>
        <button
          type="button"
          className="button"
          disabled={view === null || busy || (!view.running && !portValid)}
          onClick={toggle}
        >
          {view?.running ? 'Stop endpoint' : 'Start endpoint'}
        </button>
      </div>
      {!portValid && <p className="status status--invalid">A port is a number from 1 to 65535.</p>}
      <p data-testid="endpoint-state" aria-live="polite">
        {view?.running ? (
          <>
            Listening on <code data-testid="endpoint-url">{view.url}</code> (this machine only)
          </>
        ) : (
          'Stopped.'
        )}
      </p>
      <ErrorBox error={error} />
      {fresh !== null && (
        <div className="failure" role="status" data-testid="new-token-box">
          <p>
            The token of <strong>{fresh.option}</strong>, shown only now: keep it where the calling program can read
            it.
          </p>
          <code data-testid="new-token">{fresh.token}</code> <CopyButton text={fresh.token} label="the token" />
          <pre data-testid="new-token-curl" style={{ whiteSpace: 'pre-wrap' }}>
            {fresh.curl}
          </pre>
          <CopyButton text={fresh.curl} label="the curl command" />
        </div>
      )}
      {view !== null && view.options.length > 0 && (
        <div className="table-scroll">
          <table className="fields fields--list" aria-label="Endpoint options">
            <thead>
              <tr>
                <th scope="col">Option</th>
                <th scope="col">Token</th>
                <th scope="col">Call</th>
              </tr>
            </thead>
            <tbody>
              {view.options.map((o) => (
                <tr key={o.option} data-testid="endpoint-option" data-option={o.option}>
                  <th scope="row">
                    {o.option} <span className="muted">({o.direction === 'export' ? 'pull' : 'push'})</span>
                  </th>
                  <td>
                    <div data-testid="token-state">
                      {o.tokenSetOn === null ? (
                        <span className="muted">no token</span>
                      ) : (
                        <>
                          set on <Time at={o.tokenSetOn} />
                        </>
                      )}
                    </div>
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        setError(null);
                        backend.createToken(o.option).then(
                          (t) => {
                            setFresh(t);
                            load();
                          },
                          (reason: unknown) => {
                            setError(toApiError(reason));
                          },
                        );
                      }}
                    >
                      {o.tokenSetOn === null ? 'Generate token' : 'Replace token'}{' '}
                      <span className="visually-hidden">for {o.option}</span>
                    </button>
                  </td>
                  <td>
                    <code data-testid="endpoint-curl" className="wrap-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                      {o.curl}
                    </code>{' '}
                    <CopyButton text={o.curl} label={`the curl command of ${o.option}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

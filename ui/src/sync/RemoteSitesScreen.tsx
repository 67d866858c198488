// Remote sites: the origins connections may reach. Each must be https, except http on a
// loopback address (127.0.0.1, ::1, localhost); the rule is checked as you type.
import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { useSyncBackend } from './syncBackend';

export function RemoteSitesScreen() {
  const backend = useSyncBackend();
  const [sites, setSites] = useState<string[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [url, setUrl] = useState('');
  // The rule's answer for the URL it was asked about; a stale answer counts as none.
  const [checked, setChecked] = useState<{ url: string; answer: ApiError | 'ok' } | null>(null);
  const check = checked !== null && checked.url === url.trim() ? checked.answer : null;
  const reload = useCallback(() => {
    backend.listRemoteSites().then(setSites, (reason: unknown) => {
      setError(toApiError(reason));
    });
  }, [backend]);
  useEffect(reload, [reload]);
  useEffect(() => {
    const asked = url.trim();
    if (asked === '') return;
    let current = true;
    backend.checkRemoteSite(asked).then(
      () => {
        if (current) setChecked({ url: asked, answer: 'ok' });
      },
      (reason: unknown) => {
        if (current) setChecked({ url: asked, answer: toApiError(reason) });
      },
    );
    return () => {
      current = false;
    };
  }, [backend, url]);

  return (
    <section className="screen" aria-labelledby="sites-title">
      <h2 id="sites-title" className="screen__title">
        Remote sites
      </h2>
      <p className="muted" id="sites-rule">
        Connections reach only these origins. Each must use https, except http on loopback
        (127.0.0.1, [::1], localhost).
      </p>
      <ErrorBox error={error} />
      <ul aria-label="Remote sites">
        {(sites ?? []).map((s) => (
          <li key={s} data-testid="remote-site" className="row">
            <code>{s}</code>
            <button
              type="button"
              className="button"
              onClick={() => {
                backend.removeRemoteSite(s).then(reload, (reason: unknown) => {
                  setError(toApiError(reason));
                });
              }}
            >
              Remove <span className="visually-hidden">{s}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          backend.addRemoteSite(url.trim()).then(
            () => {
              setUrl('');
              reload();
            },
            (reason: unknown) => {
              setError(toApiError(reason));
            },
          );
        }}
      >
        <input
          className={`input${check !== null && check !== 'ok' ? ' input--bad' : ''}`}
          aria-label="Remote site URL"
          aria-describedby="sites-rule sites-check"
          aria-invalid={check !== null && check !== 'ok'}
          placeholder="https://example.my.salesforce.com"
          value={url}
          onChange={(e) => {
            setUrl(e.target.value);
          }}
        />
        <button type="submit" className="button" disabled={check !== 'ok'}>
          Add site
        </button>
      </form>
      <div id="sites-check" aria-live="polite">
        {check !== null && check !== 'ok' && <ErrorBox error={check} />}
      </div>
    </section>
  );
}

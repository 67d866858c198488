// Step 1, the source: an HTTP connection, the request (method, path, parameters, headers, a
// POST body), and "Fetch sample" with what came back: status, URL, the answer as a tree and
// the response headers.
import type { ConnectionView } from '../bindings/ConnectionView';
import { ConnectionSelect } from './ConnectionSelect';
import type { ReadMethod } from '../bindings/ReadMethod';
import type { SampleReport } from '../bindings/SampleReport';
import { AnswerTree } from './AnswerTree';
import type { SourceDraft } from './draft';
import { KeyValueRows } from './KeyValueRows';

interface Props {
  connections: ConnectionView[];
  source: SourceDraft;
  onChange: (source: SourceDraft) => void;
  onFetch: () => void;
  fetching: boolean;
  report: SampleReport | null;
}

const METHODS: ReadMethod[] = ['GET', 'POST'];

export function SourceStep({ connections, source, onChange, onFetch, fetching, report }: Props) {
  const http = connections.filter((c) => c.kind === 'http');
  const set = (change: Partial<SourceDraft>) => {
    onChange({ ...source, ...change });
  };
  return (
    <>
      <div className="setup-grid">
        <ConnectionSelect
          id="setup-connection"
          label="HTTP connection"
          connections={http}
          value={source.connection}
          onChange={(connection) => {
          set({ connection });
        }}
        />
        <label className="field-label" htmlFor="setup-method">
          Method
          <select
            id="setup-method"
            className="input"
            value={source.method}
            onChange={(e) => {
              set({ method: METHODS.find((m) => m === e.target.value) ?? 'GET' });
            }}
          >
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="field-label setup-grid__wide" htmlFor="setup-path">
          Path
          <input
            id="setup-path"
            className="input"
            placeholder="/v1/invoices"
            value={source.path}
            onChange={(e) => {
              set({ path: e.target.value });
            }}
          />
        </label>
      </div>
      {http.length === 0 && (
        <p className="muted">No HTTP connection yet: add one under Connections first.</p>
      )}
      <KeyValueRows
        id="params"
        legend="Query parameters"
        noun="parameter"
        rows={source.params}
        onChange={(params) => {
          set({ params });
        }}
      />
      <KeyValueRows
        id="headers"
        legend="Headers"
        noun="header"
        rows={source.headers}
        onChange={(headers) => {
          set({ headers });
        }}
      />
      {source.method === 'POST' && (
        <label className="field-label" htmlFor="setup-body">
          JSON body (optional)
          <textarea
            id="setup-body"
            className="input input--code"
            rows={5}
            value={source.body}
            onChange={(e) => {
              set({ body: e.target.value });
            }}
          />
        </label>
      )}
      <div className="setup-actions">
        <button
          type="button"
          id="setup-fetch"
          className="button"
          disabled={fetching || source.connection === ''}
          onClick={onFetch}
        >
          {fetching ? 'Fetching…' : 'Fetch sample'}
        </button>
      </div>
      {report !== null && <Answer report={report} />}
    </>
  );
}

function Answer({ report }: { report: SampleReport }) {
  const ok = report.status >= 200 && report.status < 300;
  return (
    <div className="setup-answer" data-testid="setup-answer">
      <p className="setup-answer__line">
        <span className={`status ${ok ? 'status--valid' : 'status--invalid'}`}>
          HTTP {String(report.status)}
        </span>{' '}
        <code className="setup-wrap" data-testid="setup-url">
          {report.url}
        </code>
      </p>
      <h4 className="setup-subtitle">Answer</h4>
      <AnswerTree value={report.body} />
      <h4 className="setup-subtitle">Response headers</h4>
      <table className="fields setup-table" aria-label="Response headers">
        <thead>
          <tr>
            <th scope="col" className="setup-col-name">
              Header
            </th>
            <th scope="col" className="setup-col-rest">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {report.headers.map((h, i) => (
            <tr key={`${h.name}-${String(i)}`}>
              <th scope="row">{h.name}</th>
              <td className="setup-wrap">{h.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

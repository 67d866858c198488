// Export step 4, the target: an HTTP API (a connection, the method, a path template filled
// from each mapped record and extra request headers) or a file, and how records are encoded:
// JSON in batches, a form (APIs only) or CSV with its delimiter, quote and header row.
import type { ConnectionView } from '../bindings/ConnectionView';
import { ConnectionSelect } from './ConnectionSelect';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { WriteMethod } from '../bindings/WriteMethod';
import type { ExportTargetDraft } from './exportDraft';
import { KeyValueRows } from './KeyValueRows';

const METHODS: WriteMethod[] = ['POST', 'PUT', 'PATCH'];

const FORMATS: Record<ExportFormat, string> = {
  json: 'JSON',
  form: 'Form (application/x-www-form-urlencoded)',
  csv: 'CSV',
};

const DELIMITERS: Record<string, string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
  '|': 'Pipe (|)',
};

const QUOTES: Record<string, string> = { '"': 'Double quote (")', "'": "Single quote (')" };

function isFormat(value: string): value is ExportFormat {
  return Object.hasOwn(FORMATS, value);
}

interface Props {
  connections: ConnectionView[];
  target: ExportTargetDraft;
  onChange: (target: ExportTargetDraft) => void;
}

export function ExportTargetStep({ connections, target: t, onChange }: Props) {
  const http = connections.filter((c) => c.kind === 'http');
  const set = (change: Partial<ExportTargetDraft>) => {
    onChange({ ...t, ...change });
  };
  const api = t.kind === 'api';
  return (
    <>
      <fieldset className="setup-candidates">
        <legend>Where the records go</legend>
        <label className="check" htmlFor="export-target-api">
          <input
            type="radio"
            id="export-target-api"
            name="export-target"
            checked={api}
            onChange={() => {
              set({ kind: 'api' });
            }}
          />
          Send them to an HTTP API
        </label>
        <label className="check" htmlFor="export-target-file">
          <input
            type="radio"
            id="export-target-file"
            name="export-target"
            checked={!api}
            onChange={() => {
              // A file cannot hold a form.
              set({ kind: 'file', format: t.format === 'form' ? 'json' : t.format });
            }}
          />
          Write them to a file
        </label>
      </fieldset>
      {api ? (
        <div className="setup-grid">
          <ConnectionSelect
            id="export-http"
            label="HTTP connection"
            connections={http}
            value={t.connection}
            onChange={(connection) => {
              set({ connection });
            }}
          />
          <label className="field-label" htmlFor="export-method">
            Method
            <select
              id="export-method"
              className="input"
              value={t.method}
              onChange={(e) => {
                set({ method: METHODS.find((m) => m === e.target.value) ?? 'POST' });
              }}
            >
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label className="field-label setup-grid__wide" htmlFor="export-path">
            Path template
            <input
              id="export-path"
              className="input"
              placeholder="/v1/customers/{{Id}}"
              aria-describedby="export-path-help"
              value={t.path}
              onChange={(e) => {
                set({ path: e.target.value });
              }}
            />
          </label>
          <p id="export-path-help" className="muted setup-grid__wide">
            {'{{field}}'} takes the value the mapped record has under that output key: with{' '}
            <code>{'/v1/customers/{{Id}}'}</code> each record goes to its own customer.
          </p>
          <div className="setup-grid__wide">
            <KeyValueRows
              id="export-headers"
              legend="Headers (optional)"
              noun="header"
              rows={t.headers}
              onChange={(headers) => {
                set({ headers });
              }}
            />
            <p className="muted">
              Sent with every request, as typed and saved in the option: a secret belongs in
              the connection&apos;s auth.
            </p>
          </div>
        </div>
      ) : (
        <label className="field-label" htmlFor="export-file">
          File path
          <input
            id="export-file"
            className="input"
            placeholder="out/accounts.csv"
            value={t.file}
            onChange={(e) => {
              set({ file: e.target.value });
            }}
          />
        </label>
      )}
      {api && http.length === 0 && (
        <p className="muted">No HTTP connection yet: add one under Connections first.</p>
      )}
      <div className="setup-grid">
        <label className="field-label" htmlFor="export-format">
          Format
          <select
            id="export-format"
            className="input"
            value={t.format}
            onChange={(e) => {
              if (isFormat(e.target.value)) set({ format: e.target.value });
            }}
          >
            {Object.entries(FORMATS).map(([format, label]) => (
              <option key={format} value={format} disabled={format === 'form' && !api}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {api && t.format === 'json' && (
          <label className="field-label" htmlFor="export-batch">
            Records per request
            <input
              id="export-batch"
              className="input setup-number"
              type="number"
              min={1}
              value={t.batch}
              onChange={(e) => {
                set({ batch: e.target.value });
              }}
            />
          </label>
        )}
      </div>
      {api && t.format === 'json' && (
        <p className="muted">1 sends each record as one object; more send arrays of that many.</p>
      )}
      {t.format === 'csv' && <CsvSettings target={t} set={set} />}
    </>
  );
}

interface CsvProps {
  target: ExportTargetDraft;
  set: (change: Partial<ExportTargetDraft>) => void;
}

function CsvSettings({ target: t, set }: CsvProps) {
  return (
    <fieldset>
      <legend>CSV</legend>
      <div className="setup-grid">
        <label className="field-label" htmlFor="export-csv-delimiter">
          Delimiter
          <select
            id="export-csv-delimiter"
            className="input"
            value={t.csv.delimiter}
            onChange={(e) => {
              set({ csv: { ...t.csv, delimiter: e.target.value } });
            }}
          >
            {Object.entries(DELIMITERS).map(([d, label]) => (
              <option key={d} value={d}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-label" htmlFor="export-csv-quote">
          Quote
          <select
            id="export-csv-quote"
            className="input"
            value={t.csv.quote}
            onChange={(e) => {
              set({ csv: { ...t.csv, quote: e.target.value } });
            }}
          >
            {Object.entries(QUOTES).map(([q, label]) => (
              <option key={q} value={q}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="check setup-check" htmlFor="export-csv-header">
        <input
          type="checkbox"
          id="export-csv-header"
          checked={t.csv.header}
          onChange={(e) => {
            set({ csv: { ...t.csv, header: e.target.checked } });
          }}
        />
        Write a header row with the output keys
      </label>
    </fieldset>
  );
}

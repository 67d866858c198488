// The export's target in the option form (its Salesforce query is OptionSalesforceFields'):
// where its records go (an HTTP API or a file), with the format and its CSV settings.
import type {
  ConnectionView,
  CsvOptions,
  ExportFormat,
  ExportTarget,
  WriteMethod,
} from './syncBackend';
import {
  CheckField,
  ConnectionField,
  NumberField,
  SelectField,
  TextField,
  optional,
} from './optionFields';
import { MapRows } from './OptionImportFields';
import { QuotaShareField, SALESFORCE_SOURCE_POINTERS } from './OptionSalesforceFields';

const METHODS: Record<WriteMethod, string> = { POST: 'POST', PUT: 'PUT', PATCH: 'PATCH' };
const FORMATS: Record<ExportFormat, string> = {
  json: 'JSON',
  form: 'Form (URL-encoded)',
  csv: 'CSV',
};
const DESTINATIONS = { api: 'An HTTP API', file: 'A file' };
const CSV_DEFAULTS: CsvOptions = { delimiter: ',', quote: '"', header: true };

export function ExportTargetFields({
  target,
  set,
  connections,
}: {
  target: ExportTarget;
  set: (target: ExportTarget) => void;
  connections: ConnectionView[];
}) {
  const toFile = target.file !== undefined;
  const csv = target.csv ?? CSV_DEFAULTS;
  return (
    <fieldset>
      <legend>Target</legend>
      <div className="setup-grid">
        <SelectField
          pointer="/target/file"
          label="Send to"
          value={toFile ? 'file' : 'api'}
          choices={DESTINATIONS}
          onChange={(to) => {
            set(
              to === 'file'
                ? { ...target, file: '', connection: undefined, path: undefined }
                : { ...target, file: undefined, connection: '', path: '' },
            );
          }}
        />
        {toFile ? (
          <TextField
            pointer="/target/file"
            label="File"
            value={target.file}
            onChange={(file) => {
              set({ ...target, file });
            }}
          />
        ) : (
          <>
            <ConnectionField
              pointer="/target/connection"
              label="Connection"
              kind="http"
              connections={connections}
              value={target.connection ?? ''}
              onChange={(connection) => {
                set({ ...target, connection });
              }}
            />
            <SelectField
              pointer="/target/method"
              label="Method"
              value={target.method}
              choices={METHODS}
              onChange={(method) => {
                set({ ...target, method });
              }}
            />
            <TextField
              pointer="/target/path"
              label="Path"
              value={target.path}
              onChange={(t) => {
                set({ ...target, path: optional(t) });
              }}
            />
            <MapRows
              pointer="/target/headers"
              id="headers"
              legend="Headers"
              noun="header"
              map={target.headers}
              onChange={(headers) => {
                set({ ...target, headers });
              }}
            />
          </>
        )}
        <SelectField
          pointer="/target/format"
          label="Format"
          value={target.format}
          choices={FORMATS}
          onChange={(format) => {
            set({ ...target, format });
          }}
        />
        {target.format === 'csv' && (
          <>
            <TextField
              pointer="/target/csv/delimiter"
              label="Delimiter"
              value={csv.delimiter}
              onChange={(delimiter) => {
                set({ ...target, csv: { ...csv, delimiter } });
              }}
            />
            <TextField
              pointer="/target/csv/quote"
              label="Quote"
              value={csv.quote}
              onChange={(quote) => {
                set({ ...target, csv: { ...csv, quote } });
              }}
            />
            <CheckField
              label="Header row"
              checked={csv.header}
              onChange={(header) => {
                set({ ...target, csv: { ...csv, header } });
              }}
            />
          </>
        )}
        <NumberField
          pointer="/target/batch"
          label="Records per request"
          min={1}
          value={target.batch}
          onChange={(n) => {
            if (n !== undefined) set({ ...target, batch: n });
          }}
        />
        <QuotaShareField
          pointer="/target/quotaShare"
          value={target.quotaShare}
          onChange={(quotaShare) => {
            set({ ...target, quotaShare });
          }}
        />
      </div>
    </fieldset>
  );
}

export const EXPORT_POINTERS = [
  ...SALESFORCE_SOURCE_POINTERS,
  '/target/file',
  '/target/connection',
  '/target/method',
  '/target/path',
  '/target/headers',
  '/target/format',
  '/target/csv',
  '/target/batch',
  '/target/quotaShare',
];

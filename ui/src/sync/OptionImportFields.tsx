// The HTTP source of an import in the option form, its paging through the new-import flow's
// paging form.
import { useContext, useState } from 'react';
import { KeyValueRows } from '../setup/KeyValueRows';
import { PagingForm } from '../setup/PagingForm';
import { rowsToMap, type Row } from '../setup/draft';
import type { ConnectionView, HttpSource, JsonValue, ReadMethod } from './syncBackend';
import {
  ConnectionField,
  Field,
  GroupProblems,
  NumberField,
  ProblemsContext,
  SelectField,
  TextField,
  optional,
} from './optionFields';

const METHODS: Record<ReadMethod, string> = { GET: 'GET', POST: 'POST' };

/** The map's rows; none for a map the saved document leaves out (the service's default). */
export function rowsOf(map: Record<string, string> | undefined): Row[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));
}

/** Key/value rows kept as typed (a row without a name yet stays), written as a map. */
export function MapRows({
  pointer,
  id,
  legend,
  noun,
  map,
  onChange,
}: {
  pointer: string;
  id: string;
  legend: string;
  noun: string;
  /** Undefined: the saved document leaves the map out (the demo's options do). */
  map: Record<string, string> | undefined;
  onChange: (map: Record<string, string>) => void;
}) {
  const [rows, setRows] = useState(() => rowsOf(map));
  return (
    <div className="setup-grid__wide">
      <KeyValueRows
        id={id}
        legend={legend}
        noun={noun}
        rows={rows}
        onChange={(next) => {
          setRows(next);
          onChange(rowsToMap(next));
        }}
      />
      <GroupProblems pointer={pointer} />
    </div>
  );
}

const KB = 1024;
const MB = 1024 * 1024;

/** The request body: a string body stays text, any other is JSON (a text that is not JSON is
 * the form's own problem). */
function BodyField({
  body,
  onChange,
}: {
  body: JsonValue | undefined;
  onChange: (body: JsonValue | undefined) => void;
}) {
  const { report } = useContext(ProblemsContext);
  const pointer = '/source/body';
  const [text, setText] = useState(() =>
    typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body, null, 2),
  );
  const asString = typeof body === 'string';
  return (
    <Field pointer={pointer} label="Body (JSON)" wide>
      {(control) => (
        <textarea
          {...control}
          className="input"
          rows={4}
          value={text}
          onChange={(e) => {
            const typed = e.target.value;
            setText(typed);
            if (asString) {
              onChange(typed);
              return;
            }
            if (typed.trim() === '') {
              report(pointer, null);
              onChange(undefined);
              return;
            }
            try {
              // JSON.parse gives JSON values only.
              onChange(JSON.parse(typed) as JsonValue);
              report(pointer, null);
            } catch (reason) {
              report(pointer, `Not JSON: ${reason instanceof Error ? reason.message : String(reason)}`);
            }
          }}
        />
      )}
    </Field>
  );
}

export function HttpSourceFields({
  source,
  set,
  connections,
}: {
  source: HttpSource;
  set: (source: HttpSource) => void;
  connections: ConnectionView[];
}) {
  const [unit, setUnit] = useState(() => (source.maxPageBytes % MB === 0 ? MB : KB));
  return (
    <fieldset>
      <legend>Source: HTTP API</legend>
      <div className="setup-grid">
        <ConnectionField
          pointer="/source/connection"
          label="Connection"
          kind="http"
          connections={connections}
          value={source.connection}
          onChange={(connection) => {
            set({ ...source, connection });
          }}
        />
        <SelectField
          pointer="/source/method"
          label="Method"
          value={source.method}
          choices={METHODS}
          onChange={(method) => {
            set(method === 'GET' ? { ...source, method, body: undefined } : { ...source, method });
          }}
        />
        <TextField
          pointer="/source/path"
          label="Path"
          value={source.path}
          placeholder="/v1/invoices"
          onChange={(path) => {
            set({ ...source, path });
          }}
        />
        <MapRows
          pointer="/source/params"
          id="params"
          legend="Query parameters"
          noun="parameter"
          map={source.params}
          onChange={(params) => {
            set({ ...source, params });
          }}
        />
        <MapRows
          pointer="/source/headers"
          id="headers"
          legend="Headers"
          noun="header"
          map={source.headers}
          onChange={(headers) => {
            set({ ...source, headers });
          }}
        />
        {source.method === 'POST' && (
          <BodyField
            body={source.body}
            onChange={(body) => {
              set({ ...source, body });
            }}
          />
        )}
        <TextField
          pointer="/source/recordsPath"
          label="Records path"
          value={source.recordsPath}
          placeholder="$.invoices"
          onChange={(t) => {
            set({ ...source, recordsPath: optional(t) });
          }}
        />
        <TextField
          pointer="/source/keyPath"
          label="Key path"
          value={source.keyPath}
          placeholder="$.id"
          onChange={(t) => {
            set({ ...source, keyPath: optional(t) });
          }}
        />
        <div className="setup-grid__wide">
          <PagingForm
            paging={source.paging}
            onChange={(paging) => {
              set({ ...source, paging });
            }}
          />
          <GroupProblems pointer="/source/paging" />
        </div>
        <NumberField
          pointer="/source/maxPages"
          label="Max pages"
          min={1}
          value={source.maxPages}
          onChange={(n) => {
            if (n !== undefined) set({ ...source, maxPages: n });
          }}
        />
        <NumberField
          // A new unit starts the box again from the bytes.
          key={unit}
          pointer="/source/maxPageBytes"
          label="Max page size"
          min={1}
          whole={false}
          scale={unit}
          value={source.maxPageBytes}
          onChange={(n) => {
            if (n !== undefined) set({ ...source, maxPageBytes: Math.round(n) });
          }}
        >
          <select
            className="input"
            aria-label="Max page size unit"
            value={unit}
            onChange={(e) => {
              setUnit(Number(e.target.value));
            }}
          >
            <option value={KB}>KB</option>
            <option value={MB}>MB</option>
          </select>
        </NumberField>
      </div>
    </fieldset>
  );
}

/** The pointers this section shows problems at (a problem inside one is shown there too). */
export const HTTP_SOURCE_POINTERS = [
  '/source/connection',
  '/source/method',
  '/source/path',
  '/source/params',
  '/source/headers',
  '/source/body',
  '/source/recordsPath',
  '/source/keyPath',
  '/source/paging',
  '/source/maxPages',
  '/source/maxPageBytes',
];

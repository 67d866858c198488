// Step 4, incremental (optional): read only what changed since the last run. The cursor field
// comes from the fetched records; a query parameter, or a POST's JSON body key, sends the
// checkpoint (`{{since}}`) in the cursor's format, a lookback earlier.
import type { CursorFormat } from '../bindings/CursorFormat';
import type { ReadMethod } from '../bindings/ReadMethod';
import type { SourceField } from '../bindings/SourceField';
import { likelyFormat, type IncrementalDraft } from './draft';
import { LookbackInput } from './LookbackInput';

/** Every cursor format, as the select offers them. */
const FORMATS: Record<CursorFormat, string> = {
  rfc3339: 'Date and time (2024-05-01T10:00:00Z)',
  date: 'Date (2024-05-01)',
  unixSeconds: 'Unix seconds (1714557600)',
  unixMillis: 'Unix milliseconds (1714557600000)',
};

function isFormat(value: string): value is CursorFormat {
  return Object.hasOwn(FORMATS, value);
}

interface Props {
  fields: SourceField[];
  /** The source's method: a POST may send the checkpoint in its body. */
  method: ReadMethod;
  incremental: IncrementalDraft;
  onChange: (incremental: IncrementalDraft) => void;
}

export function IncrementalStep({ fields, method, incremental: inc, onChange }: Props) {
  const set = (change: Partial<IncrementalDraft>) => {
    onChange({ ...inc, ...change });
  };
  const inBody = inc.to === 'body' && method === 'POST';
  const param = inc.param.trim();
  return (
    <>
      <label className="check setup-check" htmlFor="setup-incremental">
        <input
          type="checkbox"
          id="setup-incremental"
          checked={inc.enabled}
          onChange={(e) => {
            set({ enabled: e.target.checked });
          }}
        />
        Read only what changed since the last run
      </label>
      {inc.enabled && (
        <div className="setup-grid">
          <label className="field-label" htmlFor="setup-cursor">
            Cursor field
            <select
              id="setup-cursor"
              className="input"
              value={inc.cursor}
              onChange={(e) => {
                const field = fields.find((f) => f.path === e.target.value);
                set({
                  cursor: e.target.value,
                  format: field === undefined ? inc.format : likelyFormat(field),
                });
              }}
            >
              <option value="">Choose a field…</option>
              {fields.map((f) => (
                <option key={f.path} value={f.path}>
                  {f.path} ({f.kind})
                </option>
              ))}
            </select>
          </label>
          {method === 'POST' && (
            <label className="field-label" htmlFor="setup-since-to">
              Sent in
              <select
                id="setup-since-to"
                className="input"
                value={inc.to}
                onChange={(e) => {
                  set({ to: e.target.value === 'body' ? 'body' : 'query' });
                }}
              >
                <option value="query">the query string</option>
                <option value="body">the JSON body</option>
              </select>
            </label>
          )}
          <label className="field-label" htmlFor="setup-since-param">
            {inBody ? 'Body key (dots for nested keys)' : 'Sent as query parameter'}
            <input
              id="setup-since-param"
              className="input"
              placeholder={inBody ? 'filter.updated_after' : 'updated_since'}
              value={inc.param}
              onChange={(e) => {
                set({ param: e.target.value });
              }}
            />
          </label>
          <label className="field-label setup-grid__wide setup-narrow" htmlFor="setup-cursor-format">
            Cursor format
            <select
              id="setup-cursor-format"
              className="input"
              value={inc.format}
              onChange={(e) => {
                if (isFormat(e.target.value)) set({ format: e.target.value });
              }}
            >
              {Object.entries(FORMATS).map(([format, label]) => (
                <option key={format} value={format}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <LookbackInput id="setup-lookback" value={inc} onChange={set} />
          <p className="muted setup-grid__wide">
            Each run sends the last checkpoint
            {inc.lookback.trim() === '' ? '' : `, less the lookback,`}{' '}
            {inBody ? (
              <>
                in the body as{' '}
                <code>
                  {`"${param === '' ? 'the key' : param}": "{{since}}"`}
                </code>
                ; the first run, with no checkpoint yet, leaves that key out and reads everything.
              </>
            ) : (
              <>
                as <code>{`${param === '' ? 'the parameter' : param}={{since}}`}</code>; the first
                run, with no checkpoint yet, leaves it out and reads everything.
              </>
            )}
          </p>
        </div>
      )}
    </>
  );
}

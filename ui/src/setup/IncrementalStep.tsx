// Step 4, incremental (optional): read only what changed since the last run. The cursor field
// comes from the fetched records; the query parameter sends the checkpoint (`{{since}}`) in
// the cursor's format, a lookback earlier.
import type { CursorFormat } from '../bindings/CursorFormat';
import type { SourceField } from '../bindings/SourceField';
import { likelyFormat, type IncrementalDraft, type LookbackUnit } from './draft';

/** Every cursor format, as the select offers them. */
const FORMATS: Record<CursorFormat, string> = {
  rfc3339: 'Date and time (2024-05-01T10:00:00Z)',
  date: 'Date (2024-05-01)',
  unixSeconds: 'Unix seconds (1714557600)',
  unixMillis: 'Unix milliseconds (1714557600000)',
};

const UNITS: Record<LookbackUnit, string> = { m: 'minutes', h: 'hours', d: 'days' };

function isFormat(value: string): value is CursorFormat {
  return Object.hasOwn(FORMATS, value);
}

function isUnit(value: string): value is LookbackUnit {
  return Object.hasOwn(UNITS, value);
}

interface Props {
  fields: SourceField[];
  incremental: IncrementalDraft;
  onChange: (incremental: IncrementalDraft) => void;
}

export function IncrementalStep({ fields, incremental: inc, onChange }: Props) {
  const set = (change: Partial<IncrementalDraft>) => {
    onChange({ ...inc, ...change });
  };
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
          <label className="field-label" htmlFor="setup-since-param">
            Sent as query parameter
            <input
              id="setup-since-param"
              className="input"
              placeholder="updated_since"
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
          <div className="setup-lookback">
            <label className="field-label" htmlFor="setup-lookback">
              Lookback (optional)
              <input
                id="setup-lookback"
                className="input setup-number"
                type="number"
                min={0}
                step={1}
                value={inc.lookback}
                onChange={(e) => {
                  set({ lookback: e.target.value });
                }}
              />
            </label>
            <label className="field-label" htmlFor="setup-lookback-unit">
              Unit
              <select
                id="setup-lookback-unit"
                className="input"
                value={inc.unit}
                onChange={(e) => {
                  if (isUnit(e.target.value)) set({ unit: e.target.value });
                }}
              >
                {Object.entries(UNITS).map(([unit, label]) => (
                  <option key={unit} value={unit}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="muted setup-grid__wide">
            Each run sends the last checkpoint
            {inc.lookback.trim() === '' ? '' : `, less the lookback,`} as{' '}
            <code>
              {inc.param.trim() === '' ? 'the parameter' : inc.param.trim()}={'{{since}}'}
            </code>
            .
          </p>
        </div>
      )}
    </>
  );
}

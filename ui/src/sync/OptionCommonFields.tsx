// The sections both directions have: incremental reads and the mailed run log.
import { useState } from 'react';
import type { CursorFormat } from '../bindings/CursorFormat';
import type { Notify } from '../bindings/Notify';
import type { NotifyWhen } from '../bindings/NotifyWhen';
import type { Incremental } from './syncBackend';
import { CheckField, Field, SelectField, TextField, optional } from './optionFields';

const FORMATS: Record<CursorFormat, string> = {
  rfc3339: 'Date and time (2026-01-31T08:00:00Z)',
  date: 'Date (2026-01-31)',
  unixSeconds: 'Seconds since 1970',
  unixMillis: 'Milliseconds since 1970',
};

const UNITS = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days' };
type Unit = keyof typeof UNITS;

function isUnit(u: string): u is Unit {
  return Object.hasOwn(UNITS, u);
}

/** `"48h"` as its amount and unit; none is an empty amount in hours. */
export function lookbackParts(lookback: string | undefined): { amount: string; unit: Unit } {
  const m = /^(\d+)([smhd])$/.exec(lookback ?? '');
  const unit = m?.[2] ?? 'h';
  return { amount: m?.[1] ?? lookback ?? '', unit: isUnit(unit) ? unit : 'h' };
}

function Lookback({
  lookback,
  onChange,
}: {
  lookback: string | undefined;
  onChange: (lookback: string | undefined) => void;
}) {
  const [parts, setParts] = useState(() => lookbackParts(lookback));
  const write = (next: { amount: string; unit: Unit }) => {
    setParts(next);
    onChange(next.amount.trim() === '' ? undefined : `${next.amount.trim()}${next.unit}`);
  };
  return (
    <Field pointer="/incremental/lookback" label="Read again before the checkpoint">
      {(control) => (
        <span className="setup-lookback">
          <input
            {...control}
            className="input setup-number"
            type="number"
            min={0}
            value={parts.amount}
            onChange={(e) => {
              write({ ...parts, amount: e.target.value });
            }}
          />
          <select
            className="input"
            aria-label="Lookback unit"
            value={parts.unit}
            onChange={(e) => {
              if (isUnit(e.target.value)) write({ ...parts, unit: e.target.value });
            }}
          >
            {(Object.entries(UNITS) as [Unit, string][])
              .filter(([u]) => u !== 's' || parts.unit === 's')
              .map(([u, label]) => (
                <option key={u} value={u}>
                  {label}
                </option>
              ))}
          </select>
        </span>
      )}
    </Field>
  );
}

export function IncrementalFields({
  incremental,
  set,
}: {
  incremental: Incremental | undefined;
  set: (incremental: Incremental | undefined) => void;
}) {
  // Turned off and on again, the settings come back.
  const [kept, setKept] = useState<Incremental>(incremental ?? { cursor: '' });
  return (
    <fieldset>
      <legend>Incremental</legend>
      <CheckField
        label="Read only what changed since the last run"
        checked={incremental !== undefined}
        onChange={(on) => {
          if (incremental !== undefined) setKept(incremental);
          set(on ? kept : undefined);
        }}
      />
      {incremental !== undefined && (
        <div className="setup-grid">
          <TextField
            pointer="/incremental/cursor"
            label="Cursor field"
            placeholder="updated_at"
            value={incremental.cursor}
            onChange={(cursor) => {
              set({ ...incremental, cursor });
            }}
          />
          <SelectField
            pointer="/incremental/format"
            label="Cursor format"
            value={incremental.format ?? 'rfc3339'}
            choices={FORMATS}
            onChange={(format) => {
              set({ ...incremental, format });
            }}
          />
          <Lookback
            lookback={incremental.lookback}
            onChange={(lookback) => {
              set({ ...incremental, lookback });
            }}
          />
          <TextField
            pointer="/incremental/tieBreaker"
            label="Tie breaker"
            placeholder="Id"
            value={incremental.tieBreaker}
            onChange={(t) => {
              set({ ...incremental, tieBreaker: optional(t) });
            }}
          />
        </div>
      )}
    </fieldset>
  );
}

export const INCREMENTAL_POINTERS = [
  '/incremental/cursor',
  '/incremental/format',
  '/incremental/lookback',
  '/incremental/tieBreaker',
];

const WHEN: Record<NotifyWhen, string> = { failure: 'When a run fails', always: 'After every run' };

/** The addresses as typed, comma-separated. */
function addresses(text: string): string[] {
  return text
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

export function NotifyFields({
  notify,
  exporting,
  set,
}: {
  notify: Notify | undefined;
  exporting: boolean;
  set: (notify: Notify | undefined) => void;
}) {
  const [to, setTo] = useState(() => notify?.to.join(', ') ?? '');
  return (
    <fieldset>
      <legend>Mail the run log</legend>
      <CheckField
        label="Mail the run log"
        checked={notify !== undefined}
        onChange={(on) => {
          set(on ? { to: addresses(to), when: 'failure', attachExport: false } : undefined);
        }}
      />
      {notify !== undefined && (
        <div className="setup-grid">
          <TextField
            pointer="/notify/to"
            label="To (comma-separated)"
            value={to}
            onChange={(text) => {
              setTo(text);
              set({ ...notify, to: addresses(text) });
            }}
          />
          <SelectField
            pointer="/notify/when"
            label="When"
            value={notify.when}
            choices={WHEN}
            onChange={(when) => {
              set({ ...notify, when });
            }}
          />
          {exporting && (
            <CheckField
              label="Attach the exported CSV file"
              checked={notify.attachExport}
              onChange={(attachExport) => {
                set({ ...notify, attachExport });
              }}
            />
          )}
        </div>
      )}
    </fieldset>
  );
}

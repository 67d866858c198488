// A lookback as the guided flows ask for it: an amount and its unit (minutes, hours, days),
// side by side. The import's incremental step and the export's both use it.
import type { LookbackDraft, LookbackUnit } from './draft';

const UNITS: Record<LookbackUnit, string> = { m: 'minutes', h: 'hours', d: 'days' };

function isUnit(value: string): value is LookbackUnit {
  return Object.hasOwn(UNITS, value);
}

interface Props {
  /** The amount's id; the unit's is `<id>-unit`. */
  id: string;
  value: LookbackDraft;
  onChange: (value: LookbackDraft) => void;
}

export function LookbackInput({ id, value, onChange }: Props) {
  return (
    <div className="setup-lookback">
      <label className="field-label" htmlFor={id}>
        Lookback (optional)
        <input
          id={id}
          className="input setup-number"
          type="number"
          min={0}
          step={1}
          value={value.lookback}
          onChange={(e) => {
            onChange({ lookback: e.target.value, unit: value.unit });
          }}
        />
      </label>
      <label className="field-label" htmlFor={`${id}-unit`}>
        Unit
        <select
          id={`${id}-unit`}
          className="input"
          value={value.unit}
          onChange={(e) => {
            const unit = e.target.value;
            if (isUnit(unit)) onChange({ lookback: value.lookback, unit });
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
  );
}

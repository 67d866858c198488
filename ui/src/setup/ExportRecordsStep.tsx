// Export step 3's settings after the filter: at most how many records a run sends, and
// "Send only what changed since the last run": changes are followed by SystemModstamp (what
// the export runs order by), with a lookback that reads again a little before the checkpoint.
import type { TargetField } from '../bindings/TargetField';
import { defaultCursor, type ExportIncrementalDraft } from './exportDraft';
import { LookbackInput } from './LookbackInput';

interface Props {
  /** The object's label, to say when it has no date/time field. */
  label: string;
  fields: TargetField[];
  limit: string;
  onLimit: (limit: string) => void;
  incremental: ExportIncrementalDraft;
  onIncremental: (incremental: ExportIncrementalDraft) => void;
}

export function ExportRecordsStep({
  label,
  fields,
  limit,
  onLimit,
  incremental: inc,
  onIncremental,
}: Props) {
  const set = (change: Partial<ExportIncrementalDraft>) => {
    onIncremental({ ...inc, ...change });
  };
  const cursor = defaultCursor(fields);
  return (
    <>
      <label className="field-label setup-narrow" htmlFor="export-limit">
        At most this many records (optional)
        <input
          id="export-limit"
          className="input setup-number"
          type="number"
          min={1}
          step={1}
          aria-describedby="export-limit-help"
          value={limit}
          onChange={(e) => {
            onLimit(e.target.value);
          }}
        />
      </label>
      <p id="export-limit-help" className="muted">
        Empty: every record the filter selects.
      </p>
      <fieldset>
        <legend>Incremental</legend>
        <label className="check setup-check" htmlFor="export-incremental">
          <input
            type="checkbox"
            id="export-incremental"
            checked={inc.enabled}
            onChange={(e) => {
              set({ enabled: e.target.checked });
            }}
          />
          Send only what changed since the last run
        </label>
        {inc.enabled && cursor === '' && (
          <p className="inline-error" data-testid="export-no-cursor">
            {label} has no SystemModstamp field to tell what changed.
          </p>
        )}
        {inc.enabled && cursor !== '' && (
          <div className="setup-grid">
            <LookbackInput id="export-lookback" value={inc} onChange={set} />
            <p className="muted setup-grid__wide" data-testid="export-incremental-help">
              Each run sends the records whose <code>{cursor}</code> (the time Salesforce last
              changed them, automation included) is later than the last run&apos;s checkpoint
              {inc.lookback.trim() === '' ? '' : ', less the lookback'}; the first run sends
              them all.
            </p>
          </div>
        )}
      </fieldset>
    </>
  );
}

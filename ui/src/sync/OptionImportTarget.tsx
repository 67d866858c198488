// The import's Salesforce target in the option form, with the Day-Zero guard and the watched
// folder; the API select and quota share the export's sections use too.
import type { GuardMode } from '../bindings/GuardMode';
import type { Watch } from '../bindings/Watch';
import type {
  ConnectionView,
  SalesforceApi,
  SalesforceTarget,
  WriteOperation,
} from './syncBackend';
import {
  CheckField,
  ConnectionField,
  GroupProblems,
  NumberField,
  SelectField,
  TextField,
  optional,
} from './optionFields';

export const SALESFORCE_APIS: Record<SalesforceApi, string> = {
  auto: 'Auto (Bulk from the threshold)',
  rest: 'REST',
  bulk: 'Bulk API 2.0',
};

const OPERATIONS: Record<WriteOperation, string> = {
  insert: 'Insert',
  update: 'Update',
  upsert: 'Upsert',
  delete: 'Delete',
};

/** A share of the org's daily API requests, as a percentage 1–100. */
export function QuotaShareField({
  pointer,
  value,
  onChange,
}: {
  pointer: string;
  value: number | undefined;
  onChange: (share: number | undefined) => void;
}) {
  return (
    <NumberField
      pointer={pointer}
      label="Quota share (%)"
      min={1}
      max={100}
      whole={false}
      optional
      scale={0.01}
      value={value}
      onChange={onChange}
    />
  );
}

export function SalesforceTargetFields({
  target,
  set,
  connections,
}: {
  target: SalesforceTarget;
  set: (target: SalesforceTarget) => void;
  connections: ConnectionView[];
}) {
  return (
    <fieldset>
      <legend>Target: Salesforce</legend>
      <div className="setup-grid">
        <ConnectionField
          pointer="/target/connection"
          label="Org"
          kind="salesforce"
          connections={connections}
          value={target.connection}
          onChange={(connection) => {
            set({ ...target, connection });
          }}
        />
        <TextField
          pointer="/target/object"
          label="Object"
          value={target.object}
          onChange={(object) => {
            set({ ...target, object });
          }}
        />
        <SelectField
          pointer="/target/operation"
          label="Operation"
          value={target.operation}
          choices={OPERATIONS}
          onChange={(operation) => {
            set({ ...target, operation });
          }}
        />
        <TextField
          pointer="/target/externalId"
          label="External ID"
          value={target.externalId}
          onChange={(t) => {
            set({ ...target, externalId: optional(t) });
          }}
        />
        <SelectField
          pointer="/target/api"
          label="API"
          value={target.api}
          choices={SALESFORCE_APIS}
          onChange={(api) => {
            set({ ...target, api });
          }}
        />
        <NumberField
          pointer="/target/batchSize"
          label="Batch size"
          min={1}
          max={target.api === 'bulk' ? 10000 : 200}
          value={target.batchSize}
          onChange={(n) => {
            if (n !== undefined) set({ ...target, batchSize: n });
          }}
        />
        <NumberField
          pointer="/target/bulkThreshold"
          label="Bulk threshold"
          min={0}
          value={target.bulkThreshold}
          onChange={(n) => {
            if (n !== undefined) set({ ...target, bulkThreshold: n });
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

const GUARDS: Record<GuardMode, string> = {
  warn: 'Warn: write as mapped and list the fields an empty source value blanks.',
  protect: 'Protect: leave those fields out of the write; the rest of the record is written.',
  block: 'Block: stop the run before writing anything, with the list.',
  off: 'Off: read nothing first. Fewest API calls, but an undo cannot restore the updated records.',
};

export function GuardFields({ guard, set }: { guard: GuardMode; set: (g: GuardMode) => void }) {
  return (
    <fieldset>
      <legend>Day-Zero guard: a source value would blank a filled target field</legend>
      {(Object.entries(GUARDS) as [GuardMode, string][]).map(([mode, text]) => (
        <label key={mode} className="check setup-check">
          <input
            type="radio"
            name="guard"
            value={mode}
            checked={guard === mode}
            onChange={() => {
              set(mode);
            }}
          />{' '}
          {text}
        </label>
      ))}
      <GroupProblems pointer="/guard" />
    </fieldset>
  );
}

export function WatchFields({
  watch,
  set,
}: {
  watch: Watch | undefined;
  set: (watch: Watch | undefined) => void;
}) {
  return (
    <fieldset>
      <legend>Folder drops</legend>
      <CheckField
        label="Import files dropped into a folder"
        checked={watch !== undefined}
        onChange={(on) => {
          set(on ? { folder: '' } : undefined);
        }}
      />
      {watch !== undefined && (
        <div className="setup-grid">
          <TextField
            pointer="/watch/folder"
            label="Folder"
            value={watch.folder}
            onChange={(folder) => {
              set({ ...watch, folder });
            }}
          />
          <TextField
            pointer="/watch/pattern"
            label="File names"
            placeholder="invoices-*.json"
            value={watch.pattern}
            onChange={(t) => {
              set({ ...watch, pattern: optional(t) });
            }}
          />
        </div>
      )}
    </fieldset>
  );
}

export const SALESFORCE_TARGET_POINTERS = [
  '/target/connection',
  '/target/object',
  '/target/operation',
  '/target/externalId',
  '/target/api',
  '/target/batchSize',
  '/target/bulkThreshold',
  '/target/quotaShare',
  '/guard',
  '/watch/folder',
  '/watch/pattern',
];

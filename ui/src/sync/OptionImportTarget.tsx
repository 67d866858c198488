// The import's Salesforce target in the option form (how its records are matched: an external
// ID or fields such as Email), with the Day-Zero guard, what deletes at the source do and the
// watched folder.
import { useState } from 'react';
import type { DeleteMode } from '../bindings/DeleteMode';
import type { GuardMode } from '../bindings/GuardMode';
import type { Watch } from '../bindings/Watch';
import type {
  ConnectionView,
  SalesforceTarget,
  WriteOperation,
} from './syncBackend';
import {
  CheckField,
  Field,
  GroupProblems,
  NumberField,
  SelectField,
  TextField,
  optional,
} from './optionFields';
import { OrgObjectFields, QuotaShareField, SALESFORCE_APIS } from './OptionSalesforceFields';

const OPERATIONS: Record<WriteOperation, string> = {
  insert: 'Insert',
  update: 'Update',
  upsert: 'Upsert',
  delete: 'Delete',
};

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
        <OrgObjectFields
          at="/target"
          connection={target.connection}
          object={target.object}
          connections={connections}
          onConnection={(connection) => {
            set({ ...target, connection });
          }}
          onObject={(object) => {
            set({ ...target, object });
          }}
        />
        <SelectField
          pointer="/target/operation"
          label="Operation"
          value={target.operation}
          choices={OPERATIONS}
          onChange={(operation) => {
            // Insert and delete match nothing by fields: a list kept would block the save.
            set({ ...target, operation, matchOn: matches(operation) ? target.matchOn : undefined });
          }}
        />
        <MatchFields target={target} set={set} />
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

/** Whether `operation` finds records to change, by an external ID or by fields. */
function matches(operation: WriteOperation): boolean {
  return operation === 'update' || operation === 'upsert';
}

/** How target records are found: an external ID, or (for update and upsert) fields such as
 * Email, one or the other. */
function MatchFields({
  target,
  set,
}: {
  target: SalesforceTarget;
  set: (target: SalesforceTarget) => void;
}) {
  const byFields = matches(target.operation) && target.matchOn !== undefined;
  const externalId = (
    <TextField
      pointer="/target/externalId"
      label="External ID"
      value={target.externalId}
      onChange={(t) => {
        set({ ...target, externalId: optional(t) });
      }}
    />
  );
  if (!matches(target.operation)) return externalId;
  return (
    <>
      <div className="setup-grid__wide" role="radiogroup" aria-label="Match records on">
        <label className="check setup-check">
          <input
            type="radio"
            name="match"
            checked={!byFields}
            onChange={() => {
              set({ ...target, matchOn: undefined });
            }}
          />{' '}
          An external ID
        </label>
        <label className="check setup-check">
          <input
            type="radio"
            name="match"
            checked={byFields}
            onChange={() => {
              set({ ...target, externalId: undefined, matchOn: [] });
            }}
          />{' '}
          Fields (e.g. Email)
        </label>
      </div>
      {byFields ? (
        <>
          <FieldListField
            pointer="/target/matchOn"
            label="Match on fields (e.g. Email)"
            placeholder="Email, LastName"
            value={target.matchOn ?? []}
            onChange={(matchOn) => {
              set({ ...target, matchOn });
            }}
          />
          <GroupProblems pointer="/target/externalId" />
        </>
      ) : (
        externalId
      )}
    </>
  );
}

/** Field API names typed as a list separated by commas; kept as typed. */
function FieldListField({
  pointer,
  label,
  placeholder,
  value,
  onChange,
}: {
  pointer: string;
  label: string;
  placeholder: string;
  value: string[];
  onChange: (fields: string[]) => void;
}) {
  const [text, setText] = useState(() => value.join(', '));
  return (
    <Field pointer={pointer} label={label} wide>
      {(control) => (
        <input
          {...control}
          className="input"
          placeholder={placeholder}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(
              e.target.value
                .split(',')
                .map((f) => f.trim())
                .filter((f) => f !== ''),
            );
          }}
        />
      )}
    </Field>
  );
}

const DELETES: Record<DeleteMode, string> = {
  ignore: 'Ignore',
  delete: 'Delete (recycle bin, undo restores)',
  hardDelete: 'Hard delete (for good; needs the "Bulk API Hard Delete" permission)',
};

/** What a record deleted at the source does to its match in the target. */
export function DeletesFields({
  deletes,
  set,
}: {
  deletes: DeleteMode | undefined;
  set: (deletes: DeleteMode | undefined) => void;
}) {
  return (
    <fieldset>
      <legend>Records deleted in the source</legend>
      <div className="setup-grid">
        <SelectField
          pointer="/deletes"
          label="Their match in the target"
          value={deletes ?? 'ignore'}
          choices={DELETES}
          onChange={(d) => {
            set(d === 'ignore' ? undefined : d);
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
          <TextField
            pointer="/watch/encoding"
            label="Files' encoding"
            placeholder="UTF-8 (or windows-1252, shift_jis…)"
            value={watch.encoding}
            onChange={(t) => {
              set({ ...watch, encoding: optional(t) });
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
  '/target/matchOn',
  '/target/api',
  '/target/batchSize',
  '/target/bulkThreshold',
  '/target/quotaShare',
  '/guard',
  '/deletes',
  '/watch/folder',
  '/watch/pattern',
  '/watch/encoding',
];

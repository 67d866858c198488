// The option form's Salesforce parts, shared by its sections: an org and one of its objects
// (an export's source, an import's source from another org, an import's target), the query
// a Salesforce source reads, the API select and the quota share.
import type { ConnectionView, SalesforceApi, SalesforceSource } from './syncBackend';
import { ConnectionField, NumberField, SelectField, TextField, optional } from './optionFields';

export const SALESFORCE_APIS: Record<SalesforceApi, string> = {
  auto: 'Auto (Bulk from the threshold)',
  rest: 'REST',
  bulk: 'Bulk API 2.0',
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

/** A Salesforce connection (`<at>/connection`) and an object's API name (`<at>/object`). */
export function OrgObjectFields({
  at,
  connection,
  object,
  connections,
  onConnection,
  onObject,
}: {
  /** `/source` or `/target`. */
  at: string;
  connection: string;
  object: string;
  connections: ConnectionView[];
  onConnection: (connection: string) => void;
  onObject: (object: string) => void;
}) {
  return (
    <>
      <ConnectionField
        pointer={`${at}/connection`}
        label="Org"
        kind="salesforce"
        connections={connections}
        value={connection}
        onChange={onConnection}
      />
      <TextField pointer={`${at}/object`} label="Object" value={object} onChange={onObject} />
    </>
  );
}

/** The query a Salesforce source reads: an export's, or an import's from another org. */
export function SalesforceSourceFields({
  source,
  set,
  connections,
}: {
  source: SalesforceSource;
  set: (source: SalesforceSource) => void;
  connections: ConnectionView[];
}) {
  return (
    <fieldset>
      <legend>Source: Salesforce</legend>
      <div className="setup-grid">
        <OrgObjectFields
          at="/source"
          connection={source.connection}
          object={source.object}
          connections={connections}
          onConnection={(connection) => {
            set({ ...source, connection });
          }}
          onObject={(object) => {
            set({ ...source, object });
          }}
        />
        <TextField
          pointer="/source/where"
          label="Where (SOQL condition)"
          wide
          value={source.where}
          placeholder="Status__c = 'Active'"
          onChange={(t) => {
            set({ ...source, where: optional(t) });
          }}
        />
        <NumberField
          pointer="/source/limit"
          label="Limit"
          min={1}
          optional
          value={source.limit}
          onChange={(limit) => {
            set({ ...source, limit });
          }}
        />
        <SelectField
          pointer="/source/api"
          label="API"
          value={source.api}
          choices={SALESFORCE_APIS}
          onChange={(api) => {
            set({ ...source, api });
          }}
        />
      </div>
    </fieldset>
  );
}

/** The pointers a Salesforce source shows problems at. */
export const SALESFORCE_SOURCE_POINTERS = [
  '/source/connection',
  '/source/object',
  '/source/where',
  '/source/limit',
  '/source/api',
];

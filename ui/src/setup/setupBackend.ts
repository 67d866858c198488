// The setup flow's seam to the backend: a sample fetch on an HTTP connection, the objects
// and fields of an org, another org's first records, an export's filter checked and what a
// saved export would send. Like the other seams, components take it from context; tests
// give them a `TestSetupBackend` (src/test).

import { createContext, useContext } from 'react';
import type { FilterCheck } from '../bindings/FilterCheck';
import type { ObjectSummary } from '../bindings/ObjectSummary';
import type { OrgSample } from '../bindings/OrgSample';
import type { PayloadPreview } from '../bindings/PayloadPreview';
import type { SampleReport } from '../bindings/SampleReport';
import type { SampleRequest } from '../bindings/SampleRequest';
import type { TargetObject } from '../bindings/TargetObject';
import { call } from '../ipc';

export type {
  FilterCheck,
  ObjectSummary,
  OrgSample,
  PayloadPreview,
  SampleReport,
  SampleRequest,
  TargetObject,
};

export interface SetupBackend {
  /** One request (and, with `pages`, the next ones) as the import would make it. */
  fetchSample(request: SampleRequest): Promise<SampleReport>;
  /** The org's objects, for the target picker. */
  listObjects(connection: string): Promise<ObjectSummary[]>;
  /** One object's fields, from the org's describe. */
  describeObject(connection: string, object: string): Promise<TargetObject>;
  /** One object's describe as the org sent it (JSON text), for auto-map. */
  describeObjectJson(connection: string, object: string): Promise<string>;
  /** An export's SOQL condition (without `WHERE`) checked against the org's describes. */
  checkFilter(connection: string, object: string, condition: string): Promise<FilterCheck>;
  /** The first `limit` (1-50) records of `object` in another org, with `condition` (SOQL,
   * without `WHERE`) when given: an import from that org's sample. */
  orgSample(
    connection: string,
    object: string,
    condition: string | undefined,
    limit: number,
  ): Promise<OrgSample>;
  /** What saved export `option` would send for its first `records` (1-50), sent nowhere. */
  previewPayload(option: string, records: number): Promise<PayloadPreview>;
}

/** The desktop app's setup backend: Tauri commands. */
export const tauriSetupBackend: SetupBackend = {
  fetchSample: (request) => call('fetch_sample', { request }),
  listObjects: (connection) => call('list_objects', { connection }),
  describeObject: (connection, object) => call('describe_object', { connection, object }),
  describeObjectJson: (connection, object) => call('describe_object_json', { connection, object }),
  checkFilter: (connection, object, condition) =>
    call('check_filter', { connection, object, condition }),
  orgSample: (connection, object, condition, limit) =>
    call('org_sample', { connection, object, condition: condition ?? null, limit }),
  previewPayload: (option, records) => call('preview_payload', { option, records }),
};

export const SetupBackendContext = createContext<SetupBackend>(tauriSetupBackend);

export function useSetupBackend(): SetupBackend {
  return useContext(SetupBackendContext);
}

// The setup flow's seam to the backend: a sample fetch on an HTTP connection, and the objects
// and fields of an org. Like the other seams, components take it from context; tests give
// them a `TestSetupBackend` (src/test).

import { createContext, useContext } from 'react';
import type { ObjectSummary } from '../bindings/ObjectSummary';
import type { SampleReport } from '../bindings/SampleReport';
import type { SampleRequest } from '../bindings/SampleRequest';
import type { TargetObject } from '../bindings/TargetObject';
import { call } from '../ipc';

export type { ObjectSummary, SampleReport, SampleRequest, TargetObject };

export interface SetupBackend {
  /** One request (and, with `pages`, the next ones) as the import would make it. */
  fetchSample(request: SampleRequest): Promise<SampleReport>;
  /** The org's objects, for the target picker. */
  listObjects(connection: string): Promise<ObjectSummary[]>;
  /** One object's fields, from the org's describe. */
  describeObject(connection: string, object: string): Promise<TargetObject>;
}

/** The desktop app's setup backend: Tauri commands. */
export const tauriSetupBackend: SetupBackend = {
  fetchSample: (request) => call('fetch_sample', { request }),
  listObjects: (connection) => call('list_objects', { connection }),
  describeObject: (connection, object) => call('describe_object', { connection, object }),
};

export const SetupBackendContext = createContext<SetupBackend>(tauriSetupBackend);

export function useSetupBackend(): SetupBackend {
  return useContext(SetupBackendContext);
}

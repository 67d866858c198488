// The sync screens' seam to the backend: the app's workspace (connections, remote sites,
// options), runs with streamed progress, the run log, and orchestration (the plan, schedules,
// the push/pull endpoint). Like `Backend`, components take it
// from context; tests give them a `TestSyncBackend` (src/test).

import { createContext, useContext } from 'react';
import type { ApiKeyIn } from '../bindings/ApiKeyIn';
import type { Connection } from '../bindings/Connection';
import type { ConnectionAnswer } from '../bindings/ConnectionAnswer';
import type { ConnectionView } from '../bindings/ConnectionView';
import type { CsvOptions } from '../bindings/CsvOptions';
import type { CronPreview } from '../bindings/CronPreview';
import type { EndpointView } from '../bindings/EndpointView';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportTarget } from '../bindings/ExportTarget';
import type { HttpAuth } from '../bindings/HttpAuth';
import type { HttpSource } from '../bindings/HttpSource';
import type { Incremental } from '../bindings/Incremental';
import type { JsonValue } from '../bindings/serde_json/JsonValue';
import type { MappedRecord } from '../bindings/MappedRecord';
import type { MappingIssue } from '../bindings/MappingIssue';
import type { NewToken } from '../bindings/NewToken';
import type { PlanView } from '../bindings/PlanView';
import type { ScheduleRow } from '../bindings/ScheduleRow';
import type { SchedulerStatus } from '../bindings/SchedulerStatus';
import type { ScheduleView } from '../bindings/ScheduleView';
import type { ExportedRun } from '../bindings/ExportedRun';
import type { OptionView } from '../bindings/OptionView';
import type { OptionWorkspace } from '../bindings/OptionWorkspace';
import type { Paging } from '../bindings/Paging';
import type { ParentCheck } from '../bindings/ParentCheck';
import type { ReadMethod } from '../bindings/ReadMethod';
import type { RunDetail } from '../bindings/RunDetail';
import type { RunProgress } from '../bindings/RunProgress';
import type { RunReport } from '../bindings/RunReport';
import type { RunView } from '../bindings/RunView';
import type { RunWhich } from '../bindings/RunWhich';
import type { SalesforceApi } from '../bindings/SalesforceApi';
import type { SalesforceAuth } from '../bindings/SalesforceAuth';
import type { SalesforceSource } from '../bindings/SalesforceSource';
import type { SalesforceTarget } from '../bindings/SalesforceTarget';
import type { SyncOption } from '../bindings/SyncOption';
import type { WorkspaceInfo } from '../bindings/WorkspaceInfo';
import type { WriteMethod } from '../bindings/WriteMethod';
import type { WriteOperation } from '../bindings/WriteOperation';
import { call, channel } from '../ipc';

export type {
  ConnectionAnswer,
  ConnectionView,
  CronPreview,
  EndpointView,
  NewToken,
  PlanView,
  ScheduleRow,
  SchedulerStatus,
  ScheduleView,
  ExportedRun,
  OptionView,
  OptionWorkspace,
  RunDetail,
  RunProgress,
  RunReport,
  RunView,
  RunWhich,
  WorkspaceInfo,
};

// The configuration's documents (docs/config.md) as the screens edit them: a connection with
// its auth, an option with its source, target and incremental settings.
export type {
  ApiKeyIn,
  Connection,
  CsvOptions,
  ExportFormat,
  ExportTarget,
  HttpAuth,
  HttpSource,
  Incremental,
  JsonValue,
  MappingIssue,
  Paging,
  ReadMethod,
  SalesforceApi,
  SalesforceAuth,
  SalesforceSource,
  SalesforceTarget,
  SyncOption,
  WriteMethod,
  WriteOperation,
};

export interface SyncBackend {
  workspaceInfo(): Promise<WorkspaceInfo>;
  listConnections(): Promise<ConnectionView[]>;
  /** Replaces the connection named `original` (adds one when null); `"***"` keeps a secret. */
  saveConnection(original: string | null, document: Connection): Promise<void>;
  removeConnection(name: string): Promise<void>;
  /** Logs in (Salesforce) or calls the API once (HTTP) with the saved connection: at `path`
   * when given, else at the first import's path, else at `/`. */
  testConnection(name: string, path?: string): Promise<ConnectionAnswer>;
  /** "Log in with Salesforce" (web flow): the browser login; the refresh token is stored. */
  logInConnection(name: string): Promise<ConnectionAnswer>;
  listRemoteSites(): Promise<string[]>;
  /** Rejects when the URL breaks the rule (https, or http on loopback). */
  checkRemoteSite(url: string): Promise<void>;
  addRemoteSite(url: string): Promise<void>;
  removeRemoteSite(url: string): Promise<void>;
  listOptions(): Promise<OptionView[]>;
  setOptionActive(name: string, active: boolean): Promise<void>;
  moveOption(name: string, up: boolean): Promise<void>;
  /** Replaces the option named `original` (adds one when null). */
  saveOption(original: string | null, document: SyncOption): Promise<void>;
  /** Every problem saving `document` over `original` would meet, each at its pointer in the
   * option (`/target/batchSize`); nothing is saved. */
  checkOption(original: string | null, document: SyncOption): Promise<MappingIssue[]>;
  saveOptionMapping(name: string, mapping: unknown): Promise<void>;
  /** Copies an option under `newName`, inactive. */
  duplicateOption(name: string, newName: string): Promise<void>;
  removeOption(name: string): Promise<void>;
  /** The option's mapping, its target describe from the org and a sample from the source. */
  optionWorkspace(name: string): Promise<OptionWorkspace>;
  /** The lookups by external ID in `records` (the option's preview) that name no record in
   * the option's org. */
  checkOptionParents(name: string, records: MappedRecord[]): Promise<ParentCheck>;
  /** Runs now; `onProgress` gets each event as the engine sends it. */
  runNow(which: RunWhich, onProgress: (p: RunProgress) => void): Promise<RunReport>;
  cancelRun(): Promise<boolean>;
  listRuns(): Promise<RunView[]>;
  runDetail(id: number): Promise<RunDetail>;
  exportRun(id: number, format: 'csv' | 'xlsx'): Promise<ExportedRun>;
  setUpDemo(): Promise<WorkspaceInfo>;
  /** The run graph of every option with its last run and next scheduled run. */
  planView(): Promise<PlanView>;
  listSchedules(): Promise<ScheduleRow[]>;
  /** A cron line (in a time zone; null: UTC) in words with its next five fire times. */
  describeCron(cron: string, timezone: string | null): Promise<CronPreview>;
  /** Saves over the schedule at `index` (adds one when null), validated as `config import`. */
  saveSchedule(index: number | null, schedule: ScheduleView): Promise<void>;
  removeSchedule(index: number): Promise<void>;
  schedulerStatus(): Promise<SchedulerStatus>;
  /** Runs one option now under the options' locks (refused while it runs elsewhere). */
  runOptionNow(name: string, onProgress: (p: RunProgress) => void): Promise<RunReport>;
  endpointStatus(): Promise<EndpointView>;
  /** Starts the push/pull endpoint on 127.0.0.1:`port`. */
  startEndpoint(port: number): Promise<EndpointView>;
  stopEndpoint(): Promise<EndpointView>;
  /** A new token for the option, shown once. */
  createToken(option: string): Promise<NewToken>;
}

/** The desktop app's sync backend: Tauri commands, progress over a channel. */
export const tauriSyncBackend: SyncBackend = {
  workspaceInfo: () => call('workspace_info'),
  listConnections: () => call('list_connections'),
  saveConnection: (original, document) => call('save_connection', { original, document }),
  removeConnection: (name) => call('remove_connection', { name }),
  testConnection: (name, path) => call('test_connection', { name, path: path ?? null }),
  logInConnection: (name) => call('log_in_connection', { name }),
  listRemoteSites: () => call('list_remote_sites'),
  checkRemoteSite: (url) => call('check_remote_site', { url }),
  addRemoteSite: (url) => call('add_remote_site', { url }),
  removeRemoteSite: (url) => call('remove_remote_site', { url }),
  listOptions: () => call('list_options'),
  setOptionActive: (name, active) => call('set_option_active', { name, active }),
  moveOption: (name, up) => call('move_option', { name, up }),
  saveOption: (original, document) => call('save_option', { original, document }),
  checkOption: (original, document) => call('check_option', { original, document }),
  saveOptionMapping: (name, mapping) => call('save_option_mapping', { name, mapping }),
  duplicateOption: (name, newName) => call('duplicate_option', { name, newName }),
  removeOption: (name) => call('remove_option', { name }),
  optionWorkspace: (name) => call('option_workspace', { name }),
  checkOptionParents: (name, records) => call('check_option_parents', { name, records }),
  runNow: (which, onProgress) => call('run_now', { which, onProgress: channel(onProgress) }),
  cancelRun: () => call('cancel_run'),
  listRuns: () => call('list_runs'),
  runDetail: (id) => call('run_detail', { id }),
  exportRun: (id, format) => call('export_run', { id, format }),
  setUpDemo: () => call('set_up_demo'),
  planView: () => call('plan_view'),
  listSchedules: () => call('list_schedules'),
  describeCron: (cron, timezone) => call('describe_cron', { cron, timezone }),
  saveSchedule: (index, schedule) => call('save_schedule', { index, schedule }),
  removeSchedule: (index) => call('remove_schedule', { index }),
  schedulerStatus: () => call('scheduler_status'),
  runOptionNow: (name, onProgress) =>
    call('run_option_now', { name, onProgress: channel(onProgress) }),
  endpointStatus: () => call('endpoint_status'),
  startEndpoint: (port) => call('start_endpoint', { port }),
  stopEndpoint: () => call('stop_endpoint'),
  createToken: (option) => call('create_token', { option }),
};

export const SyncBackendContext = createContext<SyncBackend>(tauriSyncBackend);

export function useSyncBackend(): SyncBackend {
  return useContext(SyncBackendContext);
}

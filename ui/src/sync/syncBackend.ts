// The sync screens' seam to the backend: the app's workspace (connections, remote sites,
// options), runs with streamed progress, the run log, and orchestration (the plan, schedules,
// the push/pull endpoint). Like `Backend`, components take it
// from context; tests give them a `TestSyncBackend`.

import { Channel, invoke } from '@tauri-apps/api/core';
import { createContext, useContext } from 'react';
import type { ConnectionAnswer } from '../bindings/ConnectionAnswer';
import type { ConnectionView } from '../bindings/ConnectionView';
import type { CronPreview } from '../bindings/CronPreview';
import type { EndpointView } from '../bindings/EndpointView';
import type { NewToken } from '../bindings/NewToken';
import type { PlanView } from '../bindings/PlanView';
import type { ScheduleRow } from '../bindings/ScheduleRow';
import type { SchedulerStatus } from '../bindings/SchedulerStatus';
import type { ScheduleView } from '../bindings/ScheduleView';
import type { ExportedRun } from '../bindings/ExportedRun';
import type { OptionView } from '../bindings/OptionView';
import type { OptionWorkspace } from '../bindings/OptionWorkspace';
import type { RunDetail } from '../bindings/RunDetail';
import type { RunProgress } from '../bindings/RunProgress';
import type { RunReport } from '../bindings/RunReport';
import type { RunView } from '../bindings/RunView';
import type { RunWhich } from '../bindings/RunWhich';
import type { WorkspaceInfo } from '../bindings/WorkspaceInfo';
import { toApiError, type ApiError } from '../types';

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

/** A document of the configuration (a connection, an option) as JSON. */
export type Doc = Record<string, unknown>;

export interface SyncBackend {
  workspaceInfo(): Promise<WorkspaceInfo>;
  listConnections(): Promise<ConnectionView[]>;
  /** Replaces the connection named `original` (adds one when null); `"***"` keeps a secret. */
  saveConnection(original: string | null, document: Doc): Promise<void>;
  removeConnection(name: string): Promise<void>;
  /** Logs in (Salesforce) or calls the API once (HTTP) with the saved connection. */
  testConnection(name: string): Promise<ConnectionAnswer>;
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
  saveOption(original: string | null, document: Doc): Promise<void>;
  saveOptionMapping(name: string, mapping: unknown): Promise<void>;
  /** The option's mapping, its target describe from the org and a sample from the source. */
  optionWorkspace(name: string): Promise<OptionWorkspace>;
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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    const error: ApiError = toApiError(reason);
    throw error;
  }
}

/** The desktop app's sync backend: Tauri commands, progress over a channel. */
export const tauriSyncBackend: SyncBackend = {
  workspaceInfo: () => call('workspace_info'),
  listConnections: () => call('list_connections'),
  saveConnection: (original, document) => call('save_connection', { original, document }),
  removeConnection: (name) => call('remove_connection', { name }),
  testConnection: (name) => call('test_connection', { name }),
  logInConnection: (name) => call('log_in_connection', { name }),
  listRemoteSites: () => call('list_remote_sites'),
  checkRemoteSite: (url) => call('check_remote_site', { url }),
  addRemoteSite: (url) => call('add_remote_site', { url }),
  removeRemoteSite: (url) => call('remove_remote_site', { url }),
  listOptions: () => call('list_options'),
  setOptionActive: (name, active) => call('set_option_active', { name, active }),
  moveOption: (name, up) => call('move_option', { name, up }),
  saveOption: (original, document) => call('save_option', { original, document }),
  saveOptionMapping: (name, mapping) => call('save_option_mapping', { name, mapping }),
  optionWorkspace: (name) => call('option_workspace', { name }),
  runNow: (which, onProgress) => {
    const channel = new Channel<RunProgress>();
    channel.onmessage = onProgress;
    return call('run_now', { which, onProgress: channel });
  },
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
  runOptionNow: (name, onProgress) => {
    const channel = new Channel<RunProgress>();
    channel.onmessage = onProgress;
    return call('run_option_now', { name, onProgress: channel });
  },
  endpointStatus: () => call('endpoint_status'),
  startEndpoint: (port) => call('start_endpoint', { port }),
  stopEndpoint: () => call('stop_endpoint'),
  createToken: (option) => call('create_token', { option }),
};

/** A sync backend for component tests: each method answers from `answers` (a missing one
 * rejects), and every call is logged with its arguments. */
export class TestSyncBackend implements SyncBackend {
  readonly log: { method: string; args: unknown[] }[] = [];
  answers: Partial<SyncBackend>;

  constructor(answers: Partial<SyncBackend> = {}) {
    this.answers = answers;
  }

  private async answer<K extends keyof SyncBackend>(
    method: K,
    args: Parameters<SyncBackend[K]>,
  ): Promise<Awaited<ReturnType<SyncBackend[K]>>> {
    this.log.push({ method, args });
    await Promise.resolve();
    const handler = this.answers[method] as
      | ((...a: Parameters<SyncBackend[K]>) => ReturnType<SyncBackend[K]>)
      | undefined;
    if (handler === undefined) throw toApiError(`the test backend has no ${method}`);
    try {
      return await handler(...args);
    } catch (reason) {
      throw toApiError(reason);
    }
  }

  calls(method: keyof SyncBackend) {
    return this.log.filter((l) => l.method === method);
  }

  workspaceInfo() {
    return this.answer('workspaceInfo', []);
  }
  listConnections() {
    return this.answer('listConnections', []);
  }
  saveConnection(original: string | null, document: Doc) {
    return this.answer('saveConnection', [original, document]);
  }
  removeConnection(name: string) {
    return this.answer('removeConnection', [name]);
  }
  testConnection(name: string) {
    return this.answer('testConnection', [name]);
  }
  logInConnection(name: string) {
    return this.answer('logInConnection', [name]);
  }
  listRemoteSites() {
    return this.answer('listRemoteSites', []);
  }
  checkRemoteSite(url: string) {
    return this.answer('checkRemoteSite', [url]);
  }
  addRemoteSite(url: string) {
    return this.answer('addRemoteSite', [url]);
  }
  removeRemoteSite(url: string) {
    return this.answer('removeRemoteSite', [url]);
  }
  listOptions() {
    return this.answer('listOptions', []);
  }
  setOptionActive(name: string, active: boolean) {
    return this.answer('setOptionActive', [name, active]);
  }
  moveOption(name: string, up: boolean) {
    return this.answer('moveOption', [name, up]);
  }
  saveOption(original: string | null, document: Doc) {
    return this.answer('saveOption', [original, document]);
  }
  saveOptionMapping(name: string, mapping: unknown) {
    return this.answer('saveOptionMapping', [name, mapping]);
  }
  optionWorkspace(name: string) {
    return this.answer('optionWorkspace', [name]);
  }
  runNow(which: RunWhich, onProgress: (p: RunProgress) => void) {
    return this.answer('runNow', [which, onProgress]);
  }
  cancelRun() {
    return this.answer('cancelRun', []);
  }
  listRuns() {
    return this.answer('listRuns', []);
  }
  runDetail(id: number) {
    return this.answer('runDetail', [id]);
  }
  exportRun(id: number, format: 'csv' | 'xlsx') {
    return this.answer('exportRun', [id, format]);
  }
  setUpDemo() {
    return this.answer('setUpDemo', []);
  }
  planView() {
    return this.answer('planView', []);
  }
  listSchedules() {
    return this.answer('listSchedules', []);
  }
  describeCron(cron: string, timezone: string | null) {
    return this.answer('describeCron', [cron, timezone]);
  }
  saveSchedule(index: number | null, schedule: ScheduleView) {
    return this.answer('saveSchedule', [index, schedule]);
  }
  removeSchedule(index: number) {
    return this.answer('removeSchedule', [index]);
  }
  schedulerStatus() {
    return this.answer('schedulerStatus', []);
  }
  runOptionNow(name: string, onProgress: (p: RunProgress) => void) {
    return this.answer('runOptionNow', [name, onProgress]);
  }
  endpointStatus() {
    return this.answer('endpointStatus', []);
  }
  startEndpoint(port: number) {
    return this.answer('startEndpoint', [port]);
  }
  stopEndpoint() {
    return this.answer('stopEndpoint', []);
  }
  createToken(option: string) {
    return this.answer('createToken', [option]);
  }
}

export const SyncBackendContext = createContext<SyncBackend>(tauriSyncBackend);

export function useSyncBackend(): SyncBackend {
  return useContext(SyncBackendContext);
}

// The login's, password change's, Users screen's and Audit log's seam to the backend. Like
// `SyncBackend`, components take it from context; tests give them a `TestAuthBackend`.

import { invoke } from '@tauri-apps/api/core';
import { createContext, useContext } from 'react';
import type { AuditView } from '../bindings/AuditView';
import type { Session } from '../bindings/Session';
import type { UserView } from '../bindings/UserView';
import { toApiError } from '../types';

export type { AuditView, Session, UserView };

export interface AuthBackend {
  /** Signs in; rejects with LOGIN_FAILED or ACCOUNT_LOCKED. */
  logIn(user: string, password: string): Promise<Session>;
  logOut(): Promise<void>;
  /** Who is signed in (the backend keeps the session across reloads of the page). */
  currentSession(): Promise<Session | null>;
  /** Changes the signed-in user's password; rejects with INVALID_USER when too weak. */
  changePassword(current: string, next: string): Promise<Session>;
  listUsers(): Promise<UserView[]>;
  addUser(name: string, role: string, password: string): Promise<UserView>;
  resetPassword(name: string, password: string): Promise<UserView>;
  auditLog(): Promise<AuditView[]>;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}

/** The desktop app's auth backend: Tauri commands. */
export const tauriAuthBackend: AuthBackend = {
  logIn: (user, password) => call('log_in', { user, password }),
  logOut: () => call('log_out'),
  currentSession: () => call('current_session'),
  changePassword: (current, next) => call('change_password', { current, new: next }),
  listUsers: () => call('list_users'),
  addUser: (name, role, password) => call('add_user', { name, role, password }),
  resetPassword: (name, password) => call('reset_password', { name, password }),
  auditLog: () => call('audit_log', { limit: 200 }),
};

/** An auth backend for component tests: each method answers from `answers` (a missing one
 * rejects), and every call is logged with its arguments. */
export class TestAuthBackend implements AuthBackend {
  readonly log: { method: string; args: unknown[] }[] = [];
  answers: Partial<AuthBackend>;

  constructor(answers: Partial<AuthBackend> = {}) {
    this.answers = answers;
  }

  private async answer<K extends keyof AuthBackend>(
    method: K,
    args: Parameters<AuthBackend[K]>,
  ): Promise<Awaited<ReturnType<AuthBackend[K]>>> {
    this.log.push({ method, args });
    await Promise.resolve();
    const handler = this.answers[method] as
      | ((...a: Parameters<AuthBackend[K]>) => ReturnType<AuthBackend[K]>)
      | undefined;
    if (handler === undefined) throw toApiError(`the test backend has no ${method}`);
    try {
      return await handler(...args);
    } catch (reason) {
      throw toApiError(reason);
    }
  }

  calls(method: keyof AuthBackend) {
    return this.log.filter((l) => l.method === method);
  }

  logIn(user: string, password: string) {
    return this.answer('logIn', [user, password]);
  }
  logOut() {
    return this.answer('logOut', []);
  }
  currentSession() {
    return this.answer('currentSession', []);
  }
  changePassword(current: string, next: string) {
    return this.answer('changePassword', [current, next]);
  }
  listUsers() {
    return this.answer('listUsers', []);
  }
  addUser(name: string, role: string, password: string) {
    return this.answer('addUser', [name, role, password]);
  }
  resetPassword(name: string, password: string) {
    return this.answer('resetPassword', [name, password]);
  }
  auditLog() {
    return this.answer('auditLog', []);
  }
}

export const AuthBackendContext = createContext<AuthBackend>(tauriAuthBackend);

export function useAuthBackend(): AuthBackend {
  return useContext(AuthBackendContext);
}

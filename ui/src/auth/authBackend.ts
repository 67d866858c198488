// The login's, password change's, Users screen's and Audit log's seam to the backend. Like
// `SyncBackend`, components take it from context; tests give them a `TestAuthBackend` (src/test).

import { createContext, useContext } from 'react';
import type { AuditView } from '../bindings/AuditView';
import type { Session } from '../bindings/Session';
import type { UserView } from '../bindings/UserView';
import { call } from '../ipc';

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

export const AuthBackendContext = createContext<AuthBackend>(tauriAuthBackend);

export function useAuthBackend(): AuthBackend {
  return useContext(AuthBackendContext);
}

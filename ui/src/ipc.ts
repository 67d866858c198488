// The Tauri plumbing every backend seam shares: a command called over IPC whose rejection is
// always an `ApiError`, and a channel for a command's streamed events. Each area's backend
// keeps its own typed interface and maps its methods onto these.

import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { toApiError, type ApiError } from './types';

/** What `work` gives; its rejection, whatever it was, as an `ApiError`. */
export async function withApiError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (reason) {
    const error: ApiError = toApiError(reason);
    throw error;
  }
}

/** Calls a backend command; a rejection always carries an `ApiError`. */
export function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  return withApiError(invoke<T>(command, args));
}

/** A channel that hands each event the backend streams to `onMessage`. */
export function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const events = new Channel<T>();
  events.onmessage = onMessage;
  return events;
}

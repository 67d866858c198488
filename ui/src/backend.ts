// The one seam between the UI and the desktop backend. Components take a `Backend` from
// context, so tests give them a `TestBackend` and need no window.

import { invoke } from '@tauri-apps/api/core';
import { createContext, useContext } from 'react';
import { toApiError, type ApiError, type PreviewReport } from './types';

export interface Backend {
  /** The mock preview of the bundled demo mapping. Rejects with an `ApiError`. */
  demoPreview(): Promise<PreviewReport>;
}

/** Calls a backend command; a rejection always carries an `ApiError`. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    const error: ApiError = toApiError(reason);
    throw error;
  }
}

/** The backend of the desktop app: Tauri commands over IPC. */
export const tauriBackend: Backend = {
  demoPreview: () => call<PreviewReport>('demo_preview'),
};

/** What a `TestBackend` answers: a report, or a failure with this error. */
export type TestAnswer = PreviewReport | { error: unknown };

/** A backend that answers from memory, for component tests. */
export class TestBackend implements Backend {
  /** How many times the preview was asked for. */
  calls = 0;
  private readonly answers: TestAnswer[];

  /** Answers with each of `answers` in turn, then keeps giving the last one. */
  constructor(answers: TestAnswer[]) {
    this.answers = answers;
  }

  static returning(report: PreviewReport): TestBackend {
    return new TestBackend([report]);
  }

  static failing(error: unknown): TestBackend {
    return new TestBackend([{ error }]);
  }

  async demoPreview(): Promise<PreviewReport> {
    const answer = this.answers[Math.min(this.calls, this.answers.length - 1)];
    this.calls += 1;
    // Resolve on a later tick, like IPC does.
    await Promise.resolve();
    if (answer === undefined || 'error' in answer) {
      const error: ApiError = toApiError(answer?.error ?? 'the test backend has no answer');
      throw error;
    }
    return answer;
  }
}

export const BackendContext = createContext<Backend | null>(null);

/** The backend given by the nearest `BackendContext` provider. */
export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (backend === null) {
    throw new Error('useBackend needs a BackendContext provider');
  }
  return backend;
}

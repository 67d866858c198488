// The test doubles of every backend seam, for component tests: each answers from the answers
// a test gives and logs its calls (see `testDouble.ts`). The production build never imports
// this folder.

import { tauriBackend, type Backend } from '../backend';
import { tauriAuthBackend, type AuthBackend } from '../auth/authBackend';
import { tauriDiffBackend, type DiffBackend } from '../diff/diffBackend';
import { tauriSettingsBackend, type SettingsBackend } from '../settings/settingsBackend';
import { tauriSyncBackend, type SyncBackend } from '../sync/syncBackend';
import type { PreviewReport } from '../types';
import { testDoubleOf } from './testDouble';

/** The editor and preview backend; closing the window asks the guards the app set. */
export class TestBackend extends testDoubleOf<Backend>(tauriBackend) {
  /** A backend whose demo preview is `report`. */
  static returning(report: PreviewReport): TestBackend {
    return new TestBackend({ demoPreview: () => Promise.resolve(report) });
  }

  /** A backend whose demo preview fails with `error`. */
  static failing(error: unknown): TestBackend {
    return new TestBackend({
      demoPreview: async () => {
        await Promise.resolve();
        throw error;
      },
    });
  }

  private closeGuards: (() => Promise<boolean>)[] = [];

  override onCloseRequested(allow: () => Promise<boolean>): Promise<() => void> {
    this.closeGuards.push(allow);
    return Promise.resolve(() => {
      this.closeGuards = this.closeGuards.filter((g) => g !== allow);
    });
  }

  /** What closing the window would do: true when every guard lets it close. */
  async requestClose(): Promise<boolean> {
    for (const allow of this.closeGuards) {
      if (!(await allow())) return false;
    }
    return true;
  }
}

export const TestSyncBackend = testDoubleOf<SyncBackend>(tauriSyncBackend);
export type TestSyncBackend = InstanceType<typeof TestSyncBackend>;

export const TestDiffBackend = testDoubleOf<DiffBackend>(tauriDiffBackend);
export type TestDiffBackend = InstanceType<typeof TestDiffBackend>;

export const TestAuthBackend = testDoubleOf<AuthBackend>(tauriAuthBackend);
export type TestAuthBackend = InstanceType<typeof TestAuthBackend>;

export const TestSettingsBackend = testDoubleOf<SettingsBackend>(tauriSettingsBackend);
export type TestSettingsBackend = InstanceType<typeof TestSettingsBackend>;

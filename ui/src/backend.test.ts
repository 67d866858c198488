import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { tauriBackend } from './backend';
import type { ApiError, PreviewReport } from './types';

const report: PreviewReport = {
  object: 'Contact',
  records: [],
  summary: { total: 0, valid: 0, invalid: 0 },
};

afterEach(() => {
  clearMocks();
});

describe('the Tauri backend', () => {
  it('asks the desktop shell for the demo preview', async () => {
    const commands: string[] = [];
    mockIPC((cmd) => {
      commands.push(cmd);
      return report;
    });

    await expect(tauriBackend.demoPreview()).resolves.toEqual(report);
    expect(commands).toEqual(['demo_preview']);
  });

  it('rejects with the shell error as {code, message}', async () => {
    mockIPC(() => {
      const error: ApiError = { code: 'NOT_READY', message: 'not yet' };
      throw error;
    });

    await expect(tauriBackend.demoPreview()).rejects.toEqual({
      code: 'NOT_READY',
      message: 'not yet',
    });
  });

  it('rejects with an UNEXPECTED code when the shell fails without one', async () => {
    mockIPC(() => {
      // Tauri rejects with a bare string when the command itself is unknown.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw 'command demo_preview not found';
    });

    await expect(tauriBackend.demoPreview()).rejects.toEqual({
      code: 'UNEXPECTED',
      message: 'command demo_preview not found',
    });
  });
});

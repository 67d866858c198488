// Export buttons (CSV, Excel) and the live region that says where an export went, as the
// run log and the diff viewer show them.
import type { ReactNode } from 'react';

/** The formats the buttons offer. */
export type ExportFormat = 'csv' | 'xlsx';

const LABELS: Record<ExportFormat, string> = { csv: 'Export CSV', xlsx: 'Export XLSX' };

/** One button a format; a click exports in it. */
export function ExportButtons({ onExport }: { onExport: (format: ExportFormat) => void }) {
  return (
    <>
      {(['csv', 'xlsx'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="button"
          onClick={() => {
            onExport(format);
          }}
        >
          {LABELS[format]}
        </button>
      ))}
    </>
  );
}

/** Where the last export went (announced), once there is one. */
export function ExportOutcome({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div aria-live="polite" data-testid={testId}>
      {children}
    </div>
  );
}

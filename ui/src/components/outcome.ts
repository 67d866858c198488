// How a run ended, in one word on every screen. The engine reports a run that went through
// with some records refused as `succeeded` while it streams; the run log stores it as
// `partial`. Every screen derives its word here, so 10 of 30 records failed reads `partial`
// on Run, Run log, Plan and Options alike.
import type { Counts } from '../bindings/Counts';
import type { RunProgress } from '../bindings/RunProgress';

/** The word for a run's `status` (null: not told) given its counts. */
export function runOutcome(status: string | null, counts: Counts): string {
  if (status === null) return 'finished';
  if (status === 'succeeded' && counts.failed > 0) return 'partial';
  return status;
}

/** The word for a streamed run: `running` until it finishes. */
export function progressOutcome(progress: RunProgress): string {
  return progress.kind === 'finished' ? runOutcome(progress.status, progress.counts) : 'running';
}

// The UI's timings of itself, for bench/app/run.sh: when the first frame and the first editor
// frame were painted, and for each live preview how long it took from the edit to the painted
// table. Kept on `window.__syncCentralTimings` (read over WebDriver) and posted to the shell
// (printed only when the app runs with SYNC_CENTRAL_TIMINGS set). Costs a few numbers.
import { invoke } from '@tauri-apps/api/core';

/** One live preview: milliseconds on the page's clock (`performance.now()`). */
export interface PreviewTiming {
  /** The edit (the event handler that changed the mapping, sample or describe). */
  edit: number;
  /** The preview asked of the backend (after the debounce). */
  sent: number;
  /** Its answer back in the page. */
  received: number;
  /** The frame showing it painted. */
  painted: number;
  records: number;
}

interface Timings {
  marks: Record<string, number>;
  previews: PreviewTiming[];
}

const KEEP = 200;

function store(): Timings {
  const w = window as unknown as { __syncCentralTimings?: Timings };
  w.__syncCentralTimings ??= { marks: {}, previews: [] };
  return w.__syncCentralTimings;
}

/** Calls `then` once the frame holding what was just rendered has been painted: the next
 * animation frame runs before that frame's paint, a task posted from it runs after. */
export function afterPaint(then: (at: number) => void) {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      // The page went away before the task ran (a test's environment torn down): nothing
      // is left to record into.
      if (typeof window === 'undefined') return;
      then(performance.now());
    };
    channel.port2.postMessage(null);
  });
}

/** Marks the next paint as `name` (the first time only), as a performance mark and to the
 * shell as Unix time. */
export function markPaint(name: string) {
  const timings = store();
  if (name in timings.marks) return;
  timings.marks[name] = -1;
  afterPaint((at) => {
    timings.marks[name] = at;
    try {
      performance.mark(name, { startTime: at });
    } catch {
      // An older engine without mark options: the number above is what counts.
    }
    const w = window as unknown as { __TAURI_INTERNALS__?: unknown };
    if (w.__TAURI_INTERNALS__ === undefined) return;
    invoke('report_timing', { mark: name, epochMs: performance.timeOrigin + at }).catch(() => {
      // Only a benchmark reads it.
    });
  });
}

/** Records a live preview once its frame is painted. */
export function recordPreview(timing: Omit<PreviewTiming, 'painted'>) {
  afterPaint((painted) => {
    const previews = store().previews;
    previews.push({ ...timing, painted });
    if (previews.length > KEEP) previews.splice(0, previews.length - KEEP);
  });
}

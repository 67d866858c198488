// The workspace's live preview: after every edit the mapping is previewed on the sample, then
// checked; bursts of edits closer together than PREVIEW_DEBOUNCE_MS ask for one preview. The
// source outline and the target's fields follow their inputs the same way.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Backend } from '../backend';
import { markPaint, recordPreview, type PreviewTiming } from '../timing';
import {
  toApiError,
  type ApiError,
  type EditorInput,
  type MappingIssue,
  type PreviewReport,
  type SourceOutline,
  type TargetObject,
} from '../types';

/** The shortest time between two previews. An edit with none asked in that time (a drop, a
 * click, a transform added or removed) is previewed at once; edits closer together than this
 * (typing) wait for the rest of it, and only the last of them is previewed. */
export const PREVIEW_DEBOUNCE_MS = 30;

/** Runs `run` at once when `last` (performance.now()) is PREVIEW_DEBOUNCE_MS ago or more,
 * else when that time is up. Gives what cancels a run still waiting. */
function spaced(last: RefObject<number>, run: () => void): () => void {
  const wait = last.current + PREVIEW_DEBOUNCE_MS - performance.now();
  if (wait <= 0) {
    run();
    return () => undefined;
  }
  const timer = setTimeout(run, wait);
  return () => {
    clearTimeout(timer);
  };
}

export interface LivePreview {
  report: PreviewReport | null;
  previewError: ApiError | null;
  issues: MappingIssue[];
}

/** The preview and check of `input` once `ready`, timed from `lastEdit` (see timing.ts). The
 * check follows the preview's answer, so the two do not compete for the backend; it does not
 * read the sample, so it is not sent a second time. */
export function useLivePreview(
  backend: Backend,
  ready: boolean,
  input: EditorInput,
  lastEdit: RefObject<number | null>,
): LivePreview {
  const [report, setReport] = useState<PreviewReport | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [issues, setIssues] = useState<MappingIssue[]>([]);
  const previewTiming = useRef<Omit<PreviewTiming, 'painted'> | null>(null);
  /** When the last preview was asked (performance.now()). */
  const lastPreview = useRef(-Infinity);

  useEffect(() => {
    if (!ready) return;
    let current = true;
    const edited = lastEdit.current ?? performance.now();
    const cancel = spaced(lastPreview, () => {
      const sent = performance.now();
      lastPreview.current = sent;
      const preview = backend.previewMapping(input).then(
        (r) => {
          if (!current) return;
          previewTiming.current = {
            edit: edited,
            sent,
            received: performance.now(),
            records: r.records.length,
          };
          setReport(r);
          setPreviewError(null);
        },
        (reason: unknown) => {
          if (current) setPreviewError(toApiError(reason));
        },
      );
      void preview.then(() => {
        if (!current) return;
        backend.checkMapping({ ...input, sample: '' }).then(
          (found) => {
            if (current) setIssues(found);
          },
          () => {
            if (current) setIssues([]);
          },
        );
      });
    });
    return () => {
      current = false;
      cancel();
    };
  }, [backend, ready, input, lastEdit]);

  // A painted preview: its timing kept (bench/app/run.sh), the first one marked.
  useEffect(() => {
    if (report === null) return;
    markPaint('editor-ready');
    if (previewTiming.current !== null) recordPreview(previewTiming.current);
    previewTiming.current = null;
  }, [report]);

  return { report, previewError, issues };
}

/** The records count and leaf paths of the sample, following the sample and the records
 * path like the preview follows edits; `set` shows a failure to open a sample in its place. */
export function useSourceOutline(
  backend: Backend,
  ready: boolean,
  sample: string,
  recordsPath: string,
): [SourceOutline | ApiError | null, (outline: SourceOutline | ApiError) => void] {
  const [outline, setOutline] = useState<SourceOutline | ApiError | null>(null);
  /** When the source outline was last asked. */
  const lastOutline = useRef(-Infinity);

  useEffect(() => {
    if (!ready) return;
    let current = true;
    const cancel = spaced(lastOutline, () => {
      lastOutline.current = performance.now();
      backend.sourcePaths(sample, recordsPath.trim() === '' ? null : recordsPath).then(
        (o) => {
          if (current) setOutline(o);
        },
        (reason: unknown) => {
          if (current) setOutline(toApiError(reason));
        },
      );
    });
    return () => {
      current = false;
      cancel();
    };
  }, [backend, ready, sample, recordsPath]);

  return [outline, setOutline];
}

/** The fields of the describe, asked again when it changes; `set` shows a failure to open a
 * describe in its place. */
export function useTargetObject(
  backend: Backend,
  ready: boolean,
  describe: string,
): [TargetObject | ApiError | null, (target: TargetObject | ApiError) => void] {
  const [target, setTarget] = useState<TargetObject | ApiError | null>(null);

  useEffect(() => {
    if (!ready) return;
    let current = true;
    backend.describeFields(describe).then(
      (t) => {
        if (current) setTarget(t);
      },
      (reason: unknown) => {
        if (current) setTarget(toApiError(reason));
      },
    );
    return () => {
      current = false;
    };
  }, [backend, ready, describe]);

  return [target, setTarget];
}

// Unknown parents in the live preview: when the editor is opened on an option (which knows
// its org), the lookups by external ID of the previewed records are looked up there, and a
// record whose parent the org lacks gets an error on that field, as the run would. Asked
// PARENT_CHECK_DEBOUNCE_MS after the references last changed, one request at a time; a
// preview whose references did not change is not checked again.
import { useEffect, useMemo, useRef, useState } from 'react';
import { referenceText } from '../components/reference';
import {
  toApiError,
  type ApiError,
  type MappedRecord,
  type ParentCheck,
  type PreviewReport,
  type UnknownParent,
} from '../types';

/** Looks the references in `records` up in the option's org. */
export type CheckParents = (records: MappedRecord[]) => Promise<ParentCheck>;

/** How long the references must stay the same before the org is asked (it costs a login and
 * a query per parent object). */
export const PARENT_CHECK_DEBOUNCE_MS = 300;

/** What the preview pane says about the check. */
export interface ParentCheckStatus {
  checking: boolean;
  /** The last answer, while no newer one failed. */
  result: ParentCheck | null;
  error: ApiError | null;
}

/** The records' lookups by external ID, each record with those fields only; empty when the
 * preview has none. */
export function referencesOf(report: PreviewReport): MappedRecord[] {
  return report.records.flatMap((record) => {
    const fields = Object.fromEntries(
      Object.entries(record.fields).filter(([, value]) => referenceText(value) !== null),
    );
    return Object.keys(fields).length === 0 ? [] : [{ index: record.index, fields }];
  });
}

/** `report` with each unknown parent as an error on its record, where the record still holds
 * that reference (an answer may be older than the preview), and the summary counted again. */
export function withUnknownParents(report: PreviewReport, unknown: UnknownParent[]): PreviewReport {
  if (unknown.length === 0) return report;
  const byRecord = new Map<number, UnknownParent[]>();
  for (const u of unknown) byRecord.set(u.index, [...(byRecord.get(u.index) ?? []), u]);
  let invalid = 0;
  const records = report.records.map((record) => {
    const added = (byRecord.get(record.index) ?? [])
      .filter(
        (u) =>
          referenceText(record.fields[u.error.field]) ===
          `${u.object} by ${u.externalId} = ${u.value}`,
      )
      .map((u) => u.error);
    const next = added.length === 0 ? record : { ...record, errors: [...record.errors, ...added] };
    if (next.errors.length > 0) invalid += 1;
    return next;
  });
  return {
    ...report,
    records,
    summary: { ...report.summary, valid: records.length - invalid, invalid },
  };
}

/** The preview with the unknown parents `check` finds (unchanged without a `check`) and the
 * check's status (null without one). */
export function useParentCheck(
  check: CheckParents | undefined,
  report: PreviewReport | null,
): { report: PreviewReport | null; status: ParentCheckStatus | null } {
  const [result, setResult] = useState<ParentCheck | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [checking, setChecking] = useState(false);
  const enabled = check !== undefined;
  // The latest `check`, so a caller may pass a new function on each render.
  const checkRef = useRef(check);
  useEffect(() => {
    checkRef.current = check;
  }, [check]);
  const wanted = useMemo(() => {
    if (!enabled || report === null) return null;
    const records = referencesOf(report);
    return { records, key: JSON.stringify(records) };
  }, [enabled, report]);
  /** The key of the last records sent, and of those waiting for the answer to it. */
  const sent = useRef<string | null>(null);
  const inFlight = useRef(false);
  const waiting = useRef<{ records: MappedRecord[]; key: string } | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (wanted === null) return;
    if (wanted.records.length === 0) {
      // Nothing to look up: no org call (and nothing shown, see below).
      waiting.current = null;
      sent.current = wanted.key;
      return;
    }
    if (wanted.key === sent.current) {
      waiting.current = null;
      return;
    }
    const send = (w: { records: MappedRecord[]; key: string }) => {
      const current = checkRef.current;
      if (current === undefined) return;
      inFlight.current = true;
      sent.current = w.key;
      setChecking(true);
      current(w.records).then(
        (found) => {
          if (!mounted.current) return;
          setResult(found);
          setError(null);
        },
        (reason: unknown) => {
          if (!mounted.current) return;
          setResult(null);
          setError(toApiError(reason));
        },
      ).finally(() => {
        inFlight.current = false;
        const next = waiting.current;
        waiting.current = null;
        if (next !== null && next.key !== sent.current && mounted.current) {
          send(next);
        } else if (mounted.current) {
          setChecking(false);
        }
      });
    };
    const timer = setTimeout(() => {
      if (inFlight.current) waiting.current = wanted;
      else send(wanted);
    }, PARENT_CHECK_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [wanted]);

  const shown = useMemo(
    () => (report === null || result === null ? report : withUnknownParents(report, result.unknown)),
    [report, result],
  );
  if (!enabled) return { report, status: null };
  if (wanted !== null && wanted.records.length === 0) {
    return { report, status: { checking: false, result: null, error: null } };
  }
  return { report: shown, status: { checking, result, error } };
}

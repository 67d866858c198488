// An instant on screen: local time to read, the exact instant on hover and for machines.
import { formatTime } from './time';

/** `at` (RFC 3339) as local time; `text` shows instead when the instant has a reading of
 * its own (a schedule's wall clock), the instant still on hover. */
export function Time({ at, text }: { at: string; text?: string }) {
  return (
    <time dateTime={at} title={at}>
      {text ?? formatTime(at)}
    </time>
  );
}

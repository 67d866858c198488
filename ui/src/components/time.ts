// Instants as people read them: "7 Dec 2026, 06:09:03" on the local clock. The month names
// are fixed rather than the locale's (ICU spells September "Sept" in some versions), so every
// screen and every machine reads the same way.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An RFC 3339 instant on the local clock (or in `timeZone`); text that is not one comes
 * back as it is. */
export function formatTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (iso.trim() === '' || Number.isNaN(date.getTime())) return iso;
  const format = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone === undefined ? {} : { timeZone }),
  });
  const part: Record<string, string> = {};
  for (const p of format.formatToParts(date)) part[p.type] = p.value;
  const month = MONTHS[Number(part.month) - 1] ?? part.month ?? '';
  return `${String(Number(part.day))} ${month} ${part.year ?? ''}, ${part.hour ?? ''}:${part.minute ?? ''}:${part.second ?? ''}`;
}

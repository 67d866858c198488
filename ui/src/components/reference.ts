// A Salesforce reference by external ID as people read it. A mapped lookup is sent as
// {"attributes":{"type":"Invoice__c"},"invoice_id__c":"INV-000001"}; on screen that reads
// "Invoice__c by invoice_id__c = INV-000001".

/** The reference's reading, or null when `value` is no reference by external ID. */
export function referenceText(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { attributes, ...keys } = value as Record<string, unknown>;
  if (typeof attributes !== 'object' || attributes === null) return null;
  const type = (attributes as Record<string, unknown>).type;
  const entries = Object.entries(keys);
  if (typeof type !== 'string' || entries.length !== 1) return null;
  const [field, key] = entries[0] ?? ['', null];
  if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') return null;
  return `${type} by ${field} = ${String(key)}`;
}

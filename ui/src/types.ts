// The shapes that cross from the desktop backend to the UI, as the Rust side serialises
// them (`synccentral_api::ApiError`, `synccentral_engine::preview::PreviewReport`).

/** An error or warning on one field of one record: Salesforce's code and message. */
export interface FieldIssue {
  /** The target field's API name, e.g. `LastName`. */
  field: string;
  /** A Salesforce error code (`STRING_TOO_LONG`) or one the engine adds (`CONVERT_FAILED`). */
  code: string;
  message: string;
}

/** One source record after mapping and checking. */
export interface RecordPreview {
  /** The record's position in the sample, from 0. */
  index: number;
  /** Target API name → value, in mapping order. */
  fields: Record<string, unknown>;
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

export interface PreviewSummary {
  total: number;
  valid: number;
  invalid: number;
}

/** A whole mock preview: a mapping applied to sample records. */
export interface PreviewReport {
  /** The target sObject, e.g. `Contact`, when the mapping or describe names one. */
  object: string | null;
  records: RecordPreview[];
  summary: PreviewSummary;
}

/** An error as the backend reports it: a stable code to branch on, and a message. */
export interface ApiError {
  code: string;
  message: string;
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).code === 'string' &&
    typeof (value as Record<string, unknown>).message === 'string'
  );
}

/** Any rejection as an `ApiError`, so the UI has one error shape to show. */
export function toApiError(reason: unknown): ApiError {
  if (isApiError(reason)) {
    return { code: reason.code, message: reason.message };
  }
  if (reason instanceof Error) {
    return { code: 'UNEXPECTED', message: reason.message };
  }
  return { code: 'UNEXPECTED', message: String(reason) };
}

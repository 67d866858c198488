// The shapes that cross between the desktop backend and the UI. They are generated from the
// Rust types (ts-rs) into ./bindings; a Rust test fails when the two drift apart.

export type { ApiError } from './bindings/ApiError';
export type { DemoWorkspace } from './bindings/DemoWorkspace';
export type { DiffQuery } from './bindings/DiffQuery';
export type { DiffRowView } from './bindings/DiffRowView';
export type { DiffSummary } from './bindings/DiffSummary';
export type { DiffView } from './bindings/DiffView';
export type { FieldChangeView } from './bindings/FieldChangeView';
export type { ResyncView } from './bindings/ResyncView';
export type { EditorInput } from './bindings/EditorInput';
export type { FilePurpose } from './bindings/FilePurpose';
export type { ErrorCode } from './bindings/ErrorCode';
export type { FieldError } from './bindings/FieldError';
export type { MappingIssue } from './bindings/MappingIssue';
export type { MappedRecord } from './bindings/MappedRecord';
export type { MatchKind } from './bindings/MatchKind';
export type { ParentCheck } from './bindings/ParentCheck';
export type { PreviewReport } from './bindings/PreviewReport';
export type { RecordPreview } from './bindings/RecordPreview';
export type { SourceField } from './bindings/SourceField';
export type { SourceOutline } from './bindings/SourceOutline';
export type { SuggestedField } from './bindings/SuggestedField';
export type { SuggestedTransform } from './bindings/SuggestedTransform';
export type { Suggestions } from './bindings/Suggestions';
export type { Summary } from './bindings/Summary';
export type { TargetField } from './bindings/TargetField';
export type { TargetObject } from './bindings/TargetObject';
export type { TestReport } from './bindings/TestReport';
export type { TestResult } from './bindings/TestResult';
export type { UnknownParent } from './bindings/UnknownParent';
export type { JsonValue } from './bindings/serde_json/JsonValue';
export type { SampleFile } from './bindings/SampleFile';

import type { ApiError } from './bindings/ApiError';
import type { FieldError } from './bindings/FieldError';

/** An error or warning on one field of one record. */
export type FieldIssue = FieldError;

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

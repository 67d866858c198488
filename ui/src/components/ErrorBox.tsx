// An API error as every screen shows it: its code and its message, announced.
import type { ApiError } from '../types';

export function ErrorBox({ error }: { error: ApiError | null }) {
  if (error === null) return null;
  return (
    <div className="failure" role="alert" data-testid="sync-error">
      <code className="badge badge--error">{error.code}</code>{' '}
      <span style={{ whiteSpace: 'pre-wrap' }}>{error.message}</span>
    </div>
  );
}

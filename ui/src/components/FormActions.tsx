// The foot of an edit form: the error of the last save, if any, then the save and cancel
// buttons.
import type { ApiError } from '../types';
import { ErrorBox } from './ErrorBox';

interface Props {
  error: ApiError | null;
  /** The submit button's label ("Save connection"). */
  save: string;
  onCancel: () => void;
}

export function FormActions({ error, save, onCancel }: Props) {
  return (
    <>
      <ErrorBox error={error} />
      <div className="row">
        <button type="submit" className="button">
          {save}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}

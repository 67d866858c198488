// The last step of both guided flows: the option's name, what is still needed before it can
// be saved, the save's error, and the save button.
import { ErrorBox } from '../components/ErrorBox';
import type { ApiError } from '../types';

export function NameAndSave({
  page,
  name,
  placeholder,
  onName,
  needed,
  error,
  disabled,
  label,
  onSave,
}: {
  /** The flow's id prefix: `setup` or `export`. */
  page: string;
  name: string;
  placeholder: string;
  onName: (name: string) => void;
  needed: string[];
  error: ApiError | null;
  disabled: boolean;
  label: string;
  onSave: () => void;
}) {
  return (
    <>
      <label className="field-label setup-narrow" htmlFor={`${page}-name`}>
        Option name
        <input
          id={`${page}-name`}
          className="input"
          required
          placeholder={placeholder}
          value={name}
          onChange={(e) => {
            onName(e.target.value);
          }}
        />
      </label>
      {needed.length > 0 && (
        <p className="muted" data-testid={`${page}-missing`}>
          Still needed: {needed.join(', ')}.
        </p>
      )}
      <ErrorBox error={error} />
      <div className="setup-actions">
        <button
          type="button"
          id={`${page}-save`}
          className="button button--primary"
          disabled={needed.length > 0 || disabled}
          onClick={onSave}
        >
          {label}
        </button>
      </div>
    </>
  );
}

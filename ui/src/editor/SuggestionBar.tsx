// Auto-map: the suggestions of mappings from the sample to the describe, each accepted (with
// its transforms) or dismissed, and the bar that lists them.
import { useState } from 'react';
import type { Backend } from '../backend';
import { isApiError, toApiError, type ApiError, type EditorInput, type SuggestedField } from '../types';
import { dropSource, fieldIndexOf, type Mapping } from './model';

/** The suggestions on screen: none asked, the list (shrinking as they are taken), or why
 * auto-map failed. */
export type SuggestionList = SuggestedField[] | ApiError | null;

export interface AutoMap {
  suggestions: SuggestionList;
  /** Asks for suggestions for `input`. */
  run: (input: EditorInput) => void;
  accept: (s: SuggestedField) => void;
  dismiss: (s: SuggestedField) => void;
  close: () => void;
}

/** Auto-map's suggestions; an accepted one is mapped through `edit`. */
export function useAutoMap(
  backend: Backend,
  edit: (change: (m: Mapping) => Mapping) => void,
): AutoMap {
  const [suggestions, setSuggestions] = useState<SuggestionList>(null);
  const dismiss = (s: SuggestedField) => {
    setSuggestions((list) => (Array.isArray(list) ? list.filter((x) => x !== s) : list));
  };
  return {
    suggestions,
    run: (input) => {
      setSuggestions(null);
      backend.suggestMapping(input).then(
        (s) => {
          setSuggestions(s.fields);
        },
        (reason: unknown) => {
          setSuggestions(toApiError(reason));
        },
      );
    },
    accept: (s) => {
      edit((m) => {
        let next = dropSource(m, s.source, s.target);
        const index = fieldIndexOf(next, s.target);
        if (s.transforms.length > 0 && index >= 0) {
          next = {
            ...next,
            fields: next.fields.map((f, i) =>
              i === index
                ? { ...f, transforms: [...(f.transforms ?? []), ...s.transforms.map((t) => t.transform)] }
                : f,
            ),
          };
        }
        return next;
      });
      dismiss(s);
    },
    dismiss,
    close: () => {
      setSuggestions(null);
    },
  };
}

export function SuggestionBar({ autoMap }: { autoMap: AutoMap }) {
  const { suggestions } = autoMap;
  if (suggestions === null) return null;
  return (
    <section className="suggestions" aria-label="Auto-map suggestions" data-testid="suggestions">
      {isApiError(suggestions) ? (
        <p className="inline-error" role="alert">
          Auto-map failed: {suggestions.message}
        </p>
      ) : suggestions.length === 0 ? (
        <p className="muted">No more suggestions.</p>
      ) : (
        <ul>
          {suggestions.map((s) => (
            <li key={`${s.source}->${s.target}`} className="suggestion" data-testid="suggestion">
              <span>
                <code>{s.source}</code> → <code>{s.target}</code>{' '}
                <span className="kind">{s.matched_by.replace('_', ' ')}</span>{' '}
                <span className="suggestion__transform">{s.reason}</span>
              </span>
              {s.transforms.map((t) => (
                <span key={JSON.stringify(t.transform)} className="suggestion__transform">
                  <code>{JSON.stringify(t.transform)}</code> — {t.reason}
                </span>
              ))}
              <span className="row">
                <button
                  type="button"
                  className="button button--small button--primary"
                  aria-label={`Accept ${s.source} to ${s.target}`}
                  onClick={() => {
                    autoMap.accept(s);
                  }}
                >
                  Accept
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Dismiss ${s.source} to ${s.target}`}
                  onClick={() => {
                    autoMap.dismiss(s);
                  }}
                >
                  Dismiss
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button button--small" onClick={autoMap.close}>
        Close
      </button>
    </section>
  );
}

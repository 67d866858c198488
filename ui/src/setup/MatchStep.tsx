// How an import from another org finds the target records to update: an external ID field,
// or one or more fields such as Email (a record matching none is inserted by an upsert; one
// matching several fails, naming them).
import { useState } from 'react';
import type { TargetObject } from './setupBackend';
import type { TargetDraft } from './draft';
import { matchableFields } from './orgDraft';

interface Props {
  target: TargetDraft;
  described: TargetObject;
  matchOn: string[];
  onExternalId: (externalId: string) => void;
  onMatchOn: (fields: string[]) => void;
}

export function MatchStep({ target, described, matchOn, onExternalId, onMatchOn }: Props) {
  const ids = described.fields.filter((f) => f.externalId);
  // Keyed by the object: starts from the proposed match.
  const [byFields, setByFields] = useState(matchOn.length > 0 || ids.length === 0);
  return (
    <fieldset>
      <legend>Match records in {described.label} on</legend>
      <label className="check setup-check">
        <input
          type="radio"
          name="org-match"
          checked={!byFields}
          disabled={ids.length === 0}
          onChange={() => {
            setByFields(false);
            onMatchOn([]);
            onExternalId(ids[0]?.name ?? '');
          }}
        />{' '}
        An external ID field{ids.length === 0 && ` (${described.label} has none)`}
      </label>
      <label className="check setup-check">
        <input
          type="radio"
          name="org-match"
          checked={byFields}
          onChange={() => {
            setByFields(true);
            onExternalId('');
          }}
        />{' '}
        Fields (e.g. Email)
      </label>
      {byFields ? (
        <label className="field-label setup-narrow" htmlFor="org-match-on">
          Match on fields (e.g. Email)
          <select
            id="org-match-on"
            className="input"
            multiple
            size={6}
            value={matchOn}
            onChange={(e) => {
              onMatchOn(Array.from(e.target.selectedOptions, (o) => o.value));
            }}
          >
            {matchableFields(described).map((f) => (
              <option key={f.name} value={f.name}>
                {f.label} ({f.name})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="field-label setup-narrow" htmlFor="org-external-id">
          External ID
          <select
            id="org-external-id"
            className="input"
            value={target.externalId}
            onChange={(e) => {
              onExternalId(e.target.value);
            }}
          >
            {ids.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label} ({f.name})
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  );
}

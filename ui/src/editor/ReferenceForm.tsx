// The form of a `reference` transform: the parent object (several for a polymorphic lookup,
// whose values are then `[object, key]`), and whether the parent is found by an external ID
// field (Salesforce resolves it) or by any field (looked up in the target org: `matchOn`).

type Args = Record<string, unknown>;
type MatchBy = 'externalId' | 'matchOn';

const asArgs = (v: unknown): Args =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Args) : {};
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The objects a reference names: one, or the list of a polymorphic lookup. */
export function referenceObjects(object: unknown): string[] {
  return Array.isArray(object) ? object.map(text) : [text(object)];
}

/** How a reference finds its parent: `matchOn` only when it has one and no `externalId`. */
export function referenceMatchBy(args: Args): MatchBy {
  return 'matchOn' in args && !('externalId' in args) ? 'matchOn' : 'externalId';
}

/** The reference's arguments with these objects, this way of matching and this field. */
export function referenceArgs(args: Args, objects: string[], by: MatchBy, field: string): Args {
  const rest = Object.fromEntries(
    Object.entries(args).filter(([k]) => k !== 'object' && k !== 'externalId' && k !== 'matchOn'),
  );
  return { object: objects.length === 1 ? objects[0] : objects, [by]: field, ...rest };
}

export function ReferenceForm({ value, set }: { value: unknown; set: (v: unknown) => void }) {
  const args = asArgs(value);
  const objects = referenceObjects(args.object);
  const by = referenceMatchBy(args);
  const field = text(args[by]);
  const write = (nextObjects: string[], nextBy: MatchBy, nextField: string) => {
    set(referenceArgs(args, nextObjects, nextBy, nextField));
  };
  return (
    <div className="reference-form">
      <div className="form-row">
        {objects.map((o, i) => (
          <span key={i} className="row">
            <label className="field-label">
              {objects.length === 1 ? 'Object' : `Object ${String(i + 1)}`}
              <input
                className="input"
                value={o}
                placeholder="Account"
                onChange={(e) => {
                  write(objects.map((x, j) => (j === i ? e.target.value : x)), by, field);
                }}
              />
            </label>
            {objects.length > 1 && (
              <button
                type="button"
                className="button button--small"
                aria-label={`Remove object ${String(i + 1)}`}
                onClick={() => {
                  write(objects.filter((_, j) => j !== i), by, field);
                }}
              >
                Remove
              </button>
            )}
          </span>
        ))}
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            write([...objects, ''], by, field);
          }}
        >
          Add object
        </button>
      </div>
      {objects.length > 1 && (
        <p className="muted" data-testid="polymorphic-hint">
          A lookup to several objects: each value names its object first, e.g. [&quot;
          {objects[0] === '' ? 'Account' : objects[0]}&quot;, &quot;Acme&quot;].
        </p>
      )}
      <fieldset className="form-row">
        <legend>Match the parent on</legend>
        <label className="check">
          <input
            type="radio"
            checked={by === 'externalId'}
            onChange={() => {
              write(objects, 'externalId', field);
            }}
          />
          an external ID field
        </label>
        <label className="check">
          <input
            type="radio"
            checked={by === 'matchOn'}
            onChange={() => {
              write(objects, 'matchOn', field);
            }}
          />
          any field, looked up in the target org
        </label>
      </fieldset>
      <label className="field-label">
        {by === 'externalId' ? 'External ID field' : 'Field to match on'}
        <input
          className="input"
          value={field}
          placeholder={by === 'externalId' ? 'External_Id__c' : 'Name'}
          onChange={(e) => {
            write(objects, by, e.target.value);
          }}
        />
      </label>
    </div>
  );
}

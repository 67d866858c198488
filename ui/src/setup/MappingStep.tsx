// Export step 5, the mapping: each chosen Salesforce field and the key it has in the records
// sent, the field's API name (dots as `_`) until one is typed.
import { mappingRows, outputKey } from './exportDraft';

interface Props {
  fields: string[];
  keys: Record<string, string>;
  onChange: (keys: Record<string, string>) => void;
}

export function MappingStep({ fields, keys, onChange }: Props) {
  if (fields.length === 0) return <p className="muted">Choose fields first.</p>;
  return (
    <table className="fields setup-table" aria-label="Mapping">
      <thead>
        <tr>
          <th scope="col" className="setup-col-name">
            Salesforce field
          </th>
          <th scope="col" id="export-key-column" className="setup-col-rest">
            Output key
          </th>
        </tr>
      </thead>
      <tbody>
        {mappingRows(fields, keys).map((row, i) => {
          const id = `export-key-${String(i + 1)}`;
          return (
            <tr key={row.source} data-testid="export-mapping-row">
              <th scope="row">
                <label htmlFor={id}>
                  <code>{row.source}</code>
                </label>
              </th>
              <td>
                <input
                  id={id}
                  className="input"
                  aria-describedby="export-key-column"
                  placeholder={outputKey(row.source)}
                  value={row.target}
                  onChange={(e) => {
                    onChange({ ...keys, [row.source]: e.target.value });
                  }}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

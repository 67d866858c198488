// Step 2, the records: every array of objects the answer holds (the proposed one chosen);
// choosing another fetches again with it, then its records' fields show.
import type { SampleReport } from '../bindings/SampleReport';

/** "1 record", "2 records". */
function counted(n: number, noun: string): string {
  return `${String(n)} ${noun}${n === 1 ? '' : 's'}`;
}

interface Props {
  report: SampleReport;
  onChoose: (recordsPath: string) => void;
  fetching: boolean;
}

export function RecordsStep({ report, onChoose, fetching }: Props) {
  if (report.candidates.length === 0) {
    return (
      <p className="inline-error" role="alert">
        The answer holds no array of objects: check the path and parameters, then fetch again.
      </p>
    );
  }
  const chosen = report.candidates.find((c) => c.path === report.recordsPath);
  return (
    <>
      <fieldset className="setup-candidates" disabled={fetching}>
        <legend>Where the records are</legend>
        {report.candidates.map((c, i) => (
          <label key={c.path} className="check" htmlFor={`setup-records-${String(i + 1)}`}>
            <input
              type="radio"
              id={`setup-records-${String(i + 1)}`}
              name="setup-records"
              value={c.path}
              checked={c.path === report.recordsPath}
              onChange={() => {
                onChoose(c.path);
              }}
            />
            <code>{c.path}</code>{' '}
            <span className="muted">({counted(c.count, 'object')})</span>
          </label>
        ))}
      </fieldset>
      <p data-testid="setup-record-count">
        {chosen === undefined
          ? 'Choose where the records are.'
          : `${counted(chosen.count, 'record')} at ${chosen.path}, with ${counted(report.fields.length, 'field')}.`}
      </p>
      {report.fields.length > 0 && (
        <table className="fields setup-table" aria-label="Record fields">
          <thead>
            <tr>
              <th scope="col" className="setup-col-name">
                Field
              </th>
              <th scope="col" className="setup-col-short">
                Type
              </th>
              <th scope="col" className="setup-col-rest">
                Sample
              </th>
            </tr>
          </thead>
          <tbody>
            {report.fields.map((f) => (
              <tr key={f.path} data-testid="setup-field">
                <th scope="row" className="setup-wrap">
                  <code>{f.path}</code>
                </th>
                <td>{f.kind}</td>
                <td className="setup-wrap">
                  {f.sample === '' ? (
                    <span className="muted">(always null)</span>
                  ) : (
                    <code>{f.sample}</code>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

// The mapping's test cases: a preview record saved as one (its source record as the input,
// its current output as what is expected), the list of them, and a run that shows each
// case passed or failed with every difference as expected-versus-got lines.
import { useState } from 'react';
import type { ApiError, TestReport } from '../types';
import { splitFailure, type TestCase } from './model';

/** A preview record the user can save as a test case: its index and what tells it apart. */
export interface RecordChoice {
  index: number;
  label: string;
}

/** How a preview record is listed: its number and its first values (the key usually comes
 * first in a mapping), e.g. `1 — c-1002, Ana`. */
export function recordLabel(index: number, fields: Record<string, unknown>): string {
  const values = Object.values(fields)
    .filter((v) => v !== null && v !== undefined && v !== '' && typeof v !== 'object')
    .slice(0, 2)
    .map((v) => {
      const text = String(v);
      return text.length > 24 ? `${text.slice(0, 23)}…` : text;
    });
  return values.length === 0 ? String(index) : `${String(index)} — ${values.join(', ')}`;
}

interface Props {
  tests: TestCase[];
  /** The preview's records, listed to choose the one to save. */
  records: RecordChoice[];
  /** The latest run, or its error; null before any run. */
  result: TestReport | ApiError | null;
  running: boolean;
  onSave: (record: number, name: string) => void;
  onRemove: (at: number) => void;
  onRun: () => void;
}

/** What a case checks: its expected fields and errors (a case may carry only errors). */
function expectation(test: TestCase): string {
  const fields = Object.keys(test.expect ?? {}).length;
  const errors = test.expectErrors?.length ?? 0;
  const parts = [];
  if (fields > 0 || errors === 0) parts.push(`${String(fields)} expected field${fields === 1 ? '' : 's'}`);
  if (errors > 0) parts.push(`${String(errors)} expected error${errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function isReport(value: TestReport | ApiError): value is TestReport {
  return 'results' in value;
}

export function TestsPanel({ tests, records, result, running, onSave, onRemove, onRun }: Props) {
  const [chosen, setChosen] = useState(0);
  const [name, setName] = useState('');
  // The record chosen, or the first one when the preview no longer has it.
  const record = records.some((r) => r.index === chosen) ? chosen : (records[0]?.index ?? 0);
  const valid = records.length > 0;
  const caseName = name.trim() === '' ? `record ${String(record)}` : name.trim();

  return (
    <section className="panel tests" aria-labelledby="tests-heading" data-testid="tests-panel">
      <h2 id="tests-heading" className="panel__title">
        Tests ({tests.length})
      </h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          onSave(record, caseName);
          setName('');
        }}
      >
        <label className="field-label row">
          Record
          <select
            className="input"
            aria-label="Record to save as a test case"
            value={record}
            disabled={!valid}
            onChange={(e) => {
              setChosen(Number(e.target.value));
            }}
          >
            {records.map((r) => (
              <option key={r.index} value={r.index}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <input
          className="input"
          aria-label="Test case name"
          placeholder={`record ${String(record)}`}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
          }}
        />
        <button type="submit" className="button" disabled={!valid}>
          Save as a test case
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={tests.length === 0 || running}
          onClick={onRun}
        >
          Run tests
        </button>
      </form>
      {result !== null && !isReport(result) && (
        <p className="inline-error" role="alert" data-testid="tests-error">
          <span className="badge badge--error">{result.code}</span> {result.message}
        </p>
      )}
      {result !== null && isReport(result) && (
        <p className="muted" role="status" data-testid="tests-summary">
          {result.passed} passed, {result.failed} failed
        </p>
      )}
      {tests.length === 0 ? (
        <p className="muted">No test cases yet.</p>
      ) : (
        <ul className="test-list" aria-label="Test cases">
          {tests.map((test, i) => {
            const outcome =
              result !== null && isReport(result)
                ? result.results.find((r) => r.name === test.name)
                : undefined;
            return (
              <li
                key={`${String(i)}-${test.name}`}
                className="test-case"
                data-testid="test-case"
                data-name={test.name}
              >
                <span className="row">
                  <span>{test.name}</span>
                  <span className="kind">{expectation(test)}</span>
                  {outcome !== undefined && (
                    <span
                      className={`badge ${outcome.passed ? 'badge--ok' : 'badge--error'}`}
                      data-testid="test-outcome"
                    >
                      {outcome.passed ? 'passed' : 'failed'}
                    </span>
                  )}
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Remove test ${test.name}`}
                    onClick={() => {
                      onRemove(i);
                    }}
                  >
                    ×
                  </button>
                </span>
                {outcome !== undefined && outcome.failures.length > 0 && (
                  <ul className="test-diff" aria-label={`Failures of ${test.name}`}>
                    {outcome.failures.map((line) => {
                      const f = splitFailure(line);
                      return (
                        <li key={line} data-testid="test-failure">
                          <code className="test-diff__field">{f.field}</code>
                          {f.expected === undefined ? null : (
                            <>
                              <div className="test-diff__expected" data-testid="diff-expected">
                                - expected {f.expected}
                              </div>
                              <div className="test-diff__got" data-testid="diff-got">
                                + got {f.got}
                              </div>
                            </>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

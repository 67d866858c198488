// Step 3, the paging: the proposed paging as a form (its type, then that type's fields), why
// it was proposed, and "Fetch next page", which follows it and lists each page read.
import { useState } from 'react';
import type { PageSeen } from '../bindings/PageSeen';
import type { Paging } from '../bindings/Paging';

type PagingType = Paging['type'];

/** Every paging type, as the select offers them. */
const TYPES: Record<PagingType, string> = {
  none: 'None (one request)',
  nextUrl: 'Next page URL in the answer',
  cursor: 'Cursor in the answer',
  afterLast: "After the last record's id",
  link: 'Link header',
  offset: 'Offset and limit',
  page: 'Page number',
};

function isType(value: string): value is PagingType {
  return Object.hasOwn(TYPES, value);
}

/** A new paging of `type`: its fields empty (the boxes show examples), pages from 1 (the
 * model's default) and 100 records per page to start from. */
function newPaging(type: PagingType): Paging {
  const path = '';
  const param = '';
  switch (type) {
    case 'none':
    case 'link':
      return { type };
    case 'nextUrl':
      return { type, path };
    case 'cursor':
      return { type, path, param };
    case 'afterLast':
      return { type, param, idPath: '', hasMore: '' };
    case 'offset':
      return { type, param, pageSize: 100 };
    case 'page':
      return { type, param, start: 1 };
  }
}

export interface PagesSeen {
  pages: PageSeen[];
  problem?: string;
}

interface Props {
  paging: Paging;
  onChange: (paging: Paging) => void;
  reason?: string;
  /** None: no "Fetch next page" (the option's detail form has no sample to follow). */
  onNextPage?: () => void;
  fetching?: boolean;
  /** What the last "Fetch next page" read; null before one. */
  seen?: PagesSeen | null;
}

export function PagingForm({
  paging,
  onChange,
  reason = '',
  onNextPage,
  fetching = false,
  seen = null,
}: Props) {
  return (
    <>
      {reason !== '' && <p data-testid="setup-paging-reason">{reason}</p>}
      <div className="setup-grid">
        <label className="field-label" htmlFor="setup-paging-type">
          Paging
          <select
            id="setup-paging-type"
            className="input"
            value={paging.type}
            onChange={(e) => {
              if (isType(e.target.value)) onChange(newPaging(e.target.value));
            }}
          >
            {Object.entries(TYPES).map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <PagingFields paging={paging} onChange={onChange} />
      </div>
      {onNextPage !== undefined && (
      <div className="setup-actions">
        <button
          type="button"
          id="setup-next-page"
          className="button"
          disabled={fetching || paging.type === 'none'}
          onClick={onNextPage}
        >
          Fetch next page
        </button>
      </div>
      )}
      {seen !== null && <Pages seen={seen} />}
    </>
  );
}

/** One field of a paging type: its key in the document, its label and an example. */
interface FieldSpec {
  key: string;
  label: string;
  hint: string;
  number?: boolean;
  optional?: boolean;
}

/** The fields of each paging type, in the order the form shows them. */
const FIELDS: Record<PagingType, FieldSpec[]> = {
  none: [],
  link: [],
  nextUrl: [{ key: 'path', label: 'Next URL in the answer', hint: '$.next' }],
  cursor: [
    { key: 'path', label: 'Cursor in the answer', hint: '$.next_cursor' },
    { key: 'param', label: 'Sent back as', hint: 'cursor' },
  ],
  afterLast: [
    { key: 'param', label: 'Query parameter', hint: 'starting_after' },
    { key: 'idPath', label: 'Id in each record', hint: 'id' },
    { key: 'hasMore', label: 'More-to-read flag', hint: '$.has_more' },
  ],
  offset: [
    { key: 'param', label: 'Offset parameter', hint: 'offset' },
    { key: 'pageSize', label: 'Page size', hint: '100', number: true },
    { key: 'limitParam', label: 'Limit parameter (optional)', hint: 'limit', optional: true },
    { key: 'totalPath', label: 'Total in the answer (optional)', hint: '$.meta.total', optional: true },
  ],
  page: [
    { key: 'param', label: 'Page parameter', hint: 'page' },
    { key: 'start', label: 'First page', hint: '1', number: true },
    { key: 'pageSize', label: 'Page size (optional)', hint: '100', number: true, optional: true },
    { key: 'sizeParam', label: 'Page size parameter (optional)', hint: 'per_page', optional: true },
    {
      key: 'pagesPath',
      label: 'Page count in the answer (optional)',
      hint: '$.meta.total_pages',
      optional: true,
    },
  ],
};

/** The id of a field's control: `setup-paging-page-size` for `pageSize`. */
function idOf(key: string): string {
  return `setup-paging-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function PagingFields({ paging, onChange }: { paging: Paging; onChange: (p: Paging) => void }) {
  const values: Record<string, unknown> = paging;
  // Each spec names a key of this type, with the value type its box gives.
  const set = (key: string, value: string | number | undefined) => {
    onChange({ ...paging, [key]: value });
  };
  return (
    <>
      {paging.type === 'link' && (
        <p className="muted setup-grid__wide">The next page's URL is read from the Link header.</p>
      )}
      {FIELDS[paging.type].map((spec) => {
        const value = values[spec.key];
        return spec.number === true ? (
          <NumberInput
            // Per type: a box of another type starts from that type's value.
            key={`${paging.type}-${spec.key}`}
            spec={spec}
            value={typeof value === 'number' ? value : undefined}
            onChange={(n) => {
              set(spec.key, n);
            }}
          />
        ) : (
          <label key={spec.key} className="field-label" htmlFor={idOf(spec.key)}>
            {spec.label}
            <input
              id={idOf(spec.key)}
              className="input"
              placeholder={spec.hint}
              value={typeof value === 'string' ? value : ''}
              onChange={(e) => {
                const text = e.target.value;
                set(spec.key, spec.optional === true && text === '' ? undefined : text);
              }}
            />
          </label>
        );
      })}
      {paging.type === 'cursor' && (
        <label className="field-label" htmlFor="setup-paging-to">
          Sent in
          <select
            id="setup-paging-to"
            className="input"
            value={paging.to ?? 'query'}
            onChange={(e) => {
              onChange({ ...paging, to: e.target.value === 'body' ? 'body' : 'query' });
            }}
          >
            <option value="query">Query parameter</option>
            <option value="body">Request body</option>
          </select>
        </label>
      )}
    </>
  );
}

interface NumberProps {
  spec: FieldSpec;
  value: number | undefined;
  /** A whole number typed, or undefined when an optional box is emptied. */
  onChange: (value: number | undefined) => void;
}

/** A number box that keeps what is typed, so it can be emptied on the way to another number;
 * a required one keeps its last number until a new one is typed. */
function NumberInput({ spec, value, onChange }: NumberProps) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  return (
    <label className="field-label" htmlFor={idOf(spec.key)}>
      {spec.label}
      <input
        id={idOf(spec.key)}
        className="input setup-number"
        type="number"
        min={0}
        placeholder={spec.hint}
        value={text}
        onChange={(e) => {
          const typed = e.target.value;
          setText(typed);
          const n = Number(typed);
          if (typed.trim() === '') {
            if (spec.optional === true) onChange(undefined);
          } else if (Number.isSafeInteger(n) && n >= 0) {
            onChange(n);
          }
        }}
      />
    </label>
  );
}

function Pages({ seen }: { seen: PagesSeen }) {
  return (
    <div data-testid="setup-pages">
      <table className="fields setup-table" aria-label="Pages read">
        <thead>
          <tr>
            <th scope="col" className="setup-col-short">
              Page
            </th>
            <th scope="col" className="setup-col-short">
              Records
            </th>
            <th scope="col" className="setup-col-rest">
              URL
            </th>
          </tr>
        </thead>
        <tbody>
          {seen.pages.map((page) => (
            <tr key={page.number} data-testid="setup-page">
              <th scope="row">{page.number}</th>
              <td>{page.records}</td>
              <td className="setup-wrap">
                <code>{page.url}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {seen.problem !== undefined && (
        <p className="inline-error" role="alert">
          Following the paging stopped: {seen.problem}
        </p>
      )}
    </div>
  );
}

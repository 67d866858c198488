// Opening a sample file: its path and the encoding of its text. The backend reads it in the
// encoding chosen, or (detect) by its byte order mark, else as UTF-8, refusing text that is
// neither; the encoding it was read in is shown, so a wrong reading shows, and choosing
// another one opens the file again in it.
import { useState } from 'react';

/** Common encodings; the backend takes any WHATWG Encoding Standard label. */
export const ENCODINGS: { label: string; name: string }[] = [
  { label: '', name: 'Detect (byte order mark, else UTF-8)' },
  { label: 'utf-8', name: 'UTF-8' },
  { label: 'windows-1252', name: 'Western (Windows-1252, Latin-1)' },
  { label: 'iso-8859-15', name: 'Western (ISO-8859-15, Latin-9)' },
  { label: 'windows-1250', name: 'Central European (Windows-1250)' },
  { label: 'iso-8859-2', name: 'Central European (ISO-8859-2)' },
  { label: 'windows-1251', name: 'Cyrillic (Windows-1251)' },
  { label: 'koi8-r', name: 'Cyrillic (KOI8-R)' },
  { label: 'windows-1253', name: 'Greek (Windows-1253)' },
  { label: 'windows-1254', name: 'Turkish (Windows-1254)' },
  { label: 'windows-1255', name: 'Hebrew (Windows-1255)' },
  { label: 'windows-1256', name: 'Arabic (Windows-1256)' },
  { label: 'windows-874', name: 'Thai (Windows-874)' },
  { label: 'macintosh', name: 'Mac Roman' },
  { label: 'shift_jis', name: 'Japanese (Shift_JIS)' },
  { label: 'euc-jp', name: 'Japanese (EUC-JP)' },
  { label: 'iso-2022-jp', name: 'Japanese (ISO-2022-JP)' },
  { label: 'gbk', name: 'Chinese simplified (GBK)' },
  { label: 'gb18030', name: 'Chinese simplified (GB18030)' },
  { label: 'big5', name: 'Chinese traditional (Big5)' },
  { label: 'euc-kr', name: 'Korean (EUC-KR)' },
  { label: 'utf-16le', name: 'UTF-16LE' },
  { label: 'utf-16be', name: 'UTF-16BE' },
];

export interface SampleFileFormProps {
  /** The encoding the opened file's text was read in; null when none was opened, or for a
   * workbook. */
  readAs: string | null;
  onOpen: (path: string, encoding: string | null) => void;
}

export function SampleFileForm({ readAs, onOpen }: SampleFileFormProps) {
  const [path, setPath] = useState('');
  const [encoding, setEncoding] = useState('');
  const open = (chosen: string) => {
    if (path.trim() !== '') onOpen(path, chosen === '' ? null : chosen);
  };
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        open(encoding);
      }}
    >
      <input
        className="input"
        placeholder="/path/to/sample.json, .csv or .xlsx"
        aria-label="Sample file path"
        value={path}
        onChange={(e) => {
          setPath(e.target.value);
        }}
      />
      <select
        className="input"
        aria-label="Sample encoding"
        value={encoding}
        onChange={(e) => {
          setEncoding(e.target.value);
          open(e.target.value);
        }}
      >
        {ENCODINGS.map((e) => (
          <option key={e.label} value={e.label}>
            {e.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button">
        Open sample
      </button>
      {readAs !== null && (
        <span className="muted" data-testid="sample-encoding">
          Read as {readAs}
        </span>
      )}
    </form>
  );
}

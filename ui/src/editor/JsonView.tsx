// The mapping as JSON (CodeMirror 6). Edits that make valid JSON update the visual state;
// invalid JSON shows its line and column and leaves the visual state as it was. Visual edits
// replace the text.
import { json } from '@codemirror/lang-json';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { minimalSetup } from 'codemirror';
import { useEffect, useRef, useState } from 'react';
import { jsonSyntaxError, type JsonSyntaxError } from './jsonError';
import { mappingText, toFullForm, type Mapping } from './model';

export interface JsonViewProps {
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
}

export function JsonView({ mapping, onChange }: JsonViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  /** The mapping the text last produced, so its own edits do not rewrite the text. */
  const fromText = useRef<Mapping | null>(null);
  const change = useRef(onChange);
  /** Set while the text is replaced from a visual edit, which is no edit of its own. */
  const applying = useRef(false);
  const [problem, setProblem] = useState<JsonSyntaxError | { message: string } | null>(null);

  useEffect(() => {
    change.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (host.current === null) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: mappingText(mapping),
        extensions: [
          minimalSetup,
          json(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'Mapping JSON' }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || applying.current) return;
            const text = update.state.doc.toString();
            const syntax = jsonSyntaxError(text);
            if (syntax !== null) {
              setProblem(syntax);
              return;
            }
            try {
              const next = toFullForm(JSON.parse(text));
              setProblem(null);
              fromText.current = next;
              change.current(next);
            } catch (error) {
              setProblem({ message: error instanceof Error ? error.message : String(error) });
            }
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is made once; later mappings arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor === null || mapping === fromText.current) return;
    const text = mappingText(mapping);
    if (editor.state.doc.toString() !== text) {
      applying.current = true;
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
      applying.current = false;
      setProblem(null);
    }
  }, [mapping]);

  return (
    <div className="json-view">
      <div ref={host} className="json-view__editor" data-testid="json-editor" />
      {problem !== null && (
        <p className="inline-error" role="alert" data-testid="json-error">
          {'line' in problem
            ? `Invalid JSON at line ${String(problem.line)}, column ${String(problem.column)}: ${problem.message}`
            : `Not a mapping: ${problem.message}`}{' '}
          — the visual view keeps the last valid mapping.
        </p>
      )}
    </div>
  );
}

// The workspace's toolbar: the mapping's name and unsaved mark, its file (new, open, save,
// the system's dialogs) or, for an option's mapping, "Save into option X"; undo and redo,
// auto-map, the tests panel's toggle, the operation and the visual or JSON view.
import type { EditorInput } from '../types';
import type { MappingFile } from './useMappingFile';

export type Operation = EditorInput['operation'];
export type MappingView = 'visual' | 'json';

interface Props {
  objectName: string;
  unsaved: boolean;
  file: MappingFile;
  onNew: () => void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onAutoMap: () => void;
  testCount: number;
  showTests: boolean;
  onToggleTests: () => void;
  operation: Operation;
  onOperation: (operation: Operation) => void;
  /** False when the write is not the user's to choose (an export's JSON target). */
  showOperation?: boolean;
  view: MappingView;
  onView: (view: MappingView) => void;
}

export function Toolbar(props: Props) {
  const { file, view, onView } = props;
  return (
    <header className="toolbar">
      <h1 className="toolbar__title">
        Mapping — {props.objectName}
        {props.unsaved && (
          <span className="unsaved" data-testid="unsaved" title="Unsaved changes">
            {' '}
            ● unsaved
          </span>
        )}
      </h1>
      {file.into !== null ? (
        <div className="row">
          <button
            type="button"
            className="button"
            title="Start an empty mapping on the same sample and describe"
            onClick={props.onNew}
          >
            New mapping
          </button>
          <button type="button" className="button button--primary" onClick={file.saveInto}>
            Save into {file.into}
          </button>
        </div>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            file.save(file.path);
          }}
        >
          <button
            type="button"
            className="button"
            title="Start an empty mapping on the same sample and describe"
            onClick={props.onNew}
          >
            New mapping
          </button>
          <input
            className="input input--path"
            aria-label="Mapping file path"
            placeholder="/path/to/mapping.json"
            value={file.path}
            onChange={(e) => {
              file.setPath(e.target.value);
            }}
          />
          <button
            type="button"
            className="button"
            onClick={() => {
              file.open(file.path);
            }}
            disabled={file.path === ''}
          >
            Open
          </button>
          <button type="submit" className="button button--primary" disabled={file.path === ''}>
            Save
          </button>
          <button
            type="button"
            className="button"
            title="Choose a mapping file in the system's dialog"
            onClick={file.openChosen}
          >
            Open…
          </button>
          <button
            type="button"
            className="button"
            title="Choose where to save in the system's dialog"
            onClick={file.saveChosen}
          >
            Save as…
          </button>
        </form>
      )}
      <div className="row">
        <button
          type="button"
          className="button"
          disabled={!props.canUndo}
          onClick={props.onUndo}
          title="Ctrl+Z"
        >
          Undo
        </button>
        <button
          type="button"
          className="button"
          disabled={!props.canRedo}
          onClick={props.onRedo}
          title="Ctrl+Shift+Z"
        >
          Redo
        </button>
        <button type="button" className="button" onClick={props.onAutoMap}>
          Auto-map
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={props.showTests}
          onClick={props.onToggleTests}
        >
          Tests ({props.testCount})
        </button>
        {props.showOperation !== false && (
        <label className="field-label row">
          Operation
          <select
            className="input"
            value={props.operation}
            onChange={(e) => {
              props.onOperation(e.target.value as Operation);
            }}
          >
            <option value="insert">insert</option>
            <option value="update">update</option>
            <option value="upsert">upsert</option>
          </select>
        </label>
        )}
        <div className="segmented" role="group" aria-label="Mapping view">
          {(['visual', 'json'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              className="button"
              onClick={() => {
                onView(v);
              }}
            >
              {v === 'visual' ? 'Visual' : 'JSON'}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}

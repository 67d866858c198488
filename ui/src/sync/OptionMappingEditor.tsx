// The mapping editor opened on an option's mapping: the editor as it is, given the option's
// mapping, the target describe fetched from the option's org and a first source record as
// its workspace, and "Save as…" writing the mapping back into the option.
import { useEffect, useMemo, useState } from 'react';
import { BackendContext, useBackend, type Backend } from '../backend';
import { Workspace } from '../editor/Workspace';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { useSyncBackend, type OptionWorkspace } from './syncBackend';

const PREFIX = 'option:';

export function OptionMappingEditor({ option, onClose }: { option: string; onClose: () => void }) {
  const backend = useBackend();
  const sync = useSyncBackend();
  const [loaded, setLoaded] = useState<OptionWorkspace | ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    let current = true;
    sync.optionWorkspace(option).then(
      (w) => {
        if (current) setLoaded(w);
      },
      (reason: unknown) => {
        if (current) setLoaded(toApiError(reason));
      },
    );
    return () => {
      current = false;
    };
  }, [sync, option]);
  const proxy = useMemo<Backend | null>(() => {
    if (loaded === null || 'code' in loaded) return null;
    const overrides: Partial<Backend> = {
      demoWorkspace: () =>
        Promise.resolve({
          sampleName: `${option} source`,
          sample: loaded.sample,
          recordsPath: loaded.recordsPath,
          describeName: loaded.describeFrom,
          describe: loaded.describe,
          mappingName: `${PREFIX}${option}`,
          mapping: loaded.mapping,
        }),
      pickFile: (purpose) =>
        purpose === 'save-mapping'
          ? Promise.resolve(`${PREFIX}${option}`)
          : backend.pickFile(purpose),
      writeTextFile: async (path, text) => {
        if (!path.startsWith(PREFIX)) return backend.writeTextFile(path, text);
        await sync.saveOptionMapping(path.slice(PREFIX.length), JSON.parse(text) as unknown);
        setSaved(true);
      },
    };
    // Every other call goes to the app's backend as it is (a class instance in tests).
    return new Proxy(backend, {
      get(target, prop, receiver) {
        const own = (overrides as Record<string | symbol, unknown>)[prop];
        if (own !== undefined) return own;
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  }, [backend, sync, loaded, option]);
  return (
    <div>
      <div className="row" role="region" aria-label="Option mapping">
        <strong>Mapping of option {option}</strong>
        <span className="muted">
          Save as… writes it back into the option
          {loaded !== null && !('code' in loaded) && loaded.describeFrom !== ''
            ? `; describe from ${loaded.describeFrom}`
            : ''}
          .
        </span>
        {saved && <span className="status status--valid">Saved into {option}.</span>}
        <button type="button" className="button" onClick={onClose}>
          Back to the demo mapping
        </button>
      </div>
      {loaded !== null && !('code' in loaded) && loaded.notes.length > 0 && (
        <ul className="muted" aria-label="Notes">
          {loaded.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {loaded === null && <p className="muted">Loading the option…</p>}
      {loaded !== null && 'code' in loaded && <ErrorBox error={loaded} />}
      {proxy !== null && (
        <BackendContext value={proxy}>
          <Workspace key={option} />
        </BackendContext>
      )}
    </div>
  );
}

// The mapping editor opened on an option's mapping: the editor as it is, given the option's
// mapping, the target describe fetched from the option's org and a first source record as
// its workspace, and "Save into option X" writing the mapping back into the option; Run now
// and Schedule beside it.
import { useEffect, useMemo, useState } from 'react';
import { BackendContext, useBackend, type Backend } from '../backend';
import { Workspace } from '../editor/Workspace';
import type { MappingDestination } from '../editor/useMappingFile';
import { toApiError, type ApiError } from '../types';
import { ErrorBox } from '../components/ErrorBox';
import { OptionRunBar } from './OptionRunBar';
import { useSyncBackend, type OptionWorkspace } from './syncBackend';

export function OptionMappingEditor({ option, onClose }: { option: string; onClose: () => void }) {
  const backend = useBackend();
  const sync = useSyncBackend();
  const [loaded, setLoaded] = useState<OptionWorkspace | ApiError | null>(null);
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
          mappingName: `option ${option}`,
          mapping: loaded.mapping,
        }),
      // An import from another org: auto-map sets lookups by the parents' fields.
      suggestMapping: (input) => backend.suggestMapping({ ...input, sourceIsOrg: loaded.sourceIsOrg }),
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
  }, [backend, loaded, option]);
  const into = useMemo<MappingDestination>(
    () => ({
      name: `option ${option}`,
      write: (text) => sync.saveOptionMapping(option, JSON.parse(text) as unknown),
    }),
    [sync, option],
  );
  return (
    <div className="option-mapping">
      <div className="row option-mapping__bar" role="region" aria-label="Option mapping">
        <strong>Mapping of option {option}</strong>
        <span className="muted">
          Saved into the option, not into a file
          {loaded !== null && !('code' in loaded) && loaded.describeFrom !== ''
            ? `; describe from ${loaded.describeFrom}`
            : ''}
          .
        </span>
        <button type="button" className="button" onClick={onClose}>
          Back to the demo mapping
        </button>
      </div>
      <OptionRunBar option={option} />
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
          <Workspace
            key={option}
            into={into}
            checkParents={(records) => sync.checkOptionParents(option, records)}
            operation={loaded !== null && !('code' in loaded) ? loaded.operation : undefined}
          />
        </BackendContext>
      )}
    </div>
  );
}

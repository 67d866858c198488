// The app's frame: the product bar and its screens: the mapping editor (where the app opens,
// on the bundled demo, or on an option's mapping), the demo's preview report, and the sync
// screens (connections, remote sites, options, run, run log, diff).
import { lazy, Suspense, useEffect, useState } from 'react';
import { rememberOption as compareNext } from './diff/lastOption';
import { Workspace } from './editor/Workspace';
import { markPaint } from './timing';

type Screen =
  | 'editor'
  | 'report'
  | 'connections'
  | 'sites'
  | 'options'
  | 'run'
  | 'runlog'
  | 'diff';

// Screens other than the editor are loaded when their tab is first opened, not on start.
const PreviewScreen = lazy(() =>
  import('./preview/PreviewScreen').then((m) => ({ default: m.PreviewScreen })),
);
const ConnectionsScreen = lazy(() =>
  import('./sync/ConnectionsScreen').then((m) => ({ default: m.ConnectionsScreen })),
);
const RemoteSitesScreen = lazy(() =>
  import('./sync/RemoteSitesScreen').then((m) => ({ default: m.RemoteSitesScreen })),
);
const OptionsScreen = lazy(() =>
  import('./sync/OptionsScreen').then((m) => ({ default: m.OptionsScreen })),
);
const RunScreen = lazy(() => import('./sync/RunScreen').then((m) => ({ default: m.RunScreen })));
const RunLogScreen = lazy(() =>
  import('./sync/RunLogScreen').then((m) => ({ default: m.RunLogScreen })),
);
const DiffScreen = lazy(() =>
  import('./diff/DiffScreen').then((m) => ({ default: m.DiffScreen })),
);
const OptionMappingEditor = lazy(() =>
  import('./sync/OptionMappingEditor').then((m) => ({ default: m.OptionMappingEditor })),
);

export function App() {
  const [screen, setScreen] = useState<Screen>('editor');
  const [optionMapping, setOptionMapping] = useState<string | null>(null);
  useEffect(() => {
    markPaint('first-paint');
  }, []);
  const tab = (id: Screen, label: string) => (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      aria-selected={screen === id}
      aria-controls="screen"
      className="app-bar__tab"
      onClick={() => {
        setScreen(id);
      }}
    >
      {label}
    </button>
  );
  const body = () => {
    switch (screen) {
      case 'editor':
        return optionMapping === null ? (
          <Workspace />
        ) : (
          <OptionMappingEditor
            option={optionMapping}
            onClose={() => {
              setOptionMapping(null);
            }}
          />
        );
      case 'report':
        return <PreviewScreen />;
      case 'connections':
        return <ConnectionsScreen />;
      case 'sites':
        return <RemoteSitesScreen />;
      case 'options':
        return (
          <OptionsScreen
            onEditMapping={(name) => {
              setOptionMapping(name);
              setScreen('editor');
            }}
            onCompare={(name) => {
              compareNext(name);
              setScreen('diff');
            }}
          />
        );
      case 'run':
        return <RunScreen />;
      case 'runlog':
        return <RunLogScreen />;
      case 'diff':
        return <DiffScreen />;
    }
  };
  return (
    <div className="app">
      <div className="app-bar">
        <img className="app-bar__logo" src="/icon.png" alt="" width="20" height="20" />
        <span className="app-bar__name">Sync Central</span>
        <div role="tablist" aria-label="Screens" className="app-bar__tabs">
          {tab('editor', 'Mapping editor')}
          {tab('report', 'Demo report')}
          {tab('connections', 'Connections')}
          {tab('sites', 'Remote sites')}
          {tab('options', 'Options')}
          {tab('run', 'Run')}
          {tab('runlog', 'Run log')}
          {tab('diff', 'Diff')}
        </div>
      </div>
      <div id="screen" role="tabpanel" aria-labelledby={`tab-${screen}`}>
        <Suspense fallback={<p className="muted">Loading…</p>}>{body()}</Suspense>
      </div>
    </div>
  );
}

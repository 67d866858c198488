// The app's frame: the product bar and two screens, the mapping editor (where the app opens,
// on the bundled demo) and the demo's preview report.
import { lazy, Suspense, useEffect, useState } from 'react';
import { Workspace } from './editor/Workspace';
import { markPaint } from './timing';

type Screen = 'editor' | 'report';

// The demo report is loaded when its tab is first opened, not on start.
const PreviewScreen = lazy(() =>
  import('./preview/PreviewScreen').then((m) => ({ default: m.PreviewScreen })),
);

export function App() {
  const [screen, setScreen] = useState<Screen>('editor');
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
  return (
    <div className="app">
      <div className="app-bar">
        <img className="app-bar__logo" src="/icon.png" alt="" width="20" height="20" />
        <span className="app-bar__name">Sync Central</span>
        <div role="tablist" aria-label="Screens" className="app-bar__tabs">
          {tab('editor', 'Mapping editor')}
          {tab('report', 'Demo report')}
        </div>
      </div>
      <div id="screen" role="tabpanel" aria-labelledby={`tab-${screen}`}>
        {screen === 'editor' ? (
          <Workspace />
        ) : (
          <Suspense fallback={<p className="muted">Loading the report…</p>}>
            <PreviewScreen />
          </Suspense>
        )}
      </div>
    </div>
  );
}

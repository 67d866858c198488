// The app's frame: the login (and the forced password change) first, then the product bar,
// the side bar of screens grouped by the user's journey (Navigation.tsx) and the screen
// chosen: the mapping editor (where the app opens, on the bundled demo, or on an option's
// mapping), the demo's preview report, the sync screens, settings and, for admins, users and
// the audit log. An operator sees no screen that changes the configuration; the backend
// refuses those changes anyway.
import { lazy, Suspense, useEffect, useState } from 'react';
import { ChangePassword } from './auth/ChangePassword';
import { LoginScreen } from './auth/LoginScreen';
import { useAuthBackend, type Session } from './auth/authBackend';
import { rememberOption as compareNext } from './diff/lastOption';
import { Workspace } from './editor/Workspace';
import { Navigation, type Screen } from './Navigation';
import { markPaint } from './timing';

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
const SettingsScreen = lazy(() =>
  import('./settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })),
);
const UsersScreen = lazy(() =>
  import('./auth/UsersScreen').then((m) => ({ default: m.UsersScreen })),
);
const AuditScreen = lazy(() =>
  import('./auth/AuditScreen').then((m) => ({ default: m.AuditScreen })),
);
const PlanScreen = lazy(() => import('./sync/PlanScreen').then((m) => ({ default: m.PlanScreen })));
const SchedulesScreen = lazy(() =>
  import('./sync/SchedulesScreen').then((m) => ({ default: m.SchedulesScreen })),
);
const EndpointsScreen = lazy(() =>
  import('./sync/EndpointsScreen').then((m) => ({ default: m.EndpointsScreen })),
);
const DiffScreen = lazy(() =>
  import('./diff/DiffScreen').then((m) => ({ default: m.DiffScreen })),
);
const OptionMappingEditor = lazy(() =>
  import('./sync/OptionMappingEditor').then((m) => ({ default: m.OptionMappingEditor })),
);

export function App() {
  const auth = useAuthBackend();
  // undefined: not asked yet; null: nobody signed in.
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [changing, setChanging] = useState(false);
  useEffect(() => {
    markPaint('first-paint');
    auth.currentSession().then(setSession, () => {
      setSession(null);
    });
  }, [auth]);
  const signOut = () => {
    setChanging(false);
    setSession(null);
    auth.logOut().catch(() => undefined);
  };
  if (session === undefined) return <p className="muted">Loading…</p>;
  if (session === null) return <LoginScreen onSignedIn={setSession} />;
  if (session.mustChangePassword || changing) {
    return (
      <ChangePassword
        session={session}
        onChanged={(s) => {
          setChanging(false);
          setSession(s);
        }}
        onCancel={() => {
          if (session.mustChangePassword) signOut();
          else setChanging(false);
        }}
      />
    );
  }
  return (
    <Screens
      session={session}
      onSignOut={signOut}
      onChangePassword={() => {
        setChanging(true);
      }}
    />
  );
}

function Screens({
  session,
  onSignOut,
  onChangePassword,
}: {
  session: Session;
  onSignOut: () => void;
  onChangePassword: () => void;
}) {
  const [screen, setScreen] = useState<Screen>('editor');
  const [optionMapping, setOptionMapping] = useState<string | null>(null);
  const admin = session.role === 'admin';
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
      case 'settings':
        return <SettingsScreen />;
      case 'users':
        return <UsersScreen />;
      case 'audit':
        return <AuditScreen />;
      case 'plan':
        return <PlanScreen />;
      case 'schedules':
        return <SchedulesScreen />;
      case 'endpoints':
        return <EndpointsScreen />;
    }
  };
  return (
    <div className="app">
      <div className="app-bar">
        <img className="app-bar__logo" src="/icon.png" alt="" width="20" height="20" />
        <span className="app-bar__name">Sync Central</span>
        <span className="app-bar__user" data-testid="signed-in">
          {session.user} ({session.role})
        </span>
        <button type="button" className="button" onClick={onChangePassword}>
          Change password
        </button>
        <button type="button" className="button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
      <Navigation admin={admin} screen={screen} onScreen={setScreen} />
      <div id="screen" role="tabpanel" aria-labelledby={`tab-${screen}`} className="app__screen">
        <Suspense fallback={<p className="muted">Loading…</p>}>{body()}</Suspense>
      </div>
    </div>
  );
}

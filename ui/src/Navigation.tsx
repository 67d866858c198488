// The screens in the order of the user's journey: set a sync up, run it, reconcile what it
// did, administer the app. A side bar lists every screen a user may open under its group's
// heading; it scrolls on its own, so it fits the smallest window and every tab stays one
// click away.

export type Screen =
  | 'editor'
  | 'report'
  | 'connections'
  | 'sites'
  | 'options'
  | 'run'
  | 'runlog'
  | 'diff'
  | 'settings'
  | 'users'
  | 'audit'
  | 'plan'
  | 'schedules'
  | 'endpoints';

/** The screens that change the configuration or the users: admins only. */
export const ADMIN_SCREENS: readonly Screen[] = [
  'connections',
  'sites',
  'options',
  'schedules',
  'endpoints',
  'users',
  'audit',
];

export interface ScreenGroup {
  id: string;
  label: string;
  screens: readonly { id: Screen; label: string }[];
}

export const SCREEN_GROUPS: readonly ScreenGroup[] = [
  {
    id: 'setup',
    label: 'Set up',
    screens: [
      { id: 'connections', label: 'Connections' },
      { id: 'sites', label: 'Remote sites' },
      { id: 'options', label: 'Options' },
      { id: 'editor', label: 'Mapping editor' },
    ],
  },
  {
    id: 'run',
    label: 'Run',
    screens: [
      { id: 'run', label: 'Run' },
      { id: 'runlog', label: 'Run log' },
      { id: 'schedules', label: 'Schedules' },
      { id: 'plan', label: 'Plan' },
      { id: 'endpoints', label: 'Endpoints' },
    ],
  },
  {
    id: 'reconcile',
    label: 'Reconcile',
    screens: [
      { id: 'diff', label: 'Diff' },
      { id: 'report', label: 'Preview report' },
    ],
  },
  {
    id: 'admin',
    label: 'Admin',
    screens: [
      { id: 'settings', label: 'Settings' },
      { id: 'users', label: 'Users' },
      { id: 'audit', label: 'Audit log' },
    ],
  },
];

/** The groups as a user sees them: an operator's without the admin screens, and without a
 * group left empty. */
export function groupsFor(admin: boolean): ScreenGroup[] {
  return SCREEN_GROUPS.map((g) => ({
    ...g,
    screens: g.screens.filter((s) => admin || !ADMIN_SCREENS.includes(s.id)),
  })).filter((g) => g.screens.length > 0);
}

export function Navigation({
  admin,
  screen,
  onScreen,
}: {
  admin: boolean;
  screen: Screen;
  onScreen: (screen: Screen) => void;
}) {
  return (
    <nav className="nav">
      <div role="tablist" aria-label="Screens" aria-orientation="vertical" className="nav__list">
        {groupsFor(admin).map((g) => (
          <div key={g.id} role="group" aria-labelledby={`nav-${g.id}`} className="nav__group">
            <div id={`nav-${g.id}`} className="nav__heading">
              {g.label}
            </div>
            {g.screens.map((s) => (
              <button
                key={s.id}
                type="button"
                role="tab"
                id={`tab-${s.id}`}
                aria-selected={screen === s.id}
                aria-controls="screen"
                className="nav__tab"
                onClick={() => {
                  onScreen(s.id);
                }}
              >
                {s.label}
              </button>
            ))}
          </div>
        ))}
      </div>
    </nav>
  );
}

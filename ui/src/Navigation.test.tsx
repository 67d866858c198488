import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ADMIN_SCREENS, Navigation, SCREEN_GROUPS, type Screen } from './Navigation';

function nav(admin: boolean, screen: Screen = 'editor', onScreen: (s: Screen) => void = () => undefined) {
  render(<Navigation admin={admin} screen={screen} onScreen={onScreen} />);
}

/** Each group's heading with the names of its tabs, in order. */
function shown(): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const group of within(screen.getByRole('tablist')).getAllByRole('group')) {
    const heading = group.getAttribute('aria-labelledby') ?? '';
    const label = document.getElementById(heading)?.textContent ?? '';
    groups[label] = within(group)
      .getAllByRole('tab')
      .map((t) => t.textContent);
  }
  return groups;
}

describe('the navigation', () => {
  it('groups an admin’s screens by the journey: set up, run, reconcile, admin', () => {
    nav(true);
    expect(shown()).toEqual({
      'Set up': ['Connections', 'Remote sites', 'Options', 'Mapping editor'],
      Run: ['Run', 'Run log', 'Schedules', 'Plan', 'Endpoints'],
      Reconcile: ['Diff', 'Preview report'],
      Admin: ['Settings', 'Users', 'Audit log'],
    });
  });

  it('shows an operator no admin screen', () => {
    nav(false);
    expect(shown()).toEqual({
      'Set up': ['Mapping editor'],
      Run: ['Run', 'Run log', 'Plan'],
      Reconcile: ['Diff', 'Preview report'],
      Admin: ['Settings'],
    });
    for (const id of ADMIN_SCREENS) expect(document.getElementById(`tab-${id}`)).toBeNull();
  });

  it('keeps every screen’s tab id and marks the open one', () => {
    nav(true, 'runlog');
    const ids = SCREEN_GROUPS.flatMap((g) => g.screens.map((s) => s.id));
    expect(ids).toHaveLength(14);
    for (const id of ids) {
      const tab = document.getElementById(`tab-${id}`);
      expect(tab).toHaveAttribute('role', 'tab');
      expect(tab).toHaveAttribute('aria-selected', String(id === 'runlog'));
    }
  });

  it('opens the screen of the tab clicked', async () => {
    const opened: Screen[] = [];
    nav(true, 'editor', (s) => opened.push(s));
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Audit log' }));
    expect(opened).toEqual(['audit']);
  });
});

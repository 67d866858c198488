// The option the diff viewer compares last, kept for this window: coming back to the Diff
// tab, or "Compare" on the Options screen, opens the viewer on it.

const OPTION_KEY = 'sync-central.diff.option';

export function recalledOption(): string | null {
  try {
    return sessionStorage.getItem(OPTION_KEY);
  } catch {
    return null;
  }
}

export function rememberOption(name: string | null) {
  try {
    if (name === null) sessionStorage.removeItem(OPTION_KEY);
    else sessionStorage.setItem(OPTION_KEY, name);
  } catch {
    // Storage can be unavailable; the viewer then opens on the first import option.
  }
}

/** Light, dark, or whatever the system says (the default). */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** public/theme-init.js reads the same key before the first paint: change both together. */
export const themeStorageKey = 'docker-footprint-theme';

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return value === 'system' || value === 'light' || value === 'dark';
}

/** Storage may be missing or refuse access (a private window, a sandboxed frame). */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = storage()?.getItem(themeStorageKey);
    return isThemeChoice(stored) ? stored : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Puts the choice on <html> (the stylesheet's `color-scheme` and colours follow it) and
 * remembers it. "system" removes the attribute: the stylesheet then follows the system live.
 */
export function applyThemeChoice(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
  try {
    if (choice === 'system') storage()?.removeItem(themeStorageKey);
    else storage()?.setItem(themeStorageKey, choice);
  } catch {
    // Not remembered, still applied for this visit.
  }
}

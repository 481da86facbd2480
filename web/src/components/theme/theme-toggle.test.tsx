import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import initScript from '../../../public/theme-init.js?raw';
import { themeStorageKey } from './theme';
import { ThemeToggle } from './theme-toggle';

const root = document.documentElement;
/** public/theme-init.js as index.html runs it, before the app. */
const runInitScript = () => new Function(initScript)() as unknown;
const checked = (name: string) => (screen.getByRole('radio', { name }) as HTMLInputElement).checked;

afterEach(() => {
  localStorage.clear();
  root.removeAttribute('data-theme');
});

describe('theme toggle', () => {
  it('follows the system until a theme is chosen, then remembers it', () => {
    const { unmount } = render(<ThemeToggle />);
    expect(checked('System')).toBe(true);
    expect(root.hasAttribute('data-theme')).toBe(false);

    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(root.getAttribute('data-theme')).toBe('dark');
    expect(localStorage.getItem(themeStorageKey)).toBe('dark');

    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    expect(root.getAttribute('data-theme')).toBe('light');
    expect(localStorage.getItem(themeStorageKey)).toBe('light');

    // A new visit shows what was chosen.
    unmount();
    render(<ThemeToggle />);
    expect(checked('Light')).toBe(true);

    fireEvent.click(screen.getByRole('radio', { name: 'System' }));
    expect(root.hasAttribute('data-theme')).toBe(false);
    expect(localStorage.getItem(themeStorageKey)).toBeNull();
  });

  it('is applied by the script in <head> before the app starts, and only a known value', () => {
    localStorage.setItem(themeStorageKey, 'dark');
    runInitScript();
    expect(root.getAttribute('data-theme')).toBe('dark');

    root.removeAttribute('data-theme');
    localStorage.setItem(themeStorageKey, '"><img src=x>');
    runInitScript();
    expect(root.hasAttribute('data-theme')).toBe(false);
    render(<ThemeToggle />);
    expect(checked('System')).toBe(true);
  });
});

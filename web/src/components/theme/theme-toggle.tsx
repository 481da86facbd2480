import { useState } from 'react';
import { Segmented } from '../segmented';
import { applyThemeChoice, readThemeChoice, type ThemeChoice } from './theme';

const options: { value: ThemeChoice; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'Follow the system’s light or dark setting' },
  { value: 'light', label: 'Light', hint: 'Always light' },
  { value: 'dark', label: 'Dark', hint: 'Always dark' },
];

/** Light, dark or the system's setting, remembered in this browser. */
export function ThemeToggle() {
  // public/theme-init.js applied the stored choice before the first paint; this only shows it.
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  return (
    <div className="theme-toggle">
      <Segmented
        legend="Theme"
        value={choice}
        options={options}
        onChange={(next) => {
          applyThemeChoice(next);
          setChoice(next);
        }}
      />
    </div>
  );
}

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  allowed,
  clientWithSession,
  readOnly,
  unauthorized,
  withProviders,
} from '../../../test/session';
import { ReclaimFlow } from './reclaim-flow';

describe('<ReclaimFlow>', () => {
  it('has no prune control in read-only mode', () => {
    render(withProviders(clientWithSession(readOnly), <ReclaimFlow />, '/reclaim'));
    expect(screen.getByTestId('read-only-note')).toBeTruthy();
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
  });

  it('says how to get a session instead of the form', () => {
    render(withProviders(clientWithSession(unauthorized), <ReclaimFlow />, '/reclaim'));
    expect(screen.getByTestId('session-note')).toBeTruthy();
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('takes the kinds from the URL, never named volumes unless chosen', () => {
    render(withProviders(clientWithSession(allowed), <ReclaimFlow />, '/reclaim?kind=build-cache'));
    const checked = screen
      .getAllByRole('checkbox')
      .filter((box) => (box as HTMLInputElement).checked)
      .map((box) => box.closest('label')?.dataset.kind);
    expect(checked).toEqual(['build-cache']);
    expect(screen.getByRole('button', { name: 'Preview' })).toBeTruthy();
  });
});

import type { EngineList } from '@footprint/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../../../lib/query-keys';
import { threeEngines } from '../../../test/engines';
import { hasRawInvisible, hostile } from '../../../test/hostile';
import { allowed, clientWithSession, withProviders } from '../../../test/session';
import { EngineSwitcher } from './engine-switcher';

function renderSwitcher(
  list: EngineList,
  path: string,
  props: { engineId: string | null; allEngines?: boolean },
) {
  // The list is known already; a poll that comes meanwhile gets the same list.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(list), { status: 200 })),
  );
  const client = clientWithSession(allowed);
  client.setQueryData(queryKeys.engines(), list);
  render(
    withProviders(
      client,
      <EngineSwitcher engineId={props.engineId} allEngines={props.allEngines ?? false} />,
      path,
      props.engineId,
    ),
  );
  return screen.getByRole('button', { name: /Engine/ });
}

describe('<EngineSwitcher>', () => {
  it('names the engine shown, its kind, transport and state, and lists every engine closed', () => {
    const button = renderSwitcher(threeEngines(), '/images', { engineId: null });
    expect(button.textContent).toContain('default');
    expect(button.textContent).toContain('Docker · unix socket');
    expect(button.textContent).toContain('up');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    const list = document.getElementById(String(button.getAttribute('aria-controls')));
    expect(list?.hidden).toBe(true);
  });

  it('opens a list of links to the same page of each engine, the default one unprefixed', () => {
    const button = renderSwitcher(threeEngines(), '/images/sha256:abc', { engineId: null });
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const engines = screen.getByRole('list', { name: 'Engines' });
    const links = within(engines).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      // A detail page leads to the list: the same ID is another image, or none, elsewhere.
      '/images',
      '/engines/build-box/images',
      '/engines/podman/images',
      '/engines',
    ]);
    expect(links[0]?.getAttribute('aria-current')).toBe('page');
    expect(links[1]?.getAttribute('aria-current')).toBeNull();

    const away = links[1] as HTMLElement;
    expect(away.textContent).toContain('Docker · ssh');
    expect(away.textContent).toContain('away since');
    expect(away.querySelector('time')?.getAttribute('datetime')).toBe('2026-12-07T08:30:00.000Z');
    expect(links[2]?.textContent).toContain('Podman · unix socket');
    expect(links[2]?.textContent).toContain('off');
  });

  it('shows the engine in the URL, and keeps the section when switching back', () => {
    const button = renderSwitcher(threeEngines(), '/engines/build-box/containers', {
      engineId: 'build-box',
    });
    expect(button.textContent).toContain('build-box');
    expect(button.textContent).toContain('away since');
    fireEvent.click(button);
    const links = within(screen.getByRole('list', { name: 'Engines' })).getAllByRole('link');
    expect(links[0]?.getAttribute('href')).toBe('/containers');
    expect(links[1]?.getAttribute('aria-current')).toBe('page');
  });

  it('closes on Escape and gives the focus back to its button', () => {
    const button = renderSwitcher(threeEngines(), '/', { engineId: null });
    fireEvent.click(button);
    const link = within(screen.getByRole('list', { name: 'Engines' })).getAllByRole('link')[1];
    link?.focus();
    fireEvent.keyDown(link as HTMLElement, { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });

  it('says "All engines" on the overview of all of them', () => {
    const button = renderSwitcher(threeEngines(), '/engines', {
      engineId: null,
      allEngines: true,
    });
    expect(button.textContent).toContain('All engines');
    fireEvent.click(button);
    const all = screen.getByRole('link', { name: /All engines/ });
    expect(all.getAttribute('aria-current')).toBe('page');
  });

  it('shows names from config files inert', () => {
    const list = threeEngines();
    list.engines = list.engines.map((engine) => ({ ...engine, name: hostile(engine.id) }));
    const button = renderSwitcher(list, '/', { engineId: null });
    fireEvent.click(button);
    const root = button.closest('.engine-switcher') as HTMLElement;
    expect(root.textContent).toContain('build-box');
    expect(hasRawInvisible(root.textContent ?? '')).toBe(false);
    for (const element of root.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        expect(hasRawInvisible(attribute.value), attribute.name).toBe(false);
      }
    }
  });
});

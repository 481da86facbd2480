import type { EngineList, EngineSummary, Session } from '@footprint/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EnginesPage } from '../../../app/routes/engines-page';
import { queryKeys } from '../../../lib/query-keys';
import { threeEngines } from '../../../test/engines';
import { hasRawInvisible, hostile } from '../../../test/hostile';
import {
  allowed,
  clientWithSession,
  readOnly,
  unauthorized,
  withProviders,
} from '../../../test/session';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

/** A stand-in for the server: the list, and the switch that changes it. */
function renderPage(initial: EngineList, session: Session = allowed) {
  let list = initial;
  const fetch = vi.fn(async (path: string, init?: RequestInit) => {
    const enabled = /^\/api\/engines\/([a-z0-9-]+)\/enabled$/.exec(path);
    if (enabled && init?.method === 'POST') {
      const on = (JSON.parse(String(init.body)) as { enabled: boolean }).enabled;
      const changed = (engine: EngineSummary): EngineSummary =>
        engine.id === enabled[1]
          ? { ...engine, enabled: on, status: on ? 'connecting' : 'off' }
          : engine;
      list = { ...list, engines: list.engines.map(changed) };
      return json(list.engines.find((engine) => engine.id === enabled[1]));
    }
    return json(list);
  });
  vi.stubGlobal('fetch', fetch);
  const client = clientWithSession(session);
  client.setQueryData(queryKeys.engines(), initial);
  render(withProviders(client, <EnginesPage />, '/engines'));
  return fetch;
}

const card = (id: string) =>
  document.querySelector(`article[data-engine-id="${id}"]`) as HTMLElement;
const figure = (id: string, name: string) =>
  card(id).querySelector(`[data-figure="${name}"] dd`) as HTMLElement;

describe('<EnginesPage>', () => {
  it('shows every engine side by side with its labelled totals, data root and state', () => {
    renderPage(threeEngines());
    expect(screen.getByRole('heading', { level: 1, name: 'All engines' })).toBeDefined();
    const cards = screen.getAllByRole('article');
    expect(cards.map((each) => each.getAttribute('data-engine-id'))).toEqual([
      'local',
      'build-box',
      'podman',
    ]);

    // Measured here: du's figure, said to be on disk.
    const local = figure('local', 'disk');
    expect(local.querySelector('[data-exact-bytes]')?.getAttribute('data-exact-bytes')).toBe(
      '310000000',
    );
    expect(local.textContent).toContain('on disk');
    expect(figure('local', 'counts').textContent).toBe('3 images, 1 container');
    expect(figure('local', 'data-root').textContent).toContain('/var/lib/local');

    // Not measured here: the engine's total, labelled, and why in plain words.
    const remote = figure('build-box', 'disk');
    expect(remote.querySelector('[data-exact-bytes]')?.getAttribute('data-exact-bytes')).toBe(
      '2570000000',
    );
    expect(remote.textContent).toContain('engine figure');
    expect(remote.textContent).toContain('run the dashboard on that host');
    const reclaimable = figure('build-box', 'reclaimable');
    expect(reclaimable.querySelector('[data-exact-bytes]')?.getAttribute('data-exact-bytes')).toBe(
      '1000000000',
    );
    expect(reclaimable.textContent).toContain('engine figure');
    expect(figure('build-box', 'data-root').textContent).toContain('/srv/docker');
  });

  it('shows an engine away as away, with its last figures dated', () => {
    renderPage(threeEngines());
    const away = card('build-box');
    expect(away.getAttribute('data-status')).toBe('away');
    expect(within(away).getByText(/away/).textContent).toContain('away since');
    expect(away.textContent).toContain('Connection refused');
    const asOf = away.querySelector('.engine-as-of') as HTMLElement;
    expect(asOf.textContent).toContain('Its last figures, from');
    expect(asOf.querySelector('time')?.getAttribute('datetime')).toBe('2026-12-07T08:30:00.000Z');
    expect(card('local').querySelector('.engine-as-of')?.textContent).toContain('Figures as of');
  });

  it('links into each engine’s pages, the default one’s unprefixed; none for one turned off', () => {
    renderPage(threeEngines());
    const hrefs = (id: string) =>
      [...card(id).querySelectorAll('nav a')].map((link) => link.getAttribute('href'));
    expect(hrefs('local')).toEqual(['/', '/images', '/containers', '/volumes', '/reclaim']);
    expect(hrefs('build-box')).toEqual([
      '/engines/build-box',
      '/engines/build-box/images',
      '/engines/build-box/containers',
      '/engines/build-box/volumes',
      '/engines/build-box/reclaim',
    ]);
    expect(hrefs('podman')).toEqual([]);
    expect(card('podman').textContent).toContain('Turned off');
  });

  it('turns an engine on through POST /api/engines/:engineId/enabled and shows its new state', async () => {
    const fetch = renderPage(threeEngines());
    const toggle = screen.getByRole('switch', { name: 'Follow podman' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(
      screen.getByRole('switch', { name: 'Follow default' }).getAttribute('aria-checked'),
    ).toBe('true');
    fireEvent.click(toggle);
    await waitFor(() => expect(card('podman').getAttribute('data-status')).toBe('connecting'));
    const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(post?.[0]).toBe('/api/engines/podman/enabled');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ enabled: true });
    expect(post?.[1]?.credentials).toBe('same-origin');
  });

  it('offers no switch in read-only mode, and says how to get a session without one', () => {
    renderPage(threeEngines(), readOnly);
    expect(screen.queryByRole('switch')).toBeNull();
    expect(card('local').querySelector('a[href="/reclaim"]')).toBeNull();
    expect(screen.queryByTestId('session-note')).toBeNull();
    document.body.innerHTML = '';
    renderPage(threeEngines(), unauthorized);
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.getByTestId('session-note')).toBeDefined();
  });

  it('lists the configuration problems, and every text from config files inert', () => {
    const list = threeEngines();
    list.problems = [hostile('~/.docker/contexts/meta/x/meta.json: not JSON')];
    list.engines = list.engines.map((engine) => ({
      ...engine,
      name: hostile(engine.id),
      address: hostile('unix:///run/x.sock'),
      dataRoot: hostile('/var/lib/x'),
      message: hostile('message'),
    }));
    renderPage(list);
    const problems = screen.getByTestId('engine-problems');
    expect(problems.textContent).toContain('not JSON');
    const page = document.body;
    expect(page.textContent).toContain('build-box');
    expect(hasRawInvisible(page.textContent ?? '')).toBe(false);
    for (const element of page.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        expect(hasRawInvisible(attribute.value), attribute.name).toBe(false);
      }
    }
  });
});

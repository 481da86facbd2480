import type { RegistryList as List } from '@footprint/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allowed, clientWithSession, readOnly, withProviders } from '../../../test/session';
import { RegistryList } from './registry-list';

const crawl = {
  state: 'never' as const,
  startedAt: null,
  finishedAt: null,
  repositoriesTotal: null,
  repositoriesDone: 0,
  manifestsFetched: 0,
  repositoriesFailed: 0,
  message: null,
};
const list = (hosts: [string, 'config' | 'user'][]): List => ({
  registries: hosts.map(([host, source]) => ({ host, source, crawl })),
  configNote: null,
});
const json = (body: unknown) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

afterEach(() => vi.unstubAllGlobals());

describe('<RegistryList>', () => {
  it('adds a registry by address and removes an added one; config.json’s stay', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json(list([['ghcr.io', 'config']])))
      .mockResolvedValueOnce(
        json(
          list([
            ['ghcr.io', 'config'],
            ['127.0.0.1:5000', 'user'],
          ]),
        ),
      )
      .mockResolvedValueOnce(json(list([['ghcr.io', 'config']])));
    vi.stubGlobal('fetch', fetch);
    render(withProviders(clientWithSession(allowed), <RegistryList selected={null} />));
    const shown = await screen.findByTestId('registry-list');
    expect(within(shown).getByText('docker config.json')).toBeTruthy();
    expect(within(shown).queryByRole('button', { name: /Remove/ })).toBeNull();

    fireEvent.change(screen.getByLabelText('Registry address'), {
      target: { value: 'http://127.0.0.1:5000/' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add registry' }));
    const added = await screen.findByRole('link', { name: '127.0.0.1:5000' });
    expect(added.getAttribute('href')).toBe('/registries/127.0.0.1%3A5000');
    expect(JSON.parse(String(fetch.mock.calls[1]?.[1]?.body))).toEqual({
      registry: 'http://127.0.0.1:5000/',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Remove 127.0.0.1:5000 from the list' }));
    await vi.waitFor(() =>
      expect(screen.queryByRole('link', { name: '127.0.0.1:5000' })).toBeNull(),
    );
    expect(fetch.mock.calls[2]?.[0]).toBe('/api/registries/127.0.0.1%3A5000');
    expect(fetch.mock.calls[2]?.[1]?.method).toBe('DELETE');
  });

  it('offers no add or remove in read-only mode', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(list([['127.0.0.1:5000', 'user']]))));
    render(withProviders(clientWithSession(readOnly), <RegistryList selected={null} />));
    await screen.findByTestId('registry-list');
    expect(screen.queryByRole('button', { name: /Remove|Add registry/ })).toBeNull();
  });
});

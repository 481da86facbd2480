import type { ContainerRemoval, ContainerRemovalPreview } from '@footprint/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { allowed, clientWithSession, withProviders } from '../../../test/session';
import { RemoveContainerDialog } from './remove-container-dialog';

const id = 'c'.repeat(64);

const plan = (overrides: Partial<ContainerRemovalPreview> = {}): ContainerRemovalPreview => ({
  id,
  name: 'web-1',
  image: 'app:1',
  imageId: `sha256:${'a'.repeat(64)}`,
  state: 'exited',
  running: false,
  sizeRw: 30_123,
  disk: {
    writableLayerBytes: 45_056,
    initLayerBytes: 8_192,
    logBytes: 4_096,
    totalBytes: 73_728,
    note: null,
  },
  anonymousVolumes: [],
  ...overrides,
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function renderDialog(...answers: Response[]) {
  const fetch = vi.fn();
  for (const answer of answers) fetch.mockResolvedValueOnce(answer);
  vi.stubGlobal('fetch', fetch);
  const onClose = vi.fn<(removed: ContainerRemoval | null) => void>();
  render(
    withProviders(
      clientWithSession(allowed),
      <RemoveContainerDialog container={{ id, names: ['web-1'] }} onClose={onClose} />,
    ),
  );
  return { fetch, onClose };
}

describe('<RemoveContainerDialog>', () => {
  it('shows the writable layer as the engine counts it and on disk before removing, then what came back', async () => {
    const removed: ContainerRemoval = {
      id,
      name: 'web-1',
      stopped: false,
      sizeRw: 30_123,
      removedVolumes: [],
      keptVolumes: [],
      disk: {
        beforeBytes: 1_000_000,
        afterBytes: 926_272,
        reclaimedBytes: 73_728,
        measuredAt: '2026-01-01T00:00:00Z',
      },
      diskNote: null,
    };
    const { fetch } = renderDialog(json(plan()), json(removed));
    const dialog = screen.getByRole('dialog', { name: 'Remove container?' });
    const figures = await within(dialog).findByTestId('container-removal-figures');
    expect(figures.querySelector('[data-bytes]')?.getAttribute('data-bytes')).toBe('30123');
    expect(
      [...figures.querySelectorAll('[data-disk-bytes]')].map((dd) =>
        dd.getAttribute('data-disk-bytes'),
      ),
    ).toEqual(['53248', '4096', '73728']);
    expect(figures.textContent).toContain('engine');
    expect(fetch.mock.calls[0]?.[0]).toBe(`/api/containers/${id}/remove/preview`);
    expect(within(dialog).queryByRole('button', { name: 'Stop and remove' })).toBeNull();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove container' }));
    const report = await screen.findByRole('dialog', { name: 'Container removed' });
    expect(fetch.mock.calls[1]?.[0]).toBe(`/api/containers/${id}`);
    expect(fetch.mock.calls[1]?.[1]).toMatchObject({
      method: 'DELETE',
      body: JSON.stringify({ expectedState: 'exited', stop: false, removeVolumes: false }),
    });
    expect(within(report).getByTestId('container-reclaimed').getAttribute('data-disk-bytes')).toBe(
      '73728',
    );
  });

  it('offers a running container only as "Stop and remove", volumes only when ticked', async () => {
    const volume = 'f'.repeat(64);
    const { fetch } = renderDialog(
      json(
        plan({
          state: 'running',
          running: true,
          anonymousVolumes: [{ name: volume, diskBytes: 24_576, usedBy: [] }],
        }),
      ),
      json(
        {
          statusCode: 409,
          error: 'Conflict',
          code: 'CONTAINER_STATE_CHANGED',
          message: 'Container web-1 was running when the removal was previewed and is exited now.',
        },
        409,
      ),
    );
    const dialog = screen.getByRole('dialog', { name: 'Remove container?' });
    expect((await within(dialog).findByTestId('running-warning')).textContent).toContain(
      'stops it first',
    );
    expect(within(dialog).queryByRole('button', { name: 'Remove container' })).toBeNull();
    const box = within(dialog).getByRole('checkbox', { name: /anonymous volume/ });
    expect((box as HTMLInputElement).checked).toBe(false);
    fireEvent.click(box);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop and remove' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('The container changed since this was shown');
    expect(fetch.mock.calls[1]?.[1]).toMatchObject({
      body: JSON.stringify({ expectedState: 'running', stop: true, removeVolumes: true }),
    });
  });
});

import type { ImageRemovalList, RemovalPreview } from '@footprint/shared';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { hexId } from '../../../test/fixtures';
import { allowed, clientWithSession, withProviders } from '../../../test/session';
import { type RemovableImage, RemoveImagesDialog } from './remove-images-dialog';

const images: RemovableImage[] = [
  { id: hexId('a'), repoTags: ['app:1'], containers: 0 },
  { id: hexId('b'), repoTags: [], containers: 0 },
];

const preview: RemovalPreview = {
  images: [
    { id: hexId('a'), bytes: 3_000_000, diskBytes: 3_104_768 },
    { id: hexId('b'), bytes: 1_000_000, diskBytes: 1_052_672 },
  ],
  totalBytes: 4_000_000,
  disk: {
    totalBytes: 4_157_440,
    complete: true,
    measuredAt: '2026-01-01T00:00:00Z',
    note: null,
  },
};

const removal: ImageRemovalList = {
  results: images.map((image) => ({
    id: image.id,
    outcome: 'removed' as const,
    untagged: image.repoTags,
    deleted: [image.id],
    code: null,
    message: null,
  })),
  disk: {
    beforeBytes: 50_000_000,
    afterBytes: 45_842_560,
    reclaimedBytes: 4_157_440,
    measuredAt: '2026-01-01T00:00:05Z',
  },
  diskNote: null,
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

type Answer = Response | Promise<Response>;

/** The API as the dialog uses it: the preview, then the removal, each answered as given. */
function stubApi(answers: { preview: Answer[]; removal?: Answer }) {
  const previews = [...answers.preview];
  const fetch = vi.fn((url: string, _init?: RequestInit) => {
    if (url === '/api/images/remove/preview') {
      const next = previews.shift();
      return next ?? Promise.reject(new Error('no more previews'));
    }
    if (url === '/api/images/remove' && answers.removal) return answers.removal;
    return Promise.reject(new Error(`unexpected ${url}`));
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

function renderDialog(chosen: readonly RemovableImage[] = images) {
  const onClose = vi.fn<(removed: string[]) => void>();
  render(
    withProviders(
      clientWithSession(allowed),
      <RemoveImagesDialog images={chosen} onClose={onClose} />,
    ),
  );
  return { dialog: screen.getByRole('dialog', { name: 'Remove 2 images?' }), onClose };
}

describe('<RemoveImagesDialog>', () => {
  it('asks for the bytes when it opens, and confirms only once they are shown', async () => {
    let answer: (response: Response) => void = () => {};
    const fetch = stubApi({
      preview: [new Promise<Response>((resolve) => (answer = resolve))],
      removal: json(200, removal),
    });
    const { dialog } = renderDialog();

    expect(within(dialog).getByRole('status').textContent).toMatch(
      /Asking the server .* engine bytes and on disk/,
    );
    const confirm = within(dialog).getByRole('button', { name: 'Remove 2 images' });
    expect(confirm).toHaveProperty('disabled', true);
    expect(fetch.mock.calls).toHaveLength(1);
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: images.map((image) => image.id) }),
    });

    answer(json(200, preview));
    await waitFor(() => expect(confirm).toHaveProperty('disabled', false));
    expect(within(dialog).queryByRole('status')).toBeNull();
  });

  it('shows what each image frees and the total, as engine bytes and on disk, labelled', async () => {
    stubApi({ preview: [json(200, preview)] });
    const { dialog } = renderDialog();
    const total = await within(dialog).findByTestId('freed-bytes');

    const table = within(dialog).getByTestId('images-to-remove');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers).toEqual(['Image', 'ID', 'Containers', 'Frees engine', 'Frees on disk']);
    const rows = images.map((image) => table.querySelector(`tr[data-image-id="${image.id}"]`));
    expect(
      rows.map((row) => [
        row?.querySelector('[data-bytes]')?.getAttribute('data-bytes'),
        row?.querySelector('[data-bytes] .bytes')?.getAttribute('data-source'),
        row?.querySelector('[data-disk-bytes]')?.getAttribute('data-disk-bytes'),
        row?.querySelector('[data-disk-bytes] .bytes')?.getAttribute('data-source'),
      ]),
    ).toEqual([
      ['3000000', 'engine', '3104768', 'disk'],
      ['1000000', 'engine', '1052672', 'disk'],
    ]);
    expect(table.querySelector('tfoot [data-bytes]')?.getAttribute('data-bytes')).toBe('4000000');
    expect(table.querySelector('tfoot [data-disk-bytes]')?.getAttribute('data-disk-bytes')).toBe(
      '4157440',
    );

    // The totals in words: which figure is which.
    expect(total.getAttribute('data-bytes')).toBe('4000000');
    expect(total.querySelector('.bytes')?.getAttribute('title')).toBe(
      '4,000,000 bytes (engine figure)',
    );
    const disk = within(dialog).getByTestId('freed-disk-bytes');
    expect(disk.getAttribute('data-bytes')).toBe('4157440');
    expect(disk.getAttribute('data-complete')).toBe('true');
    expect(disk.querySelector('.bytes')?.getAttribute('title')).toBe(
      '4,157,440 bytes (measured on disk)',
    );
    const words = total.parentElement?.textContent ?? '';
    expect(words).toContain('engine bytes, as the engine counts them');
    expect(words).toMatch(/on disk \(du -B1, from the scan at /);
    expect(within(dialog).queryByTestId('disk-note')).toBeNull();
  });

  it('warns before confirming that a container uses an image, and says nothing otherwise', async () => {
    stubApi({ preview: [json(200, preview)] });
    const { dialog } = renderDialog([
      images[0] as RemovableImage,
      { ...images[1], containers: 2 } as RemovableImage,
    ]);
    expect(within(dialog).getByTestId('images-in-use').textContent).toContain(
      '1 of these are used by containers (2 in all): the engine refuses',
    );
    cleanup();
    stubApi({ preview: [json(200, preview)] });
    const { dialog: unused } = renderDialog();
    expect(within(unused).queryByTestId('images-in-use')).toBeNull();
  });

  it('says why when the on-disk figures are not all known', async () => {
    const partial: RemovalPreview = {
      ...preview,
      images: [
        preview.images[0] as RemovalPreview['images'][number],
        { id: hexId('b'), bytes: 1_000_000, diskBytes: null },
      ],
      disk: {
        totalBytes: 3_104_768,
        complete: false,
        measuredAt: '2026-01-01T00:00:00Z',
        note: 'Layer sha256:bbbb… has no directory under overlay2: its bytes on disk are not known.',
      },
    };
    stubApi({ preview: [json(200, partial)] });
    const { dialog } = renderDialog();

    const note = await within(dialog).findByTestId('disk-note');
    expect(note.textContent).toContain('has no directory under overlay2');
    const disk = within(dialog).getByTestId('freed-disk-bytes');
    expect(disk.getAttribute('data-complete')).toBe('false');
    expect(disk.getAttribute('data-bytes')).toBe('3104768');
    expect(disk.parentElement?.textContent).toContain('on disk for the images measured');
    const row = dialog.querySelector(`tr[data-image-id="${hexId('b')}"]`);
    expect(row?.querySelector('.not-measured')?.textContent).toBe('not measured');
    expect(within(dialog).getByRole('button', { name: 'Remove 2 images' })).toHaveProperty(
      'disabled',
      false,
    );
  });

  it('says why the preview failed, removes nothing, and can ask again', async () => {
    const fetch = stubApi({
      preview: [
        json(503, {
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'ENGINE_UNREACHABLE',
          message: 'The Docker engine is not reachable at /var/run/docker.sock.',
        }),
        json(200, preview),
      ],
    });
    const { dialog } = renderDialog();

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Could not work out what removing these frees');
    expect(alert.textContent).toContain('not reachable at /var/run/docker.sock');
    expect(alert.textContent).toContain('ENGINE_UNREACHABLE');
    expect(within(dialog).getByRole('button', { name: 'Remove 2 images' })).toHaveProperty(
      'disabled',
      true,
    );

    fireEvent.click(within(dialog).getByRole('button', { name: 'Ask again' }));
    await within(dialog).findByTestId('freed-bytes');
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Remove 2 images' })).toHaveProperty(
      'disabled',
      false,
    );
    expect(fetch.mock.calls.map((call) => call[0])).toEqual([
      '/api/images/remove/preview',
      '/api/images/remove/preview',
    ]);
  });

  it('reports what was removed: engine bytes and what the data root lost, measured', async () => {
    stubApi({ preview: [json(200, preview)], removal: json(200, removal) });
    const { dialog, onClose } = renderDialog();
    await within(dialog).findByTestId('freed-bytes');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove 2 images' }));

    const report = await screen.findByRole('dialog', { name: 'Removed 2 of 2 images' });
    expect(report.querySelectorAll('tr[data-outcome="removed"]')).toHaveLength(2);
    const engine = within(report).getByTestId('removed-engine-bytes');
    expect(engine.getAttribute('data-bytes')).toBe('4000000');
    expect(engine.querySelector('.bytes')?.getAttribute('data-source')).toBe('engine');
    expect(engine.parentElement?.textContent).toContain('engine bytes of what was removed');

    const lost = within(report).getByTestId('reclaimed-disk-bytes');
    expect(lost.getAttribute('data-bytes')).toBe('4157440');
    expect(lost.textContent).toMatch(
      /^The data root lost 4\.157MB.* on disk \(measured before and after, du -x -B1 -s: 50MB/,
    );
    expect(
      [...lost.querySelectorAll('.bytes')].map((bytes) => bytes.getAttribute('data-source')),
    ).toEqual(['disk', 'disk', 'disk']);
    expect(within(report).queryByTestId('disk-note')).toBeNull();

    fireEvent.click(within(report).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledWith(images.map((image) => image.id));
  });

  it('says why the data root was not measured, and flags engine figures when some were kept', async () => {
    const [first, second] = removal.results;
    const answer: ImageRemovalList = {
      results: [
        first as ImageRemovalList['results'][number],
        {
          ...(second as ImageRemovalList['results'][number]),
          outcome: 'conflict',
          untagged: [],
          deleted: [],
          code: 'IMAGE_USED_BY_RUNNING_CONTAINER',
          message: 'Image bbbbbbbbbbbb is used by running container web.',
        },
      ],
      disk: null,
      diskNote: 'The data root could not be measured: du: permission denied.',
    };
    stubApi({ preview: [json(200, preview)], removal: json(200, answer) });
    const { dialog } = renderDialog();
    await within(dialog).findByTestId('freed-bytes');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove 2 images' }));

    const report = await screen.findByRole('dialog', { name: 'Removed 1 of 2 images' });
    expect(within(report).getByTestId('removed-engine-bytes').getAttribute('data-bytes')).toBe(
      '3000000',
    );
    expect(report.textContent).toContain('Not all of them went');
    expect(within(report).queryByTestId('reclaimed-disk-bytes')).toBeNull();
    expect(within(report).getByTestId('disk-note').textContent).toBe(
      'Not measured on disk: The data root could not be measured: du: permission denied.',
    );
  });
});

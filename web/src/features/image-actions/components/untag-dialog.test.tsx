import type { ImageRemoval } from '@footprint/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { hexId } from '../../../test/fixtures';
import { allowed, clientWithSession, withProviders } from '../../../test/session';
import { otherTags, UntagDialog } from './untag-dialog';

const image = {
  id: hexId('a'),
  repoTags: ['race/subject:tag'],
  containers: 0,
  uniqueSize: 4_000_000,
};

function renderDialog(answer: Response) {
  vi.stubGlobal('fetch', vi.fn().mockResolvedValueOnce(answer));
  const onClose = vi.fn<(result: ImageRemoval | null) => void>();
  render(
    withProviders(
      clientWithSession(allowed),
      <UntagDialog image={image} tag="race/subject:tag" onClose={onClose} />,
    ),
  );
  fireEvent.click(screen.getByRole('button', { name: 'Untag and remove the image' }));
  return onClose;
}

const conflict = (code: string, message: string) =>
  new Response(JSON.stringify({ statusCode: 409, error: 'Conflict', code, message }), {
    status: 409,
    headers: { 'Content-Type': 'application/json' },
  });

describe('<UntagDialog>', () => {
  it('reports that the engine removed another image, with nothing to retry', async () => {
    const message =
      'race/subject:tag moved to image bbbbbbbbbbbb after it was checked, and the engine took ' +
      'the name from that image: it was its last tag, so the engine deleted image bbbbbbbbbbbb. ' +
      'That cannot be undone. Image aaaaaaaaaaaa was not changed by this request.';
    const onClose = renderDialog(conflict('TAG_MOVED_OTHER_IMAGE_DELETED', message));

    const report = await screen.findByRole('dialog', { name: 'The untag did not go as asked' });
    const alert = within(report).getByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('TAG_MOVED_OTHER_IMAGE_DELETED');
    expect(alert.textContent).toContain('The tag moved: the engine removed another image');
    expect(alert.textContent).toContain('deleted image bbbbbbbbbbbb');
    expect(alert.textContent).toContain('cannot be undone');
    expect(report.textContent).not.toMatch(/no longer exists|Untagged/);
    expect(within(report).queryByRole('button', { name: /untag/i })).toBeNull();
    fireEvent.click(within(report).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledWith(null);
  });

  it('keeps a refusal in the dialog, where the untag can be cancelled', async () => {
    renderDialog(
      conflict(
        'TAG_MOVED',
        'race/subject:tag now points at image bbbbbbbbbbbb, not at aaaaaaaaaaaa: nothing was ' +
          'untagged. List the images again.',
      ),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The tag points at another image now');
    const dialog = screen.getByRole('dialog', { name: 'Untag?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });

  it('says untagged only when the server confirmed it', async () => {
    const untagged: ImageRemoval = {
      id: image.id,
      outcome: 'removed',
      untagged: ['race/subject:tag'],
      deleted: [image.id, hexId('c')],
      code: null,
      message: null,
    };
    renderDialog(new Response(JSON.stringify(untagged), { status: 200 }));
    const report = await screen.findByRole('dialog', { name: 'Untagged, and the image removed' });
    expect(report.textContent).toContain('It was the last tag');
  });

  it('counts the other tags in words: never "its other 1 tag"', () => {
    expect(otherTags(1)).toBe('its other tag');
    expect(otherTags(3)).toBe('its 3 other tags');
    render(
      withProviders(
        clientWithSession(allowed),
        <UntagDialog
          image={{ ...image, repoTags: ['race/subject:tag', 'race/subject:two'] }}
          tag="race/subject:tag"
          onClose={() => {}}
        />,
      ),
    );
    expect(screen.getByRole('dialog', { name: 'Untag?' }).textContent).toContain(
      'The image keeps its other tag: no bytes come back.',
    );
  });
});

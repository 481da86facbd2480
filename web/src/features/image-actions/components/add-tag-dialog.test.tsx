import type { ImageDetail, ImageTagging } from '@footprint/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { hexId } from '../../../test/fixtures';
import { allowed, clientWithSession, withProviders } from '../../../test/session';
import { AddTagDialog } from './add-tag-dialog';

const image = { id: hexId('a') };
const other = hexId('b');

function renderDialog(...answers: Response[]) {
  const fetch = vi.fn();
  for (const answer of answers) fetch.mockResolvedValueOnce(answer);
  vi.stubGlobal('fetch', fetch);
  const onClose = vi.fn<(result: ImageTagging | null) => void>();
  render(
    withProviders(clientWithSession(allowed), <AddTagDialog image={image} onClose={onClose} />),
  );
  const dialog = screen.getByRole('dialog', { name: 'Add a tag' });
  const type = (value: string) =>
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value } });
  return { fetch, dialog, type };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('<AddTagDialog>', () => {
  it('refuses a malformed tag before asking the server', () => {
    const { fetch, dialog, type } = renderDialog();
    type('Team/App:<b>');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add tag' }));
    expect(screen.getByTestId('tag-problem').textContent).toContain('Not a tag');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says which image loses the name, and moves it from that image only when confirmed', async () => {
    const holder: Partial<ImageDetail> = { id: other, repoTags: ['team/app:2'] };
    const moved: ImageTagging = {
      id: image.id,
      tag: 'team/app:2',
      outcome: 'moved',
      movedFrom: other,
      movedFromTags: [],
    };
    const { fetch, dialog, type } = renderDialog(
      json(
        {
          statusCode: 409,
          error: 'Conflict',
          code: 'TAG_ON_OTHER_IMAGE',
          message: 'team/app:2 points at image bbbbbbbbbbbb now.',
        },
        409,
      ),
      json(holder),
      json(moved),
    );
    type('team/app:2');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add tag' }));
    const warning = await screen.findByTestId('tag-move-warning');
    expect(warning.textContent).toContain('bbbbbbbbbbbb');
    expect(warning.textContent).toContain('left untagged (dangling)');
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ imageId: image.id, tag: 'team/app:2' }),
    });
    expect(fetch.mock.calls[1]?.[0]).toBe(`/api/images/${encodeURIComponent('team/app:2')}`);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Move the tag' }));
    const report = await screen.findByRole('dialog', { name: 'Tagged' });
    expect(fetch.mock.calls[2]?.[1]).toMatchObject({
      body: JSON.stringify({
        imageId: image.id,
        tag: 'team/app:2',
        move: true,
        expectedCurrent: other,
      }),
    });
    expect(report.textContent).toContain('Image bbbbbbbbbbbb lost it');
  });
});

import type { IdleEvidence, ImageList, ImageSummary } from '@footprint/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { hasRawInvisible, hostile } from '../../../test/hostile';
import { defaultEngineKey, queryKeys } from '../../../lib/query-keys';
import { spanText } from '../utils/idle-evidence';
import { IdleFilter } from './idle-filter';

const idleImagesQueryKey = (days: number) => queryKeys.idleImages(defaultEngineKey, days);

const dayMs = 86_400_000;
const asOf = Date.parse('2026-12-07T12:00:00.000Z');
const ago = (days: number) => new Date(asOf - days * dayMs).toISOString();
const idA = `sha256:${'a'.repeat(64)}`;
const idB = `sha256:${'b'.repeat(64)}`;

function summary(id: string, repoTags: string[], created: string): ImageSummary {
  return {
    id,
    repoTags,
    repoDigests: [],
    created,
    dangling: repoTags.length === 0,
    containers: 0,
    size: 1000,
    sharedSize: 0,
    uniqueSize: 1000,
    lastUsed: null,
  };
}

/** Day one: the record began 8 hours ago; one image three years old, tagged two years ago. */
const byAge: IdleEvidence = {
  id: idA,
  basis: 'age',
  since: ago(730),
  firstSeen: ago(1 / 3),
  lastUsed: null,
  created: ago(1100),
  lastTagTime: ago(730),
  containers: 0,
};
const dayOne: ImageList = {
  images: [summary(idA, [hostile('old/app:1')], ago(1100))],
  lastUseKnownSince: ago(1 / 3),
  unused: {
    days: 30,
    basis: 'recorded-or-age',
    asOf: ago(0),
    recordedDays: 1 / 3,
    evidence: [byAge],
  },
};

function renderFilter(list: ImageList, days: number) {
  const client = new QueryClient();
  client.setQueryData(idleImagesQueryKey(days), list);
  render(
    <QueryClientProvider client={client}>
      <IdleFilter value={String(days)} knownSince={list.lastUseKnownSince} onChange={() => {}} />
    </QueryClientProvider>,
  );
}

function openEvidence() {
  const details = screen.getByText('Why each image matches').closest('details') as HTMLElement;
  (details as HTMLDetailsElement).open = true;
  fireEvent(details, new Event('toggle'));
}

describe('IdleFilter on the first day of the record', () => {
  it('says how long use has been recorded, and that the record alone shows nothing yet', () => {
    renderFilter(dayOne, 30);
    expect(screen.getByTestId('idle-record').textContent).toMatch(
      /^Container use has been recorded for less than a day, since .+, when this dashboard began watching this engine/,
    );
    const explanation = screen.getByTestId('idle-explanation').textContent ?? '';
    expect(explanation).toContain(
      '1 image matches: 0 unused for at least 30 days on the record (the only ones “Images unused for N days” in Reclaim space takes), 1 by age',
    );
    expect(explanation).toContain(
      'The record is shorter than 30 days, so it cannot yet show any image unused for 30 days by itself.',
    );
  });

  it('gives each image its evidence, labelled by age, and never calls it unused for 30 days', () => {
    renderFilter(dayOne, 30);
    openEvidence();
    const item = screen.getByRole('listitem');
    const text = item.textContent ?? '';
    expect(item.querySelector('.idle-basis')?.textContent).toBe('by age');
    expect(text).toContain('By age, not by the record: no container since recording began on ');
    expect(text).toContain(
      '(less than a day ago); none exists now; created 3 years ago, tagged here 2 years ago. Its use before the record began is not known.',
    );
    expect(text).not.toContain('Unused for at least 30 days');
    // The tag comes from the image: shown inert.
    expect(text).toContain('old/app:1');
    expect(hasRawInvisible(text)).toBe(false);
  });

  it('an image idle on the record says so, with its last use', () => {
    const recorded: IdleEvidence = {
      id: idB,
      basis: 'recorded',
      since: ago(35),
      firstSeen: ago(40),
      lastUsed: ago(35),
      created: ago(100),
      lastTagTime: null,
      containers: 0,
    };
    renderFilter(
      {
        images: [summary(idB, [], ago(100))],
        lastUseKnownSince: ago(40),
        unused: {
          days: 30,
          basis: 'recorded-or-age',
          asOf: ago(0),
          recordedDays: 40,
          evidence: [recorded],
        },
      },
      30,
    );
    expect(screen.getByTestId('idle-explanation').textContent).toContain(
      '1 image matches: 1 unused for at least 30 days on the record',
    );
    expect(screen.getByTestId('idle-explanation').textContent).not.toContain('shorter');
    openEvidence();
    const text = screen.getByRole('listitem').textContent ?? '';
    expect(text).toContain(`<none> ${'b'.repeat(12)}`);
    expect(text).toContain('Unused for at least 30 days on the record: last used 35 days ago');
    expect(text).toContain('created 3 months ago (the engine gives no LastTagTime for it)');
  });
});

describe('IdleFilter evidence order', () => {
  it('lists the images by name, whatever order the answer has them in', () => {
    const zeta = { ...byAge, id: idB };
    renderFilter(
      {
        images: [summary(idB, ['zeta:1'], ago(1100)), summary(idA, ['alpha:1'], ago(1100))],
        lastUseKnownSince: ago(1 / 3),
        unused: { ...(dayOne.unused as NonNullable<ImageList['unused']>), evidence: [zeta, byAge] },
      },
      30,
    );
    openEvidence();
    const names = screen
      .getAllByRole('listitem')
      .map((item) => item.querySelector('[data-inert]')?.textContent);
    expect(names).toEqual(['alpha:1', 'zeta:1']);
  });
});

describe('spanText', () => {
  it('truncates, never rounds up', () => {
    expect(spanText(0.99)).toBe('less than a day');
    expect(spanText(1.9)).toBe('1 day');
    expect(spanText(29.9)).toBe('29 days');
    expect(spanText(100)).toBe('3 months');
    expect(spanText(1100)).toBe('3 years');
  });
});

import type { PullState } from '@footprint/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { allowed, clientWithSession, readOnly, withProviders } from '../../../test/session';
import { defaultEngineKey, queryKeys } from '../../../lib/query-keys';
import { PullButton } from './pull-button';
import { PullDialog } from './pull-dialog';
import { testPreview, testPull } from './pull-fixtures';
import { PullPreviewView } from './pull-preview-view';
import { PullProgressView } from './pull-progress-view';

const pullsQueryKey = queryKeys.pulls(defaultEngineKey);

/** What a person sees: the screen-reader copies of figures left out. */
function visible(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('.visually-hidden')) hidden.remove();
  return copy.textContent ?? '';
}

describe('<PullButton>', () => {
  it('is not there in read-only mode', () => {
    const client = clientWithSession(readOnly);
    client.setQueryData(pullsQueryKey, { pulls: [] });
    render(withProviders(client, <PullButton />));
    expect(screen.queryByTestId('pull-open')).toBeNull();
  });

  it('says when the server runs a pull, and the dialog shows it at once', () => {
    const client = clientWithSession(allowed);
    client.setQueryData(pullsQueryKey, { pulls: [testPull] });
    render(withProviders(client, <PullButton />));
    const button = screen.getByTestId('pull-open');
    expect(button.textContent).toBe('Pull… (1 running)');
    fireEvent.click(button);
    expect(screen.getByTestId('pull-progress').dataset.phase).toBe('pulling');
  });
});

describe('<PullDialog>', () => {
  it('asks for a reference and a platform before anything is downloaded', () => {
    render(withProviders(clientWithSession(allowed), <PullDialog onClose={() => {}} />));
    const dialog = screen.getByTestId('pull-dialog');
    expect(within(dialog).getByLabelText('Image reference')).toBeTruthy();
    expect(within(dialog).getByLabelText('Platform (empty: the engine’s own)')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Preview the pull' })).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: /^Pull \(/ })).toBeNull();
  });

  it('shows a running pull with Cancel, and closing says the pull goes on', () => {
    render(
      withProviders(
        clientWithSession(allowed),
        <PullDialog running={testPull} onClose={() => {}} />,
      ),
    );
    expect(screen.getByRole('button', { name: 'Cancel the pull' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Close (the pull goes on)' })).toBeTruthy();
    expect(screen.getByTestId('pull-progress').dataset.phase).toBe('pulling');
  });
});

describe('<PullPreviewView>', () => {
  it('labels the download exact and compressed, the disk an estimate, and says what is fetched again', () => {
    render(<PullPreviewView preview={testPreview} />);
    expect(screen.getByText('Download, compressed, exact')).toBeTruthy();
    expect(screen.getByText('Disk added, estimate')).toBeTruthy();
    expect(screen.getByTestId('pull-download-bytes').dataset.bytes).toBe('1250000');
    expect(visible(screen.getByTestId('pull-download-bytes'))).toContain('1.25MB in 2 layers');
    expect(visible(screen.getByTestId('pull-disk-estimate'))).toContain('about 600kB');
    expect(screen.getByTestId('pull-downloaded-again').textContent).toContain(
      'the engine downloads them again, though the disk keeps one copy',
    );
    const rows = within(screen.getByTestId('pull-preview-layers')).getAllByRole('row').slice(1);
    expect(rows.map(visible)).toEqual([
      'a1a1a1a1a1a11MByes, no pull recorddownloaded again, kept once on disk',
      'b2b2b2b2b2b2250kBnodownloaded',
    ]);
    // A name from an image is inert text, never markup.
    expect(screen.getByTestId('pull-shared-base').querySelector('b')).toBeNull();
    expect(screen.getByTestId('pull-shared-base').textContent).toContain('<b>base</b>:1');
  });

  it('says "not known" when no gzip size could be read, never a made-up figure', () => {
    render(<PullPreviewView preview={{ ...testPreview, estimatedDiskBytes: null }} />);
    expect(visible(screen.getByTestId('pull-disk-estimate'))).toBe(
      'not known (no gzip size could be read)',
    );
  });
});

describe('<PullProgressView>', () => {
  it('shows one byte-weighted total with rate and time left, and every layer', () => {
    render(<PullProgressView state={testPull} />);
    const bar = screen.getByTestId('pull-progress-bar') as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([1_000_000, 1_250_000]);
    expect(visible(screen.getByTestId('pull-downloaded'))).toBe('1MB of 1.25MB compressed (80%)');
    expect(screen.getByTestId('pull-rate').textContent).toBe('500kB/s · less than a second left');
    expect(screen.getByTestId('pull-extracted').textContent).toBe(
      'Extract: 0 of 2 layers unpacked',
    );
    const phases = within(screen.getByTestId('pull-progress-layers'))
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.dataset.layerPhase);
    expect(phases).toEqual(['downloaded', 'downloading']);
  });

  it('puts what was downloaded beside what the preview promised, and the disk gained', () => {
    const done: PullState = {
      ...testPull,
      phase: 'done',
      finishedAt: '2026-12-07T06:00:05.000Z',
      result: {
        downloadedLayers: 2,
        downloadedBytes: 1_250_000,
        alreadyExistsLayers: 0,
        promisedDownloadBytes: 1_250_000,
        promisedReusedLayers: 0,
        agrees: true,
        imageDigest: null,
        disk: { gainedBytes: 655_360, beforeBytes: 1_000_000, afterBytes: 1_655_360, reason: null },
      },
    };
    render(<PullProgressView state={done} />);
    expect(screen.queryByTestId('pull-rate')).toBeNull();
    expect(screen.getByTestId('pull-result-downloaded').dataset.bytes).toBe('1250000');
    expect(screen.getByTestId('pull-result-promised').dataset.bytes).toBe('1250000');
    expect(visible(screen.getByTestId('pull-result-disk'))).toContain('655.4kB');
    expect(screen.getByTestId('pull-result-verdict').textContent).toBe(
      'The engine downloaded exactly what the preview said.',
    );
  });

  it('shows an error the engine sent inside its stream as an error', () => {
    render(
      <PullProgressView
        state={{ ...testPull, phase: 'failed', error: 'blob unknown to registry' }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The pull failed');
    expect(alert.textContent).toContain('blob unknown to registry');
  });
});

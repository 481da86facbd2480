import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createQueryClient } from '../lib/query-client';
import {
  containerId,
  hasRawInvisible,
  type HostileServerOptions,
  hostileDiskNotMeasured,
  hostileEmptySearch,
  hostileHealthDown,
  hostileIds,
  hostileTreePath,
  stubHostileServer,
} from '../test/hostile';
import { App } from './app';
import { createTestRouter } from './router';

/*
 * Issue 15, item 8: every page and table, fed API answers whose every text field is hostile,
 * shows no raw control, bidi or zero-width character, in text or in any attribute, and cuts
 * long values. Each case names a few of its values (plain-text prefixes) that must be on the
 * page, so that a case cannot pass by showing nothing.
 */

/** Longer than any cut value (InertText shows at most 600 characters of a build step). */
const longestText = 1000;

function describeElement(element: Element | null): string {
  if (element === null) return '(detached)';
  const panel = element.closest('[data-panel]')?.getAttribute('data-panel');
  const classes = element.getAttribute('class');
  return `<${element.tagName.toLowerCase()}${classes ? ` class="${classes}"` : ''}>${
    panel ? ` in panel ${panel}` : ''
  }`;
}

/** Every place in the DOM holding a raw invisible character or an uncut long value. */
function offences(root: Node): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node: Node | null = walker.currentNode; node !== null; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.nodeValue ?? '';
      const where = describeElement(node.parentElement);
      if (hasRawInvisible(text))
        found.push(`text of ${where}: ${JSON.stringify(text.slice(0, 60))}`);
      if (text.length > longestText) found.push(`${text.length} characters of text in ${where}`);
      continue;
    }
    const element = node as Element;
    for (const attribute of element.attributes) {
      if (hasRawInvisible(attribute.value)) {
        found.push(
          `${attribute.name} of ${describeElement(element)}: ${JSON.stringify(attribute.value.slice(0, 60))}`,
        );
      }
    }
  }
  return found;
}

async function settled(shows: readonly string[]) {
  await waitFor(() => {
    const text = document.body.textContent ?? '';
    for (const value of shows) expect(text).toContain(value);
    expect(document.querySelector('.loading')).toBeNull();
  });
}

function expectInert() {
  expect(offences(document.body)).toEqual([]);
}

function renderPage(path: string, options: HostileServerOptions = {}) {
  stubHostileServer(options);
  render(<App client={createQueryClient()} router={createTestRouter(path)} />);
}

const id = hostileIds.imageA.slice('sha256:'.length);

interface PageCase extends HostileServerOptions {
  name: string;
  path: string;
  shows: string[];
}

const pages: PageCase[] = [
  {
    name: 'overview',
    path: '/',
    shows: ['advice', 'orphan', 'os', '/root-dir', 'registry.example', 'base:latest'],
  },
  {
    name: 'overview, data root not measured',
    path: '/',
    disk: hostileDiskNotMeasured,
    shows: ['reason', 'driver'],
  },
  { name: 'images', path: '/images', shows: ['app:long', 'base:latest', '<none>'] },
  {
    name: 'images by repository',
    path: '/images?view=repositories',
    shows: ['registry.example:5000/team/app', 'base'],
  },
  {
    name: 'image detail',
    path: `/images/${id}`,
    shows: ['RUN one', 'COPY three', 'comment', 'label-value', 'org.example.key', '/upper'],
  },
  {
    name: 'layer explorer, files',
    path: `/images/${id}/explorer?path=${encodeURIComponent(hostileTreePath)}`,
    shows: ['analysed:tag', 'RUN layer zero', 'name', 'target', 'shared', 'note'],
  },
  {
    name: 'layer explorer, search',
    path: `/images/${id}/explorer?q=x`,
    shows: ['search-note', '7 matches'],
  },
  {
    name: 'layer explorer, search without a match',
    path: `/images/${id}/explorer?q=x`,
    search: hostileEmptySearch,
    shows: ['query'],
  },
  {
    name: 'layer explorer, waste',
    path: `/images/${id}/explorer?tab=waste`,
    shows: ['/wasted', '/link'],
  },
  { name: 'duplicates', path: '/duplicates', shows: ['/a', '/b', 'app:1'] },
  { name: 'layer tree', path: '/layers', shows: ['base:latest', 'app:1'] },
  {
    name: 'layer tree, focused',
    path: `/layers?focus=${hostileIds.chain2.slice(7)}`,
    shows: ['All roots', 'app:1'],
  },
  { name: 'shared-layer reuse', path: '/layers?view=reuse', shows: ['app:1', 'base:latest'] },
  { name: 'containers', path: '/containers', shows: ['container-name', 'image-ref', 'exited'] },
  {
    name: 'container changes',
    path: `/containers/${containerId}/changes`,
    shows: ['changes-name', '/etc/added', '/etc/deleted'],
  },
  { name: 'volumes', path: '/volumes', shows: ['volume', 'user', 'unused'] },
  { name: 'build cache', path: '/build-cache', shows: ['/bk2-', 'RUN make', 'record3'] },
  { name: 'report', path: '/report', shows: ['version', 'driver', 'registry.example', 'base'] },
  {
    name: 'engine down',
    path: '/images',
    health: hostileHealthDown,
    shows: ['engine-message', '/run/down.sock'],
  },
  {
    name: 'failed requests',
    path: '/volumes',
    failing: ['/api/volumes'],
    shows: ['/api/volumes-message', 'CODE'],
  },
];

describe('hostile text from the engine', () => {
  it.each(pages)('is inert on $name', async ({ path, shows, ...options }) => {
    renderPage(path, options);
    await settled(shows);
    expectInert();
  });

  it('is inert through a prune: preview, confirm dialog and report', async () => {
    renderPage('/reclaim?kind=unused-images');
    fireEvent.click(await screen.findByRole('button', { name: 'Preview' }));
    await settled(['prune-note', 'image-name', 'volume-id']);
    expectInert();
    fireEvent.click(screen.getByRole('button', { name: /^Prune these 4 items/ }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('build-cache-name');
    expectInert();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Prune 4 items' }));
    await settled(['outcome-1', 'prune-message', 'CODE']);
    expectInert();
  });

  it('is inert where a prune preview is refused', async () => {
    renderPage('/reclaim?kind=unused-images', { failing: ['/api/prune/preview'] });
    fireEvent.click(await screen.findByRole('button', { name: 'Preview' }));
    await settled(['/api/prune/preview-message']);
    expectInert();
  });

  it('is inert through untag and remove on the image page', async () => {
    renderPage(`/images/${id}`);
    await settled(['RUN one']);
    const untag = within(screen.getByRole('list', { name: 'Tags' })).getAllByRole('button')[0];
    fireEvent.click(untag as HTMLElement);
    let dialog = await screen.findByRole('dialog', { name: 'Untag?' });
    expect(dialog.textContent).toContain('registry.example');
    expectInert();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Untag' }));
    dialog = await screen.findByRole('dialog', { name: 'Untagged' });
    expectInert();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove image…' }));
    dialog = await screen.findByRole('dialog', { name: 'Remove 1 image?' });
    await settled(['disk-note']);
    expectInert();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove 1 image' }));
    dialog = await screen.findByRole('dialog', { name: /^Removed/ });
    await settled(['removal-conflict', 'removal-failed', 'removal-disk-note']);
    expectInert();
    fireEvent.click(within(dialog).getByRole('button', { name: /with force/ }));
    await screen.findByRole('dialog', { name: /with force\?$/ });
    expectInert();
  });

  it('is inert through removing the images selected on the list', async () => {
    renderPage(`/images?sel=${['a', 'b', 'c'].map((digit) => digit.repeat(12)).join(',')}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Remove selected (3)…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove 3 images?' });
    expect(dialog.textContent).toContain('registry.example');
    await settled(['disk-note']);
    expectInert();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove 3 images' }));
    await screen.findByRole('dialog', { name: /^Removed/ });
    await settled(['removal-conflict', 'removal-failed', 'removal-disk-note']);
    expectInert();
  });
});

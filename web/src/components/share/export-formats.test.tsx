import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Bytes, MaybeBytes } from '../bytes';
import { Panel } from '../panel';
import { Reference } from './redaction';
import { csvField, csvText } from './table-csv';

/** What the menu saved: the Blob handed to the download link, and its name. */
let saved: { blob: Blob; name: string }[] = [];

beforeEach(() => {
  saved = [];
  let lastBlob: Blob | null = null;
  // On URL itself, not a stubbed global URL: loading the exporters' chunk needs the real one.
  Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      lastBlob = blob;
      return 'blob:test';
    },
    revokeObjectURL: () => {},
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    if (lastBlob) saved.push({ blob: lastBlob, name: this.download });
  });
});

const blobText = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('unreadable blob'));
    reader.readAsText(blob);
  });

async function exportAs(format: 'CSV' | 'SVG'): Promise<{ text: string; name: string }> {
  fireEvent.click(screen.getByRole('button', { name: 'Share' }));
  fireEvent.click(screen.getByRole('button', { name: format }));
  await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`${format} saved.`));
  const file = saved.at(-1);
  if (!file) throw new Error('nothing was saved');
  return { text: await blobText(file.blob), name: file.name };
}

describe('CSV fields', () => {
  it('quotes as RFC 4180 says and keeps formulas from running', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField(2_383_000)).toBe('2383000');
    expect(
      csvText([
        ['a', 1],
        ['b,c', 2],
      ]),
    ).toBe('a,1\r\n"b,c",2\r\n');
  });
});

function ImagesLikeTable() {
  return (
    <table>
      <thead>
        <tr>
          <th>
            <input type="checkbox" aria-label="Select all" />
          </th>
          <th>
            <button type="button">
              Tags<span className="sort-indicator">▼</span>
            </button>
          </th>
          <th>Created</th>
          <th>Size</th>
          <th>On disk</th>
        </tr>
      </thead>
      <tbody>
        <tr className="spacer-row" aria-hidden="true">
          <td colSpan={5} />
        </tr>
        <tr>
          <td>
            <input type="checkbox" aria-label="Select" />
          </td>
          <td>
            <ul>
              <li>
                <Reference value="registry.example:5000/team/app:1" />
              </li>
              <li>
                <Reference value="team/app:1" />
              </li>
            </ul>
          </td>
          <td>
            <time dateTime="2024-05-01T09:30:00.000Z">2 years ago</time>
          </td>
          <td>
            <Bytes value={2_383_000} precision={3} source="engine" />
          </td>
          <td>
            <MaybeBytes value={null} source="disk" />
          </td>
        </tr>
        <tr>
          <td />
          <td>
            <Reference value="=cmd|' /C calc'!A0" />
          </td>
          <td />
          <td>
            <Bytes value={0} source="engine" />
          </td>
          <td>
            <MaybeBytes value={4096} source="disk" />
          </td>
        </tr>
      </tbody>
    </table>
  );
}

describe('exporting a table as CSV', () => {
  it('writes exact bytes as numbers under labelled columns, registry hosts hidden', async () => {
    render(
      <Panel id="t" title="Images" exportable>
        <ImagesLikeTable />
      </Panel>,
    );
    const { text, name } = await exportAs('CSV');
    expect(name).toMatch(/^docker-footprint-images-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(text).toBe(
      'Tags,Created,"Size, engine figure (bytes)","Size, engine figure (as shown)",' +
        'measured on disk (bytes),measured on disk (as shown)\r\n' +
        '"…/team/app:1, team/app:1",2024-05-01T09:30:00.000Z,2383000,2.38MB,,not measured\r\n' +
        "'=cmd|' /C calc'!A0,,0,0B,4096,4.096kB\r\n",
    );
    // The page shows the full name again once the export is done.
    expect(screen.getByText('registry.example:5000/team/app:1').textContent).toBe(
      'registry.example:5000/team/app:1',
    );
    // A section without a chart offers no SVG.
    expect(screen.queryByRole('button', { name: 'SVG' })).toBeNull();
  });
});

describe('exporting a chart as SVG', () => {
  it('is one <svg> document with the bars, legend and caption as SVG, no foreignObject', async () => {
    // A chart as the overview draws one: an HTML legend, then its svg.chart-surface.
    const series = [
      { name: 'Engine figure', fill: '#4f6d9a', values: [40, 2] },
      { name: 'Measured on disk', fill: '#3f9a8a', values: [94, 278] },
    ];
    render(
      <Panel id="c" title="Footprint by category" exportable>
        <figure className="chart">
          <ul>
            {series.map((item) => (
              <li key={item.name} className="chart-legend-item">
                <svg width="12" height="12">
                  <rect width="12" height="12" fill={item.fill} />
                </svg>
                {item.name}
              </li>
            ))}
          </ul>
          <svg className="chart-surface" width={600} height={200}>
            {['Volumes', 'Build cache'].map((label, row) => (
              <g key={label}>
                <text x={160} y={row * 40 + 20} fill="var(--text-muted)">
                  {label}
                </text>
                {series.map((item, order) => (
                  <rect
                    key={item.name}
                    data-series={order}
                    x={170}
                    y={row * 40 + order * 14}
                    width={item.values[row]}
                    height={12}
                    fill={item.fill}
                  />
                ))}
              </g>
            ))}
          </svg>
        </figure>
      </Panel>,
    );
    const { text, name } = await exportAs('SVG');
    expect(name).toMatch(/^docker-footprint-footprint-by-category-\d{4}-\d{2}-\d{2}\.svg$/);

    const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(parsed.querySelector('parsererror')).toBeNull();
    const root = parsed.documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(parsed.getElementsByTagName('foreignObject')).toHaveLength(0);
    expect(text).not.toContain('var(');
    const bars = [...parsed.querySelectorAll('rect[data-series]')].filter((rect) =>
      ['#4f6d9a', '#3f9a8a'].includes(rect.getAttribute('fill') ?? ''),
    );
    expect(bars).toHaveLength(4);
    // The legend as SVG: a swatch in each series' colour beside its name.
    const swatches = [...parsed.querySelectorAll('rect:not([data-series])')].map((rect) =>
      rect.getAttribute('fill'),
    );
    expect(swatches).toEqual(expect.arrayContaining(['#4f6d9a', '#3f9a8a']));
    const texts = [...parsed.querySelectorAll('text')].map((node) => node.textContent ?? '');
    expect(texts).toContain('Footprint by category');
    expect(texts).toContain('Engine figure');
    expect(texts).toContain('Measured on disk');
    expect(
      texts.some((line) => /^docker-footprint · Footprint by category · .* UTC/.test(line)),
    ).toBe(true);
    expect(texts.join(' ')).toContain('Build cache');
  });
});

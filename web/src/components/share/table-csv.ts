import { sourceLabels, type ByteSource } from '../bytes';

type Field = string | number;

/**
 * One CSV field, RFC 4180: quoted when it holds a comma, a quote or a line break, quotes
 * doubled. Text that a spreadsheet would run as a formula (= + - @, or a tab or carriage return
 * before one) gets a leading apostrophe: a tag or a label is data, never a formula.
 */
export function csvField(value: Field): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines end in CRLF, the last one too (RFC 4180). */
export function csvText(rows: readonly (readonly Field[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** What a cell shows: no screen-reader duplicates, controls or sort arrows; times exact. */
function cellText(cell: Element): string {
  const copy = cell.cloneNode(true) as Element;
  copy
    .querySelectorAll('.visually-hidden, .sort-indicator, input, select, [data-export-ignore]')
    .forEach((node) => node.remove());
  copy.querySelectorAll('time[datetime]').forEach((time) => {
    time.textContent = time.getAttribute('datetime');
  });
  const items = copy.querySelectorAll('li');
  if (items.length > 0) return [...items].map((item) => squash(item.textContent)).join(', ');
  return squash(copy.textContent);
}

const isSource = (value: string | undefined): value is ByteSource =>
  value === 'engine' || value === 'disk';

interface Column {
  index: number;
  name: string;
  /** Byte columns give two: the exact count and the figure as shown. */
  bytes: { source: ByteSource | null } | null;
}

/** Rows of data, not the virtual list's spacers or a header's group row. */
function bodyRows(table: HTMLTableElement): HTMLTableRowElement[] {
  return [...table.tBodies].flatMap((body) =>
    [...body.rows].filter(
      (row) => !row.classList.contains('spacer-row') && row.getAttribute('aria-hidden') !== 'true',
    ),
  );
}

/**
 * A table as CSV, as it stands on the page (filtered, sorted, registry hosts hidden if the
 * export asked so): every byte figure as its exact count in a column that names its unit and
 * its source, beside the figure as shown; text as shown; times as ISO 8601.
 */
export function tableToCsv(table: HTMLTableElement): string {
  const head = table.tHead?.rows;
  const header = head && head.length > 0 ? head[head.length - 1] : table.rows[0];
  if (!header) return '';
  const rows =
    header.parentElement?.tagName === 'THEAD' ? bodyRows(table) : bodyRows(table).slice(1);
  const columns: Column[] = [];
  [...header.cells].forEach((cell, index) => {
    if (cell.querySelector('input[type="checkbox"]')) return;
    // A byte column: figures (or "not measured" where one is missing) from <Bytes>/<MaybeBytes>.
    const figures = rows
      .map((row) => row.cells[index]?.querySelector<HTMLElement>('.bytes, .not-measured'))
      .filter((figure): figure is HTMLElement => figure !== null && figure !== undefined);
    const source = figures.map((figure) => figure.dataset.source).find(isSource) ?? null;
    columns.push({ index, name: cellText(cell), bytes: figures.length > 0 ? { source } : null });
  });

  const names = columns.flatMap(({ name, bytes }) => {
    if (bytes === null) return [name];
    const source = bytes.source ? sourceLabels[bytes.source] : null;
    // The footprint table's headers are the source tags themselves ("engine", "on disk").
    const plain = !name || /^(engine|on disk)$/i.test(name);
    const label = source ? (plain ? source : `${name}, ${source}`) : name || 'Bytes';
    return [`${label} (bytes)`, `${label} (as shown)`];
  });
  const lines = rows.map((row) =>
    columns.flatMap(({ index, bytes }) => {
      const cell = row.cells[index];
      if (!cell) return bytes ? ['', ''] : [''];
      if (bytes === null) return [cellText(cell)];
      const exact = cell.querySelector<HTMLElement>('[data-exact-bytes]')?.dataset.exactBytes;
      return [exact === undefined ? '' : Number(exact), cellText(cell)];
    }),
  );
  return csvText([names, ...lines]);
}

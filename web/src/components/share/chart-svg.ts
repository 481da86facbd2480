const svgNs = 'http://www.w3.org/2000/svg';

/**
 * Presentation properties that the page's stylesheet and CSS variables decide and a file must
 * carry itself: a vector editor sees neither the stylesheet nor `var(--chart-engine)`.
 */
const inlined = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

export interface ChartSvgOptions {
  /** Above the chart, e.g. the panel's title. */
  title: string;
  /** Below it: what, when, and optionally where (caption.ts). */
  caption: string;
}

function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.viewBox.baseVal as DOMRect | null;
  const width = Number(svg.getAttribute('width')) || box?.width || svg.clientWidth;
  const height = Number(svg.getAttribute('height')) || box?.height || svg.clientHeight;
  return { width, height };
}

/** Neither drawn nor styled: kept as they are. */
const unstyled = new Set(['title', 'desc', 'defs', 'clipPath', 'mask']);

/**
 * Each element's computed presentation as attributes, where it differs from what the element
 * inherits (the file stays small); classes, inline styles and var() go.
 */
function inlineStyles(original: Element, copy: Element, inherited: Map<string, string>): void {
  for (const name of [...copy.getAttributeNames()]) {
    if (name === 'class' || name === 'style' || copy.getAttribute(name)?.includes('var(')) {
      copy.removeAttribute(name);
    }
  }
  if (unstyled.has(original.tagName)) return;
  const computed = getComputedStyle(original);
  const own = new Map(inherited);
  for (const property of inlined) {
    let value = computed.getPropertyValue(property);
    // A browser without layout (tests) computes nothing: keep what the chart set, if plain.
    if (value === '') value = original.getAttribute(property) ?? '';
    if (value === '' || value.includes('var(')) continue;
    const fallback = property === 'opacity' || property.endsWith('-opacity') ? '1' : '';
    if (value !== (inherited.get(property) ?? fallback)) copy.setAttribute(property, value);
    if (property !== 'opacity') own.set(property, value);
  }
  const originals = original.children;
  const copies = copy.children;
  for (let index = 0; index < originals.length; index++) {
    const from = originals[index];
    const to = copies[index];
    if (from && to) inlineStyles(from, to, own);
  }
}

function element<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  // textContent: the serializer escapes it; nothing here is ever parsed as markup.
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The legend, drawn in HTML above the svg: label and colour of each series. */
function legendEntries(root: Element): { label: string; color: string }[] {
  return [...root.querySelectorAll('.chart-legend-item')].map((item) => {
    const icon = item.querySelector('path, rect');
    // A plain colour as drawn; a var() as the page computes it (jsdom computes no presentation
    // attributes, so the attribute comes first).
    const drawn = icon?.getAttribute('fill') ?? '';
    const color =
      icon && (drawn === '' || drawn.includes('var(')) ? getComputedStyle(icon).fill : drawn;
    return {
      label: (item.textContent ?? '').trim(),
      color: color.includes('var(') || color === '' ? 'currentColor' : color,
    };
  });
}

/**
 * A chart as a plain SVG document, as vector editors open it: the chart's own svg cloned with
 * its computed colours and fonts as attributes, the title and legend above and the caption below
 * as <text>. No foreignObject, no HTML, no stylesheet.
 */
export function chartToSvg(chart: SVGSVGElement, { title, caption }: ChartSvgOptions): string {
  const figure = chart.closest('figure') ?? chart.parentElement ?? chart;
  const { width, height } = sizeOf(chart);
  const body = getComputedStyle(figure.closest('.panel') ?? document.body);
  const background = body.backgroundColor || '#ffffff';
  const text = body.color || '#1d2430';
  const font = body.fontFamily || 'sans-serif';
  const legend = legendEntries(figure);
  const top = legend.length > 0 ? 56 : 36;
  const total = top + height + 32;

  // No xmlns attribute: the element is in the SVG namespace and the serializer declares it.
  const root = element('svg', {
    version: '1.1',
    width,
    height: total,
    viewBox: `0 0 ${width} ${total}`,
    'font-family': font,
  });
  root.append(element('title', {}, title));
  root.append(element('rect', { x: 0, y: 0, width, height: total, fill: background }));
  root.append(
    element('text', { x: 12, y: 22, fill: text, 'font-size': 15, 'font-weight': 600 }, title),
  );
  let x = 12;
  for (const entry of legend) {
    root.append(element('rect', { x, y: 34, width: 12, height: 12, fill: entry.color }));
    root.append(element('text', { x: x + 18, y: 44, fill: text, 'font-size': 12 }, entry.label));
    x += 18 + entry.label.length * 7 + 20;
  }

  const copy = chart.cloneNode(true) as SVGSVGElement;
  inlineStyles(chart, copy, new Map([['font-family', font]]));
  const group = element('g', { transform: `translate(0 ${top})` });
  group.append(...copy.childNodes);
  root.append(group);
  root.append(
    element(
      'text',
      { x: 12, y: top + height + 22, fill: text, 'font-size': 12, opacity: 0.75 },
      caption,
    ),
  );
  return new XMLSerializer().serializeToString(root);
}

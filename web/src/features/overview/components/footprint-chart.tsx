import { humanBytes } from '@footprint/shared';
import { useLayoutEffect, useRef, useState } from 'react';
import { Segmented } from '../../../components/segmented';
import { type ChartScale, chartRows, scaleAxis } from '../utils/chart-scale';
import type { FootprintRow } from '../utils/footprint-rows';
import './footprint-chart.css';

const scales: { value: ChartScale; label: string; hint: string }[] = [
  { value: 'linear', label: 'Linear', hint: 'Bar lengths in proportion to the bytes' },
  { value: 'log', label: 'Log', hint: 'Each gridline ten (or a thousand) times the last' },
];
const series = [
  { key: 'engine', name: 'Engine figure', fill: 'var(--chart-engine)' },
  { key: 'disk', name: 'Measured on disk', fill: 'var(--chart-disk)' },
] as const;

// The drawing's geometry, px: category labels on the left, room for the value labels on the right.
const labelWidth = 170;
const valueRoom = 72;
const top = 4;
const axisHeight = 48;
const rowHeight = 38;
const barHeight = 12;
const barGap = 2;
/** Before the first measure (and in jsdom, which has no layout). */
const fallbackWidth = 640;

/** The figure's width, followed as the page resizes. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallbackWidth);
  useLayoutEffect(() => {
    const node = ref.current;
    if (node === null) return;
    const measure = () => {
      if (node.clientWidth > 0) setWidth(node.clientWidth);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/**
 * The data root by category: the engine's figure and the measured one side by side, each bar
 * labelled with its figure, so the small categories read even where their bars are too short to
 * see. A log scale shows them as bars too; its axis says so. A missing figure draws no bar and
 * its label says why not. Drawn as plain SVG (a bar chart library was 109 KB gzipped of the
 * page for these few rectangles); the table beside it carries the figures for screen readers.
 */
export function FootprintChart({ rows }: { rows: readonly FootprintRow[] }) {
  const [scale, setScale] = useState<ChartScale>('linear');
  const { ref, width } = useWidth();
  const axis = scaleAxis(rows, scale);
  const data = chartRows(rows, scale, axis);
  const { ticks } = axis;
  const [low, high] = axis.domain;
  const plotLeft = labelWidth;
  const plotWidth = Math.max(40, width - labelWidth - valueRoom);
  const plotHeight = data.length * rowHeight;
  const height = top + plotHeight + axisHeight;
  const span = scale === 'log' ? Math.log10(high / low) : high - low;
  const x = (value: number) => {
    const at = scale === 'log' ? Math.log10(Math.max(value, low) / low) : value - low;
    return plotLeft + (Math.min(Math.max(at, 0), span) / span) * plotWidth;
  };
  const axisY = top + plotHeight;

  return (
    <figure className="chart">
      <div className="chart-head">
        <figcaption>Bytes by category: engine figure and measured on disk</figcaption>
        <div data-export-ignore="">
          <Segmented legend="Scale" value={scale} options={scales} onChange={setScale} />
        </div>
      </div>
      <div aria-hidden="true" ref={ref} className="chart-frame">
        <ul className="chart-legend">
          {series.map((item) => (
            <li key={item.key} className="chart-legend-item" data-fill={item.fill}>
              <svg width="12" height="12" className="chart-legend-swatch">
                <rect width="12" height="12" fill={item.fill} />
              </svg>
              <span className="chart-legend-text">{item.name}</span>
            </li>
          ))}
        </ul>
        <svg
          className="chart-surface"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
        >
          <g className="chart-grid" stroke="var(--border)">
            {ticks.map((tick) => (
              <line key={tick} x1={x(tick)} x2={x(tick)} y1={top} y2={axisY} />
            ))}
          </g>
          {data.map((row, index) => {
            const bandTop = top + index * rowHeight;
            const firstBar = bandTop + (rowHeight - 2 * barHeight - barGap) / 2;
            return (
              <g key={row.label} className="chart-band">
                <title>{`${row.label}: engine figure ${row.engineText}, measured on disk ${row.diskText}`}</title>
                <rect
                  className="chart-band-hover"
                  x={plotLeft}
                  y={bandTop}
                  width={plotWidth}
                  height={rowHeight}
                  fill="transparent"
                />
                <text
                  className="chart-category"
                  x={plotLeft - 8}
                  y={bandTop + rowHeight / 2}
                  textAnchor="end"
                  dominantBaseline="central"
                  fill="var(--text-muted)"
                  fontSize={12}
                >
                  {row.label}
                </text>
                {series.map((item, order) => {
                  const plot = item.key === 'engine' ? row.enginePlot : row.diskPlot;
                  const end = x(plot);
                  const y = firstBar + order * (barHeight + barGap);
                  return (
                    <g key={item.key}>
                      <rect
                        data-series={item.key}
                        x={plotLeft}
                        y={y}
                        width={Math.max(0, end - plotLeft)}
                        height={barHeight}
                        fill={item.fill}
                      />
                      <text
                        className="chart-value-label"
                        x={end + 5}
                        y={y + barHeight / 2}
                        dominantBaseline="central"
                        fill="var(--text)"
                        fontSize={11}
                      >
                        {item.key === 'engine' ? row.engineText : row.diskText}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
          <g className="chart-axis" fill="var(--text-muted)" fontSize={12}>
            <line
              x1={plotLeft}
              x2={plotLeft + plotWidth}
              y1={axisY}
              y2={axisY}
              stroke="var(--border-strong)"
            />
            <line x1={plotLeft} x2={plotLeft} y1={top} y2={axisY} stroke="var(--border-strong)" />
            {ticks.map((tick) => (
              <text key={tick} x={x(tick)} y={axisY + 16} textAnchor="middle">
                {humanBytes(tick)}
              </text>
            ))}
            <text x={plotLeft + plotWidth / 2} y={axisY + 38} textAnchor="middle">
              {axis.label}
            </text>
          </g>
        </svg>
      </div>
    </figure>
  );
}

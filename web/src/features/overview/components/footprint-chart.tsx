import { humanBytes } from '@footprint/shared';
import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Rectangle,
  type RectangleProps,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Segmented } from '../../../components/segmented';
import { type ChartRow, type ChartScale, chartRows, scaleAxis } from '../utils/chart-scale';
import type { FootprintRow } from '../utils/footprint-rows';

const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  borderRadius: 6,
  fontSize: 12,
};
const axisTick = { fill: 'var(--text-muted)', fontSize: 12 };
const valueLabel = { fill: 'var(--text)', fontSize: 11 };
const formatBytes = (value: unknown) => (typeof value === 'number' ? humanBytes(value) : '');
/*
 * A shape of our own: recharts drops zero-width bars, and their labels with them, unless the bar
 * has a custom shape. Drawn the same; a zero (or missing) figure then still gets its label.
 */
const barShape = (props: RectangleProps) => <Rectangle {...props} />;
const scales: { value: ChartScale; label: string; hint: string }[] = [
  { value: 'linear', label: 'Linear', hint: 'Bar lengths in proportion to the bytes' },
  { value: 'log', label: 'Log', hint: 'Each gridline ten (or a thousand) times the last' },
];

/** The tooltip shows the exact figure, not the plotted one (a zero is drawn at a log axis' start). */
const tooltipText = (
  _value: unknown,
  name: string | number | undefined,
  item: { payload?: ChartRow },
): [string, string] => {
  const row = item.payload;
  const text = row ? (name === 'Engine figure' ? row.engineText : row.diskText) : '';
  return [text, String(name ?? '')];
};

/**
 * The data root by category: the engine's figure and the measured one side by side, each bar
 * labelled with its figure, so the small categories read even where their bars are too short to
 * see. A log scale shows them as bars too; its axis says so. A missing figure draws no bar and
 * its label says why not.
 */
export function FootprintChart({ rows }: { rows: readonly FootprintRow[] }) {
  const [scale, setScale] = useState<ChartScale>('linear');
  const axis = scaleAxis(rows, scale);
  const data = chartRows(rows, scale, axis);
  const height = 72 + rows.length * 38;
  return (
    <figure className="chart">
      <div className="chart-head">
        <figcaption>Bytes by category: engine figure and measured on disk</figcaption>
        <div data-export-ignore="">
          <Segmented legend="Scale" value={scale} options={scales} onChange={setScale} />
        </div>
      </div>
      <div aria-hidden="true">
        <BarChart
          style={{ width: '100%', height }}
          data={data}
          layout="vertical"
          responsive
          accessibilityLayer={false}
          margin={{ top: 4, right: 72, bottom: 18, left: 0 }}
          barGap={2}
          barSize={12}
        >
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis
            type="number"
            scale={scale}
            domain={axis.domain}
            ticks={axis.ticks}
            allowDataOverflow={scale === 'log'}
            tickFormatter={formatBytes}
            stroke="var(--border-strong)"
            tick={axisTick}
            label={{
              value: axis.label,
              position: 'insideBottom',
              offset: -14,
              fill: 'var(--text-muted)',
              fontSize: 12,
            }}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={170}
            stroke="var(--border-strong)"
            tick={axisTick}
            interval={0}
          />
          <Tooltip
            formatter={tooltipText}
            cursor={{ fill: 'var(--row-hover)' }}
            isAnimationActive={false}
            contentStyle={tooltipStyle}
            labelStyle={{ color: 'var(--text)', fontWeight: 600 }}
          />
          <Legend
            verticalAlign="top"
            formatter={(value) => <span className="chart-legend-text">{value}</span>}
          />
          <Bar
            dataKey="enginePlot"
            name="Engine figure"
            fill="var(--chart-engine)"
            isAnimationActive={false}
            shape={barShape}
          >
            <LabelList dataKey="engineText" position="right" {...valueLabel} />
          </Bar>
          <Bar
            dataKey="diskPlot"
            name="Measured on disk"
            fill="var(--chart-disk)"
            isAnimationActive={false}
            shape={barShape}
          >
            <LabelList dataKey="diskText" position="right" {...valueLabel} />
          </Bar>
        </BarChart>
      </div>
    </figure>
  );
}

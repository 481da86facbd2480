import { humanBytes } from '@footprint/shared';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { FootprintRow } from '../utils/footprint-rows';

const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  borderRadius: 6,
  fontSize: 12,
};
const axisTick = { fill: 'var(--text-muted)', fontSize: 12 };
const formatBytes = (value: unknown) => (typeof value === 'number' ? humanBytes(value) : '');

/**
 * The data root by category: the engine's figure and the measured one side by side. A missing
 * figure draws no bar; the table beside it says "not measured" and why.
 */
export function FootprintChart({ rows }: { rows: readonly FootprintRow[] }) {
  const height = 48 + rows.length * 34;
  return (
    <figure className="chart">
      <figcaption>Bytes by category: engine figure and measured on disk</figcaption>
      <div aria-hidden="true">
        <BarChart
          style={{ width: '100%', height }}
          data={rows.map((row) => ({ ...row }))}
          layout="vertical"
          responsive
          accessibilityLayer={false}
          margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
          barGap={2}
          barSize={11}
        >
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis
            type="number"
            tickFormatter={formatBytes}
            stroke="var(--border-strong)"
            tick={axisTick}
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
            formatter={formatBytes}
            cursor={{ fill: 'var(--row-hover)' }}
            isAnimationActive={false}
            contentStyle={tooltipStyle}
            labelStyle={{ color: 'var(--text)', fontWeight: 600 }}
          />
          <Legend formatter={(value) => <span className="chart-legend-text">{value}</span>} />
          <Bar
            dataKey="engineBytes"
            name="Engine figure"
            fill="var(--chart-engine)"
            isAnimationActive={false}
          />
          <Bar
            dataKey="diskBytes"
            name="Measured on disk"
            fill="var(--chart-disk)"
            isAnimationActive={false}
          />
        </BarChart>
      </div>
    </figure>
  );
}

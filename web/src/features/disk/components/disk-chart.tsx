import { humanBytes } from '@footprint/shared';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { diskChartData } from '../utils/disk-chart-data';
import type { EngineDiskUsage } from '../utils/disk-rows';

const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  borderRadius: 6,
  fontSize: 12,
};
const axisTick = { fill: 'var(--text-muted)', fontSize: 12 };
const tooltipLabelStyle = { color: 'var(--text)', fontWeight: 600 };

const formatBytes = (value: unknown) => (typeof value === 'number' ? humanBytes(value) : '');

/** Bytes by category, in use vs reclaimable. The table beside it holds the same figures. */
export function DiskChart({ disk }: { disk: EngineDiskUsage }) {
  return (
    <figure className="disk-chart">
      <figcaption>In use and reclaimable, by category</figcaption>
      <div aria-hidden="true">
        <BarChart
          className="disk-chart-canvas"
          data={diskChartData(disk)}
          layout="vertical"
          responsive
          accessibilityLayer={false}
          margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
          barSize={16}
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
            width={110}
            stroke="var(--border-strong)"
            tick={axisTick}
          />
          <Tooltip
            formatter={formatBytes}
            cursor={false}
            isAnimationActive={false}
            // Recharts styles its tooltip inline; these keep it on the theme.
            contentStyle={tooltipStyle}
            labelStyle={tooltipLabelStyle}
          />
          <Legend formatter={(value) => <span className="chart-legend-text">{value}</span>} />
          <Bar
            dataKey="inUseBytes"
            name="In use"
            stackId="bytes"
            className="bar-in-use"
            fill="var(--chart-in-use)"
            isAnimationActive={false}
          />
          <Bar
            dataKey="reclaimableBytes"
            name="Reclaimable"
            stackId="bytes"
            className="bar-reclaimable"
            fill="var(--chart-reclaimable)"
            isAnimationActive={false}
          />
        </BarChart>
      </div>
    </figure>
  );
}

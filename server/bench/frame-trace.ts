import { readFileSync } from 'node:fs';

/** The renderer main thread's CPU in a Chrome trace, by what the Performance panel calls it. */
export type Bucket = 'scripting' | 'gc' | 'style' | 'layout' | 'paint' | 'other';

export interface FrameTrace {
  /** Animation frames the page's requestAnimationFrame callback ran in (FireAnimationFrame). */
  frames: number;
  /** Main-thread CPU time per frame on average, ms, by bucket (self time of each event). */
  perFrameMs: Record<Bucket, number>;
  /** Main-thread CPU time per frame, ms: p50, p99, max over the frames. */
  busyP50Ms: number;
  busyP99Ms: number;
  busyMaxMs: number;
  /** CPU self time by event name over the whole scroll, ms, the largest first. */
  topEvents: { name: string; ms: number }[];
  /** Frames longer than 25 ms (from one rAF to the next) and what their main thread did. */
  longFrames: { intervalMs: number; busyMs: number; byBucket: Record<Bucket, number> }[];
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs: what the thread ran, not how long it waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

// By the innermost event's name, first match wins: DevTools' own names and Blink's scopes.
const buckets: [Bucket, RegExp][] = [
  ['gc', /GC|Gc\b|ThreadState::|Sweep|Marking/],
  [
    'scripting',
    /^(FunctionCall|EvaluateScript|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks|FireIdleCallback|ParseHTML|XHR|v8\.|V8\.|SerializedScriptValue)/,
  ],
  [
    'style',
    /UpdateLayoutTree|RecalculateStyles|recalcStyle|updateStyle|StyleEngine|ParseAuthorStyleSheet/,
  ],
  ['layout', /Layout|InlineNode|Shape|IntersectionObserver|ComputeIntersections|HitTest/],
  ['paint', /Paint|Layerize|Composit|Commit|commit|UpdateLayer|Raster|Decode/],
];

function bucketOf(name: string): Bucket {
  for (const [bucket, pattern] of buckets) if (pattern.test(name)) return bucket;
  return 'other';
}

const zero = (): Record<Bucket, number> => ({
  scripting: 0,
  gc: 0,
  style: 0,
  layout: 0,
  paint: 0,
  other: 0,
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/**
 * CPU self time of every complete event on the page's renderer main thread (CrRendererMain with
 * the most events), cut into frames at each FireAnimationFrame: the scroll script steps once per
 * rAF. Thread time, not wall time: on a loaded machine a frame waits for a core without using it.
 */
export function summarizeFrameTrace(path: string): FrameTrace {
  const trace = JSON.parse(readFileSync(path, 'utf8')) as
    { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = events.filter(
    (event) =>
      event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
  );
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = `${event.pid}:${event.tid}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const main = mains
    .map((event) => `${event.pid}:${event.tid}`)
    .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0];
  if (main === undefined) throw new Error(`No CrRendererMain thread in ${path}.`);
  const own = events
    .filter((event) => `${event.pid}:${event.tid}` === main && event.ph === 'X' && event.dur)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

  // Self time: each event's CPU time (tdur; its wall time where the trace has none) less its
  // direct children's, nested by wall time with a stack of open events.
  const cpu = (event: TraceEvent) => event.tdur ?? event.dur ?? 0;
  const self: { name: string; ts: number; self: number }[] = [];
  const stack: { end: number; index: number }[] = [];
  for (const event of own) {
    const end = event.ts + (event.dur ?? 0);
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= event.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent !== undefined) {
      const entry = self[parent.index];
      if (entry) entry.self -= cpu(event);
    }
    self.push({ name: event.name, ts: event.ts, self: cpu(event) });
    stack.push({ end, index: self.length - 1 });
  }

  const starts = own.filter((event) => event.name === 'FireAnimationFrame').map((e) => e.ts);
  if (starts.length < 2) throw new Error(`Fewer than two animation frames in ${path}.`);
  const frameCount = starts.length - 1;
  const perFrame = Array.from({ length: frameCount }, zero);
  const byName = new Map<string, number>();
  let frame = 0;
  for (const entry of self) {
    if (entry.ts < (starts[0] ?? 0) || entry.ts >= (starts.at(-1) ?? 0)) continue;
    while (frame + 1 < starts.length && entry.ts >= (starts[frame + 1] ?? Infinity)) frame++;
    const bins = perFrame[frame];
    if (bins) bins[bucketOf(entry.name)] += entry.self / 1000;
    byName.set(entry.name, (byName.get(entry.name) ?? 0) + entry.self / 1000);
  }
  const total = zero();
  for (const bins of perFrame)
    for (const key of Object.keys(total) as Bucket[]) total[key] += bins[key];
  const busy = perFrame.map((bins) => Object.values(bins).reduce((sum, ms) => sum + ms, 0));
  const sortedBusy = [...busy].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    frames: frameCount,
    perFrameMs: Object.fromEntries(
      Object.entries(total).map(([key, ms]) => [key, round(ms / frameCount)]),
    ) as Record<Bucket, number>,
    busyP50Ms: round(percentile(sortedBusy, 50)),
    busyP99Ms: round(percentile(sortedBusy, 99)),
    busyMaxMs: round(sortedBusy.at(-1) ?? 0),
    topEvents: [...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, ms]) => ({ name, ms: round(ms) })),
    longFrames: perFrame
      .map((bins, index) => ({
        intervalMs: round(((starts[index + 1] ?? 0) - (starts[index] ?? 0)) / 1000),
        busyMs: round(busy[index] ?? 0),
        byBucket: Object.fromEntries(
          Object.entries(bins).map(([key, ms]) => [key, round(ms)]),
        ) as Record<Bucket, number>,
      }))
      .filter((entry) => entry.intervalMs > 25)
      .slice(0, 20),
  };
}

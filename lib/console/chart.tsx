// A line chart of one quantity over time as server-side SVG: no script, scales with the page, readable by screen
// readers (role="img" with a title and a description) and followed by its data as a table. One chart holds one
// quantity in one unit; a page shows two quantities as two charts.
import { when } from "./layout.tsx";

/** One reading: `t` in milliseconds since the epoch, `v` in the chart's unit. */
export interface ChartPoint {
  t: number;
  v: number;
}

/** Readings beyond this many are downsampled before drawing (and before the table). */
export const maxChartPoints = 500;

/**
 * At most `max` of the points, in time order: the first and the last, and of each run of neighbours between them
 * the lowest and the highest, so peaks and dips survive.
 */
export function downsample(points: ChartPoint[], max = maxChartPoints): ChartPoint[] {
  if (points.length <= max) return points;
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const inner = points.length - 2;
  const kept: ChartPoint[] = [points[0]!];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i]!.v < points[low]!.v) low = i;
      if (points[i]!.v > points[high]!.v) high = i;
    }
    for (const i of low === high ? [low] : [Math.min(low, high), Math.max(low, high)]) kept.push(points[i]!);
  }
  kept.push(points.at(-1)!);
  return kept;
}

/** Maps `domain` linearly onto `range`. */
export function linearScale(domain: [number, number], range: [number, number]): (x: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

const round = (x: number) => Number(x.toPrecision(12));

/** Round tick values (1, 2 or 5 times a power of ten apart) covering [min, max]; the domain widens to the outer ticks. */
export function niceTicks(min: number, max: number, count = 5): { domain: [number, number]; step: number; ticks: number[] } {
  if (!(max > min)) {
    const pad = Math.abs(min) * 0.1 || 1;
    return niceTicks(min - pad, min + pad, count);
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw)!;
  const first = Math.floor(round(min / step)) * step;
  const last = Math.ceil(round(max / step)) * step;
  const ticks: number[] = [];
  for (let i = 0; first + i * step <= last + step / 2; i++) ticks.push(round(first + i * step));
  return { domain: [round(first), round(last)], step, ticks };
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const timeSteps = [
  second, 2 * second, 5 * second, 10 * second, 15 * second, 30 * second,
  minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute,
  hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour,
  day, 2 * day, 7 * day, 14 * day, 30 * day, 91 * day, 365 * day,
];

/** Time ticks on whole UTC seconds, minutes, hours or days, at most about `count` of them within [min, max]. */
export function timeTicks(min: number, max: number, count = 6): { step: number; ticks: number[] } {
  const step = timeSteps.find((s) => (max - min) / s <= count) ?? Math.ceil((max - min) / count / day) * day;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return { step, ticks };
}

/** A tick's time, as short as the step allows (all UTC). */
export function timeLabel(t: number, step: number, span: number): string {
  const iso = new Date(t).toISOString();
  if (step >= day) return iso.slice(0, 10);
  const clock = step < minute ? iso.slice(11, 19) : iso.slice(11, 16);
  return span > day ? `${iso.slice(5, 10)} ${clock}` : clock;
}

/** A tick's value with as many decimals as the step needs. */
export function valueLabel(v: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals);
}

const formatValue = (v: number) => String(Number(v.toPrecision(8)));

export interface LineChartProps {
  /** Unique on the page: the prefix of the element ids that tie the title and description to the image. */
  id: string;
  title: string;
  /** The quantity on the vertical axis, e.g. "Energy". */
  quantity: string;
  unit: string;
  /** In time order. */
  points: ChartPoint[];
  /** Start the vertical axis at zero (power), rather than at the lowest reading (a meter register). */
  fromZero?: boolean;
  /** Said in the description after the summary, e.g. how phases were combined. */
  note?: string;
  width?: number;
  height?: number;
  maxPoints?: number;
}

/**
 * The chart and its data table; a sentence instead when there is no reading. Pure: the same props give the same
 * markup.
 */
export function LineChart(props: LineChartProps) {
  const { id, title, quantity, unit, width = 720, height = 260 } = props;
  if (props.points.length === 0) {
    return (
      <p class="muted" id={`${id}-empty`}>
        {title}: no readings.
      </p>
    );
  }
  const points = downsample(props.points, props.maxPoints ?? maxChartPoints);
  const margin = { left: 72, right: 40, top: 16, bottom: 52 };
  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };

  const t0 = props.points[0]!.t;
  const t1 = props.points.at(-1)!.t;
  const [tMin, tMax] = t1 > t0 ? [t0, t1] : [t0 - minute, t0 + minute];
  const low = props.points.reduce((m, p) => Math.min(m, p.v), Infinity);
  const high = props.points.reduce((m, p) => Math.max(m, p.v), -Infinity);
  const y = props.fromZero ? niceTicks(Math.min(0, low), Math.max(0, high), 5) : niceTicks(low, high, 5);
  const x = timeTicks(tMin, tMax, 6);
  const sx = linearScale([tMin, tMax], [plot.left, plot.right]);
  const sy = linearScale(y.domain, [plot.bottom, plot.top]);
  const coordinates = points.map((p) => `${sx(p.t).toFixed(1)},${sy(p.v).toFixed(1)}`).join(" ");

  const downsampled = points.length < props.points.length;
  const description =
    `${props.points.length} reading${props.points.length === 1 ? "" : "s"} from ${when(new Date(t0).toISOString())} ` +
    `to ${when(new Date(t1).toISOString())}; lowest ${formatValue(low)} ${unit}, highest ${formatValue(high)} ${unit}, ` +
    `last ${formatValue(props.points.at(-1)!.v)} ${unit}.` +
    (downsampled ? ` Drawn with ${points.length} of them (lowest and highest of each stretch kept).` : "") +
    (props.note ? ` ${props.note}` : "");

  return (
    <figure class="chart-figure">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        class="chart"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        font-size="13"
        font-family="system-ui, sans-serif"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <g class="grid" stroke="#d0d7de" stroke-width="1">
          {y.ticks.map((v) => (
            <line x1={plot.left} x2={plot.right} y1={sy(v).toFixed(1)} y2={sy(v).toFixed(1)} />
          ))}
        </g>
        <g class="axis y-axis" fill="#1b1f24" text-anchor="end">
          {y.ticks.map((v) => (
            <text x={plot.left - 6} y={(sy(v) + 4).toFixed(1)}>
              {valueLabel(v, y.step)}
            </text>
          ))}
          <text
            class="axis-title"
            text-anchor="middle"
            transform={`translate(16 ${((plot.top + plot.bottom) / 2).toFixed(1)}) rotate(-90)`}
          >
            {`${quantity} (${unit})`}
          </text>
        </g>
        <g class="axis x-axis" fill="#1b1f24" text-anchor="middle">
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#57606a" />
          <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke="#57606a" />
          {x.ticks.map((t) => (
            <>
              <line x1={sx(t).toFixed(1)} x2={sx(t).toFixed(1)} y1={plot.bottom} y2={plot.bottom + 5} stroke="#57606a" />
              <text x={sx(t).toFixed(1)} y={plot.bottom + 18}>
                {timeLabel(t, x.step, tMax - tMin)}
              </text>
            </>
          ))}
          <text class="axis-title" x={((plot.left + plot.right) / 2).toFixed(1)} y={height - 8}>
            Time (UTC)
          </text>
        </g>
        <polyline class="series" fill="none" stroke="#0a58ca" stroke-width="2" stroke-linejoin="round" points={coordinates} />
        {points.length === 1 && <circle class="series" cx={sx(points[0]!.t).toFixed(1)} cy={sy(points[0]!.v).toFixed(1)} r="4" fill="#0a58ca" />}
      </svg>
      <details>
        <summary>{title}: the values as a table</summary>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">{`${quantity} (${unit})`}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr>
                  <td>{when(new Date(p.t).toISOString())}</td>
                  <td>{formatValue(p.v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {downsampled && (
          <p class="muted">
            {points.length} of {props.points.length} readings shown; the CSV has them all.
          </p>
        )}
      </details>
    </figure>
  );
}

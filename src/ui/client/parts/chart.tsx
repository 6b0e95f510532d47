/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * A time-series chart drawn by uPlot (canvas, bundled with the client: no CDN), one point per
 * minute. Colors come from the page's CSS variables, so the dark theme applies.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef } from "preact/hooks";

/** One line of a chart. */
export interface Line {
  label: string;
  values: (number | null)[];
  /** A CSS variable name for its color, e.g. `--chart-1`. */
  color: string;
  /** Draw as bars (counts) rather than a line. */
  bars?: boolean;
}

/** Props of {@link TimeChart}. */
export interface TimeChartProps {
  title: string;
  /** Epoch ms of the first point, and the step between points. */
  from: number;
  stepMs: number;
  lines: Line[];
  unit?: string;
}

function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

function optionsFor(props: TimeChartProps, width: number): uPlot.Options {
  const axis = cssColor("--muted");
  const grid = cssColor("--grid");
  const unit = props.unit ?? "";
  return {
    width,
    height: 180,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [
      { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
      {
        stroke: axis,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        size: unit ? 64 : 44,
        values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(1)}${unit}`),
      },
    ],
    series: [
      {},
      ...props.lines.map((line): uPlot.Series => ({
        label: line.label,
        stroke: cssColor(line.color),
        fill: line.bars ? cssColor(line.color) + "55" : undefined,
        width: 2,
        spanGaps: false,
        paths: line.bars ? uPlot.paths.bars!({ size: [0.7, 24] }) : undefined,
        // Points show where the data is sparse (one busy minute is a dot, not nothing).
        points: { show: !line.bars, size: 6, fill: cssColor(line.color) },
        value: (_u, v) => v === null || v === undefined ? "–" : `${+v.toFixed(1)}${unit}`,
      })),
    ],
  };
}

function dataOf(props: TimeChartProps): uPlot.AlignedData {
  const n = props.lines[0]?.values.length ?? 0;
  const xs = Array.from({ length: n }, (_, i) => (props.from + i * props.stepMs) / 1000);
  return [xs, ...props.lines.map((l) => l.values)] as uPlot.AlignedData;
}

/** A chart that follows its container's width and updates in place when data changes. */
export function TimeChart(props: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = props.lines.map((l) => l.label).join("|");

  useEffect(() => {
    const el = box.current!;
    const made = new uPlot(optionsFor(props, el.clientWidth || 300), dataOf(props), el);
    plot.current = made;
    const resize = new ResizeObserver(() => {
      made.setSize({ width: el.clientWidth || 300, height: 180 });
    });
    resize.observe(el);
    const scheme = matchMedia("(prefers-color-scheme: dark)");
    const recolor = () => {
      // Colors are read once per chart: draw it again with the new theme's.
      made.destroy();
      plot.current = new uPlot(optionsFor(props, el.clientWidth || 300), dataOf(props), el);
    };
    scheme.addEventListener("change", recolor);
    return () => {
      resize.disconnect();
      scheme.removeEventListener("change", recolor);
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(dataOf(props));
  });

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} class="chart-box" role="img" aria-label={`Chart: ${props.title}`} />
    </figure>
  );
}

import * as Plot from "@observablehq/plot";
import { useEffect, useRef, useState } from "react";

/**
 * An Observable Plot chart. `options` is a Plot spec without width (the chart takes its container's
 * width, re-rendered on resize). `label` names the chart for screen readers; pass a `caption` to show
 * one. Data shaping belongs in pure functions under lib/ (unit-tested), not here.
 */
export function PlotFigure(props: { options: Plot.PlotOptions; label: string; caption?: string; minWidth?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((prev) => (Math.abs(prev - w) > 4 ? w : prev));
    });
    ro.observe(el);
    setWidth(Math.floor(el.getBoundingClientRect().width));
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || width <= 0) return;
    const chart = Plot.plot({
      ...props.options,
      width: Math.max(props.minWidth ?? 280, width),
      ariaLabel: props.label,
      style: { background: "transparent", color: "var(--fg)", fontSize: "12px", overflow: "visible" },
    });
    // The chart is one image named by `label`: Plot's per-mark labels (aria-label on <g>, a role-less
    // element) are not allowed by ARIA and would be read as noise.
    for (const g of chart.querySelectorAll("g[aria-label], g[aria-description]")) {
      g.removeAttribute("aria-label");
      g.removeAttribute("aria-description");
    }
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [props.options, props.label, props.minWidth, width]);

  return (
    <figure className="plot">
      <div ref={ref} className="plot-canvas" />
      {props.caption ? <figcaption className="hint">{props.caption}</figcaption> : null}
    </figure>
  );
}

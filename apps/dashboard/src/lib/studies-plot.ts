/**
 * Observable Plot marks hidden from assistive technology, for the studies and calibrations charts: each
 * figure is one image named by PlotFigure's label, with its figures in a table or text next to it, so its
 * marks (and their per-mark `<title>`s) are decoration. (PlotFigure also strips Plot's per-mark
 * `aria-label`s, which axe reports on a role-less `<g>`; these marks were written before it did.) Each
 * chart's data marks carry a `className` the browser tests find them by.
 */
import * as Plot from "@observablehq/plot";

export const HIDDEN = { ariaHidden: "true" } as const;

/** The axes (and grid lines) as explicit hidden marks; they replace Plot's implicit ones. */
export function hiddenAxes(o: {
  x?: Plot.AxisXOptions | null;
  y?: Plot.AxisYOptions | null;
  fy?: Plot.AxisYOptions | null;
  gridX?: boolean;
  gridY?: boolean;
}): Plot.Markish[] {
  const marks: Plot.Markish[] = [];
  if (o.gridX) marks.push(Plot.gridX({ ...HIDDEN }));
  if (o.gridY) marks.push(Plot.gridY({ ...HIDDEN }));
  if (o.x !== null) marks.push(Plot.axisX({ ...o.x, ...HIDDEN }));
  if (o.y !== null) marks.push(Plot.axisY({ ...o.y, ...HIDDEN }));
  if (o.fy) marks.push(Plot.axisFy({ ...o.fy, ...HIDDEN }));
  return marks;
}

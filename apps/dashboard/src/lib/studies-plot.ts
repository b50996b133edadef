/**
 * Accessible Observable Plot marks for the studies and calibrations charts. Plot labels each mark's `<g>`
 * with an `aria-label` ("dot", "x-axis tick", …), which axe reports as a prohibited attribute (a `g` has no
 * role that takes a name). The marks are hidden from assistive technology instead: each figure is named by
 * PlotFigure's label and its figures are given in a table or text next to it.
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

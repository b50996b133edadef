import type { Question } from "../../shared/output-formats.ts";
import {
  GSS_2024_ITEMS,
  GSS_AGE_GROUPS,
  GSS_SEXES,
  type GssAgeGroup,
  type GssCell,
  type GssItem,
  type GssSex,
} from "./data/gss-2024.ts";
import type { CalibrationItem, Distribution } from "./scoring.ts";

/**
 * The GSS items in the two shapes the product needs: a `CalibrationItem` for scoring.ts (distributions keyed
 * by category) and a skill `Question` to ask (single choice over the GSS categories, our own wording), plus
 * the mapping from a persona's age and sex to the GSS subgroups.
 */

export const GSS_2024_ITEM_IDS: readonly string[] = GSS_2024_ITEMS.map((i) => i.id);

export function gssItem(id: string): GssItem | undefined {
  return GSS_2024_ITEMS.find((i) => i.id === id);
}

function distributionOf(item: GssItem, cell: GssCell): Distribution {
  return Object.fromEntries(item.options.map((o, i) => [o, cell.dist[i] as number]));
}

/** The item as scoring.ts takes it: the real distributions keyed by the GSS categories. */
export function calibrationItemOf(item: GssItem): CalibrationItem {
  return {
    id: item.id,
    categories: item.options,
    overall: distributionOf(item, item.overall),
    byAgeGroup: Object.fromEntries(GSS_AGE_GROUPS.map((g) => [g, distributionOf(item, item.byAgeGroup[g])])),
    bySex: Object.fromEntries(GSS_SEXES.map((s) => [s, distributionOf(item, item.bySex[s])])),
  };
}

/** The item as a skill question: single choice over the GSS categories, in the GSS order. */
export function skillQuestionOf(item: GssItem): Question {
  return { id: item.id, text: item.text, outputFormat: { type: "single_choice", options: [...item.options] } };
}

/** The GSS age group of an age in years (null under 18 or when unknown). */
export function gssAgeGroupOf(age: number | null | undefined): GssAgeGroup | null {
  if (age === null || age === undefined || !Number.isFinite(age) || age < 18) return null;
  if (age < 30) return "18-29";
  if (age < 45) return "30-44";
  if (age < 65) return "45-64";
  return "65+";
}

/** The GSS sex group of a persona's sex ("male" / "female", also "man" / "men" / "woman" / "women"). */
export function gssSexOf(sex: string | null | undefined): GssSex | null {
  const s = sex?.trim().toLowerCase();
  if (s === "male" || s === "man" || s === "men" || s === "m") return "male";
  if (s === "female" || s === "woman" || s === "women" || s === "f") return "female";
  return null;
}

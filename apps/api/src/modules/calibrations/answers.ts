import { calibrationItemOf, gssAgeGroupOf, gssItem, gssSexOf } from "./items.ts";
import { type CalibrationReport, calibrationReport, type ModelAnswer } from "./scoring.ts";

/**
 * From a calibration's task results to scoring.ts's input: each answer's category (the parsed single-choice
 * label) with its persona's GSS age group and sex. Pure.
 */

/** One task result as `tasks.ofRun` gives it (only what the mapping reads). */
export interface ResultLike {
  taskId: string;
  questionId: string;
  parsed: unknown;
  valid: boolean;
}

export interface PersonaLike {
  age: number | null | undefined;
  gender?: string | null;
}

/**
 * The category a result chose: the label of a valid single-choice answer that picked one of the options;
 * null for an invalid answer or an "other" (free text) one, which scoring counts as invalid.
 */
export function categoryOf(result: Pick<ResultLike, "parsed" | "valid">): string | null {
  if (!result.valid || result.parsed === null || typeof result.parsed !== "object") return null;
  const p = result.parsed as { label?: unknown; other?: unknown };
  if (p.other === true || typeof p.label !== "string") return null;
  return p.label;
}

/**
 * The answers of every item, keyed by item id: one per result of that question, with the persona's age
 * group and sex (null when the persona is gone or its age or sex is unknown: such an answer counts overall
 * only). Results of questions that are not among `itemIds` are ignored.
 */
export function answersByItem(
  itemIds: readonly string[],
  results: readonly ResultLike[],
  personaOfTask: ReadonlyMap<string, string>,
  personas: ReadonlyMap<string, PersonaLike>,
): Map<string, ModelAnswer[]> {
  const out = new Map<string, ModelAnswer[]>(itemIds.map((id) => [id, []]));
  for (const r of results) {
    const list = out.get(r.questionId);
    if (!list) continue;
    const personaId = personaOfTask.get(r.taskId);
    const persona = personaId === undefined ? undefined : personas.get(personaId);
    list.push({
      category: categoryOf(r),
      ageGroup: gssAgeGroupOf(persona?.age),
      sex: gssSexOf(persona?.gender),
    });
  }
  return out;
}

/** The scoring report of these items over these answers (unknown item ids throw). */
export function reportOf(itemIds: readonly string[], answers: ReadonlyMap<string, ModelAnswer[]>): CalibrationReport {
  const items = itemIds.map((id) => {
    const item = gssItem(id);
    if (!item) throw new Error(`unknown GSS item ${id}`);
    return calibrationItemOf(item);
  });
  return calibrationReport(items, answers);
}

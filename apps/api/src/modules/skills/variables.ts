import type { Skill } from "./schemas.ts";

/**
 * `{{variables}}` of a skill's instructions, questions and follow-ups. A name is resolved from the
 * variables a task supplies first, then from the persona's fields, then (`attributes.key`) from its
 * attributes. Values are plain strings.
 */

/** What a template may read of the persona (its seed fields and attributes). */
export interface PersonaVariables {
  firstName: string;
  lastName: string;
  age: number;
  location: string;
  baseOccupation: string;
  gender: string | null;
  education: string | null;
  incomeBracket: string | null;
  household: string | null;
  attributes: Record<string, unknown>;
}

export const PERSONA_FIELDS = [
  "firstName",
  "lastName",
  "age",
  "location",
  "baseOccupation",
  "gender",
  "education",
  "incomeBracket",
  "household",
] as const satisfies readonly (keyof PersonaVariables)[];

/** `{{ name }}`: a name is anything but whitespace and braces, so `{{attributes.plan tier}}` is not one. */
const VARIABLE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** The distinct variable names of the skill, in order of first use (instructions, then each question). */
export function templateVariables(skill: Pick<Skill, "instructions" | "questions">): string[] {
  const texts = [skill.instructions, ...skill.questions.flatMap((q) => [q.text, ...(q.followUps ?? [])])];
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(VARIABLE)) names.add(m[1] as string);
  return [...names];
}

function personaValue(persona: PersonaVariables, name: string): unknown {
  if (name.startsWith("attributes.")) {
    const key = name.slice("attributes.".length);
    return Object.hasOwn(persona.attributes, key) ? persona.attributes[key] : undefined;
  }
  return (PERSONA_FIELDS as readonly string[]).includes(name) ? persona[name as keyof PersonaVariables] : undefined;
}

/** Values of every variable the skill uses; those with no value (unknown, or null on the persona) are `missing`. */
export function resolveVariables(
  skill: Pick<Skill, "instructions" | "questions">,
  persona: PersonaVariables,
  supplied: Record<string, string | number | boolean>,
): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of templateVariables(skill)) {
    const value = Object.hasOwn(supplied, name) ? supplied[name] : personaValue(persona, name);
    if (value === undefined || value === null) missing.push(name);
    else values[name] = typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return { values, missing };
}

/** Fills `{{ name }}` placeholders; a name without a value stays as written (task creation refuses those). */
export function renderTemplate(text: string, values: Record<string, string>): string {
  return text.replace(VARIABLE, (whole, name: string) =>
    Object.hasOwn(values, name) ? (values[name] as string) : whole,
  );
}

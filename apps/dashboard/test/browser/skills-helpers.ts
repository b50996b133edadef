import type { DashboardHarness } from "./harness.ts";

/** A persona, a skill with a rubric (likert, single choice with a follow-up, text) and a task of both, through the API. */
export async function seedTask(
  h: DashboardHarness,
  key: string,
  opts: { execute?: boolean } = {},
): Promise<{ personaId: string; skillId: string; taskId: string }> {
  const persona = await h.s.request("POST", "/personas", {
    key,
    body: {
      seed: {
        firstName: "Maya",
        lastName: "Lindqvist",
        age: 34,
        location: "Portland, OR",
        baseOccupation: "Product designer",
      },
    },
  });
  if (persona.status !== 201) throw new Error(`persona: ${persona.status} ${persona.text}`);
  const skill = await h.s.request("POST", "/skills", {
    key,
    body: {
      name: "Pricing page reaction",
      instructions: "You are looking at a new pricing page for a note-taking app.",
      questions: [
        {
          id: "appeal",
          text: "How appealing is the page?",
          outputFormat: { type: "likert", scale: 7, labels: ["Not at all appealing", "Extremely appealing"] },
        },
        {
          id: "plan",
          text: "Which plan would you buy?",
          outputFormat: { type: "single_choice", options: ["Free", "Pro ($12/month)", "Team ($40/month)"] },
          followUps: ["What would make you pay more?"],
        },
        { id: "why", text: "Why that plan?", outputFormat: { type: "text", maxWords: 120 } },
      ],
      evaluation: {
        criteria: [
          { name: "Answers readable", weight: 2, rule: { type: "format_valid" } },
          {
            name: "Mentions price",
            weight: 1,
            rule: { type: "must_mention", questionId: "why", value: ["price", "cost"] },
          },
        ],
        passThreshold: 0.5,
      },
    },
  });
  if (skill.status !== 201) throw new Error(`skill: ${skill.status} ${skill.text}`);
  const task = await h.s.request("POST", "/tasks", {
    key,
    body: { skillId: skill.body.skill.id, personaId: persona.body.persona.id, execute: opts.execute ?? false },
  });
  if (task.status !== 201) throw new Error(`task: ${task.status} ${task.text}`);
  return { personaId: persona.body.persona.id, skillId: skill.body.skill.id, taskId: task.body.task.id };
}

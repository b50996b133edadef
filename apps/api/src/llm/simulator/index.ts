/**
 * The offline simulator model: a deterministic, network-free `LanguageModelV3` that answers as a
 * persona. See docs/simulator.md.
 */
export { simulateAnswer } from "./answer.ts";
export { type SimJudgement, simulateJudgement } from "./judge.ts";
export { createSimulatorModel, SIMULATOR_MODEL_ID, SIMULATOR_MODEL_NAME, type SimulatorModelOptions } from "./model.ts";
export { simulateProfile } from "./profile.ts";
export { answerSkill, SIMULATE_INVALID, SIMULATE_INVALID_ONCE, SIMULATE_OTHER } from "./skill-answers.ts";
export type * from "./types.ts";

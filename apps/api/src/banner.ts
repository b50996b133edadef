import type { Config } from "./config.ts";
import { SIMULATOR_SLUG } from "./llm/index.ts";

/**
 * What `person-run serve` says at start-up about its models (README "Honest by default"): which model answers
 * when a request names none, plainly when that is the offline simulator, and a warning for each provider
 * configured without `DEFAULT_MODEL`, naming the variable to set. Pure: the server prints and logs it.
 */

/** Each provider's switch variable and an example default a user can paste. */
const PROVIDERS = [
  { key: "openaiApiKey", variable: "OPENAI_API_KEY", provider: "openai", example: "openai/gpt-4.1-mini" },
  {
    key: "anthropicApiKey",
    variable: "ANTHROPIC_API_KEY",
    provider: "anthropic",
    example: "anthropic/claude-haiku-4-5",
  },
  { key: "gatewayApiKey", variable: "AI_GATEWAY_API_KEY", provider: "gateway", example: "gateway/openai/gpt-4.1-mini" },
  {
    key: "compatibleBaseUrl",
    variable: "OPENAI_COMPATIBLE_BASE_URL",
    provider: "compatible",
    example: "compatible/llama3.1",
  },
] as const;

export const SIMULATOR_NOTICE =
  "The default model is the offline simulator: a deterministic phrase-bank program, not a language model. " +
  "Good for trying the API, tests and demos; not for research conclusions. " +
  "To use a real model see docs/simulator.md (e.g. OPENAI_COMPATIBLE_BASE_URL=http://localhost:11434/v1 DEFAULT_MODEL=compatible/llama3.1).";

/** One warning per provider configured while DEFAULT_MODEL is unset. */
export function modelWarnings(llm: Config["llm"], defaultSlug: string): string[] {
  if (llm.defaultModel) return [];
  const defaultProvider = defaultSlug.slice(0, defaultSlug.indexOf("/"));
  const simulator = defaultSlug === SIMULATOR_SLUG;
  return PROVIDERS.filter((p) => llm[p.key]).map((p) =>
    p.provider === defaultProvider
      ? `${p.variable} is set but DEFAULT_MODEL is not: ${defaultSlug} was picked as the default. ` +
        `Set DEFAULT_MODEL=${p.provider}/<model> (e.g. DEFAULT_MODEL=${p.example}) to choose it.`
      : `${p.variable} is set but DEFAULT_MODEL is not, so requests that name no model still go to ${defaultSlug}` +
        `${simulator ? " (the offline simulator, not a language model)" : ""}. ` +
        `Set DEFAULT_MODEL=${p.provider}/<model> (e.g. DEFAULT_MODEL=${p.example}).`,
  );
}

export interface BannerFacts {
  version: string;
  url: string;
  database: string;
  defaultSlug: string;
  fallbackSlug?: string;
  warnings: string[];
}

/** The lines printed when the server is listening. */
export function bannerText(f: BannerFacts): string {
  const lines = [
    `person.run ${f.version} listening on ${f.url}`,
    `  database:      ${f.database}`,
    `  default model: ${f.defaultSlug}${f.fallbackSlug ? ` (fallback ${f.fallbackSlug})` : ""}`,
  ];
  if (f.defaultSlug === SIMULATOR_SLUG) lines.push(`  ${SIMULATOR_NOTICE}`);
  for (const w of f.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

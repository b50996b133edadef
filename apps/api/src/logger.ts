import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";

export type { Logger };

/** Paths whose values never reach a log sink. */
const REDACT = [
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "headers.authorization",
  'headers["x-api-key"]',
  "*.headers.authorization",
  '*.headers["x-api-key"]',
  "databaseUrl",
  "bootstrapKey",
];

export function createLogger(config: Pick<Config, "logLevel" | "logFormat">): Logger {
  return pino({
    level: config.logLevel,
    base: { service: "person-run" },
    redact: { paths: REDACT, censor: "[redacted]" },
    ...(config.logFormat === "pretty"
      ? { transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } } }
      : {}),
  });
}

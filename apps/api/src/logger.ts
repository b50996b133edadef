import pino, { type DestinationStream, type Logger } from "pino";
import type { Config } from "./config.ts";
import { logContextCopy } from "./log-context.ts";

export type { Logger };

/** Paths whose values never reach a log sink. */
const HEADERS = ["authorization", '["x-api-key"]', "cookie", '["set-cookie"]', '["proxy-authorization"]'];
export const LOG_REDACT = [
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "token",
  "*.token",
  "password",
  "*.password",
  // A request or response object logged at the top level, inside another object, or two levels down.
  ...HEADERS.flatMap((h) => [`headers.${h}`, `*.headers.${h}`, `*.*.headers.${h}`].map((p) => p.replace(".[", "["))),
  "databaseUrl",
  "bootstrapKey",
  "metricsToken",
];

/** Query parameters whose values are never logged: a client may put a key or token in the URL. */
const SECRET_PARAM =
  /^(?:.*[-_]?(?:key|token|secret|signature|password|passwd|pwd|auth|authorization|credential|session)s?|sig|code)$/i;

/**
 * The path and query of a URL for a log line, with the values of secret-looking parameters replaced.
 * Cheap when there is no query string (the usual case).
 */
export function loggablePath(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const pathAndQuery = start < 0 ? "/" : url.slice(start);
  const q = pathAndQuery.indexOf("?");
  if (q < 0) return pathAndQuery;
  const params = pathAndQuery
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {}
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${pathAndQuery.slice(0, q)}?${params.join("&")}`;
}

const NO_FIELDS = {};

/**
 * pino options that put the current log context (log-context.ts: requestId, tenantId, jobId, ...) on every
 * line of the logger and of all its children. pino calls the mixin only for lines it writes (not for
 * disabled levels); it costs one small object per line (about a microsecond more than a child's bindings).
 * Fields the line names itself win; unset ones are left out of the line.
 */
export const LOG_CONTEXT_OPTIONS = {
  mixin: () => logContextCopy() ?? NO_FIELDS,
  mixinMergeStrategy: (line: object, fields: object) => (fields === NO_FIELDS ? line : Object.assign(fields, line)),
} satisfies pino.LoggerOptions;

/** The process's logger; `destination` replaces stdout (tests capture lines with it). */
export function createLogger(config: Pick<Config, "logLevel" | "logFormat">, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: "person-run" },
    redact: { paths: LOG_REDACT, censor: "[redacted]" },
    ...LOG_CONTEXT_OPTIONS,
  };
  if (destination) return pino(options, destination);
  return pino(
    config.logFormat === "pretty"
      ? {
          ...options,
          transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } },
        }
      : options,
  );
}

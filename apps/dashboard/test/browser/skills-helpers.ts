import type { Page } from "playwright-core";
import { pageErrors } from "./harness.ts";

/**
 * The page's errors, less the one 403 of the layout's tenant switcher: it asks `GET /tenants` on every
 * full page load, which only an instance admin's key may (reported to the scaffold's owner). Any other
 * error, and any second 403, still counts.
 */
export function errorsOf(page: Page): string[] {
  const errors = [...pageErrors(page)];
  const i = errors.findIndex((e) => e.includes("status of 403 (Forbidden)"));
  if (i >= 0) errors.splice(i, 1);
  return errors;
}

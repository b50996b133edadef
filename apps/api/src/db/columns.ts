import { timestamp } from "drizzle-orm/pg-core";

/**
 * Column helpers every module's schema uses (modules/<name>/schema.ts). One drizzle schema for both
 * drivers (PGlite and PostgreSQL ≥ 15): ids are made in app code (UUID v7 for resources) so the SQL
 * stays plain PG 15, and every tenant-owned table leads with tenant_id in its indexes.
 */
export const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date", precision: 3 }).notNull();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/** The billing module's public entry: what other modules may use (docs/modules.md). */
export type { BillingService, MonthTotals, PlanLimits, Reservation, UsageTotals } from "./service.ts";
export { type Settlement, type SettlementRule, settlement } from "./settlement.ts";

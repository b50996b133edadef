/** The calibrations module's public entry: what other modules may use (docs/modules.md). */
export type { Calibration, CalibrationDetail } from "./schemas.ts";
export { CALIBRATION_RUN, type CalibrationService } from "./service.ts";

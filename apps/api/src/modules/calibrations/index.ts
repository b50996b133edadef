/** The calibrations module's public entry: what other modules may use (docs/modules.md). */
export { type Calibration, type CalibrationDetail, CreateCalibrationBody } from "./schemas.ts";
export { CALIBRATION_RUN, type CalibrationService } from "./service.ts";

import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { TenantQuery } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  CalibrationEnvelope,
  CalibrationListEnvelope,
  CalibrationParams,
  CreateCalibrationBody,
  CreatedCalibrationEnvelope,
  ListCalibrationsQuery,
} from "./schemas.ts";
import type { CalibrationCaller } from "./service.ts";

const tags = ["Calibrations"];

export const createCalibrationRoute = apiRoute("calibrations:write", {
  method: "post",
  operationId: "createCalibration",
  path: "/calibrations",
  tags,
  summary: "Calibrate a model against the GSS 2024",
  description:
    "Starts a `calibrations.run` run (202): a generated US-adults population of `size` (an earlier calibration's ready population of the same size and seed is reused, else one is generated as a child run), the chosen GSS 2024 items asked to every member as one skill (one task per member, `maxConcurrency` in flight), then each item's answer distribution compared with the real one overall and by age group and sex (docs/calibration.md). Follow the run at `GET /runs/{runId}`; the report is at `GET /calibrations/{calibrationId}` once done. An unknown `model` is a 400 naming `model`; unknown item ids a 400 naming each; a `size` outside 20-5000 a 400.",
  request: {
    body: jsonBody(CreateCalibrationBody, "The model and, optionally, the items, size, seed and concurrency"),
  },
  responses: { 202: jsonResponse(CreatedCalibrationEnvelope, "The calibration and its run, started") },
});

export const listCalibrationsRoute = apiRoute("calibrations:read", {
  method: "get",
  operationId: "listCalibrations",
  path: "/calibrations",
  tags,
  summary: "List calibrations",
  description:
    "Newest first, per model and date. Each with its status (the run's state) and, once done, the headline skill scores (overall and subgroup, against the uniform and marginal baselines) and the mean sampling floor. Filter: `model`.",
  request: { query: ListCalibrationsQuery },
  responses: { 200: jsonResponse(CalibrationListEnvelope, "Calibrations, newest first") },
});

export const getCalibrationRoute = apiRoute("calibrations:read", {
  method: "get",
  operationId: "getCalibration",
  path: "/calibrations/{calibrationId}",
  tags,
  summary: "Calibration report",
  description:
    "The calibration and, once done, its full report: per item the total variation distance and Jensen–Shannon divergence overall and per age group and sex, with the model's distributions, the uniform and marginal baselines on the same cells, the sampling floors and `n`; the skill scores; a `note` on how to read it (for the simulator: that it is not a real model).",
  request: { params: CalibrationParams, query: TenantQuery },
  responses: { 200: jsonResponse(CalibrationEnvelope, "The calibration with its report") },
});

export function registerCalibrationRoutes(app: OpenAPIHono<AppEnv>) {
  const caller = (c: Context<AppEnv>, tenantId: string): CalibrationCaller => ({
    tenantId,
    apiKeyId: c.get("auth").keyId,
    requestId: c.get("requestId"),
  });

  app.openapi(createCalibrationRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const started = await c.get("ctx").calibrations.start(caller(c, tenantId), body);
    return c.json({ calibration: started.calibration, run: started.run }, 202);
  });

  app.openapi(listCalibrationsRoute, async (c) => {
    const { tenantId: requested, ...q } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const page = await c.get("ctx").calibrations.list(tenantId, q);
    return c.json({ calibrations: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getCalibrationRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const calibration = await c.get("ctx").calibrations.get(tenantId, c.req.valid("param").calibrationId);
    return c.json({ calibration }, 200);
  });
}

export { PersonRun, PersonRun as default } from "./client.js";
export { type ClientOptions, Core, type RequestOptions, VERSION } from "./core.js";
export { OPERATION_METHODS } from "./coverage.js";
export * from "./errors.js";
export { OPERATIONS, type OperationId } from "./generated/operations.js";
export { Page, PagePromise } from "./pagination.js";
export type { PromptDone, PromptJob, PromptStreamEvent, WidgetStreamEvent } from "./resources/prompting.js";
export { PromptStream, TurnStream, WidgetStream } from "./resources/prompting.js";
export { type ServerSentEvent, Stream } from "./streaming.js";
export type {
  BodyOf,
  components,
  EventOf,
  ItemOf,
  operations,
  QueryOf,
  ResponseAt,
  ResponseOf,
  Schemas,
} from "./types.js";

/** Request and response types of each operation, read from the generated OpenAPI types. */
import type { components, operations } from "./generated/openapi.js";
import type { OPERATIONS } from "./generated/operations.js";

export type { components, operations };
export type Schemas = components["schemas"];
export type OperationId = keyof operations;

type Content<R> = R extends { content: infer C } ? C : never;
type Json<C> = C extends { "application/json": infer J } ? J : never;
type Responses<O extends OperationId> = operations[O]["responses"];

/** The JSON body of the operation's success response with this status. */
export type ResponseAt<O extends OperationId, S extends keyof Responses<O>> = Json<Content<Responses<O>[S]>>;
/** The JSON body of the operation's success response(s). */
export type ResponseOf<O extends OperationId> =
  Json<Content<Responses<O>[200 & keyof Responses<O>]>> extends never
    ? Json<Content<Responses<O>[(201 | 202) & keyof Responses<O>]>>
    : Json<Content<Responses<O>[200 & keyof Responses<O>]>>;
/** One event of an operation that answers `text/event-stream`: `{ event, data }`. */
export type EventOf<O extends OperationId> =
  Content<Responses<O>[200 & keyof Responses<O>]> extends {
    "text/event-stream": infer E;
  }
    ? E
    : never;

/** `tenantId` becomes optional: the client fills it in from its options. */
type TenantOptional<T> = T extends object
  ? "tenantId" extends keyof T
    ? Omit<T, "tenantId"> & { tenantId?: string }
    : T
  : T;

type RequestBody<O extends OperationId> = operations[O] extends { requestBody?: infer R } ? NonNullable<R> : never;
/** The JSON body of the operation, `tenantId` optional. */
export type BodyOf<O extends OperationId> = TenantOptional<Json<Content<RequestBody<O>>>>;
/** The query parameters of the operation, `tenantId` optional. */
export type QueryOf<O extends OperationId> = TenantOptional<NonNullable<operations[O]["parameters"]["query"]>>;

type PageKey<O extends OperationId> = (typeof OPERATIONS)[O]["pageKey"];
/** One item of a paginated list operation. */
export type ItemOf<O extends OperationId> =
  PageKey<O> extends keyof ResponseOf<O> ? (ResponseOf<O>[PageKey<O>] extends (infer I)[] ? I : never) : never;

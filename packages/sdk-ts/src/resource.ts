import type { Core, OperationInput, RequestOptions } from "./core.js";
import { PagePromise } from "./pagination.js";
import { Stream } from "./streaming.js";
import type { EventOf, ItemOf, OperationId, ResponseOf } from "./types.js";

/** Base of the resource classes: typed shorthands over the one core request. */
export abstract class APIResource {
  constructor(protected readonly core: Core) {}

  protected call<O extends OperationId>(
    op: O,
    input: OperationInput = {},
    options?: RequestOptions,
  ): Promise<ResponseOf<O>> {
    return this.core.request<ResponseOf<O>>(op, input, options);
  }

  protected text(op: OperationId, input: OperationInput = {}, options?: RequestOptions): Promise<string> {
    return this.core.requestText(op, input, options);
  }

  protected page<O extends OperationId>(
    op: O,
    input: OperationInput = {},
    options?: RequestOptions,
  ): PagePromise<ItemOf<O>, ResponseOf<O> & { nextCursor?: string | null }> {
    return new PagePromise(this.core, op, input, options);
  }

  protected async sse<O extends OperationId>(
    op: O,
    input: OperationInput = {},
    options: RequestOptions = {},
    /** The stream numbers its events and takes `?after=<id>`: resume it after a dropped connection. */
    resumable = false,
  ): Promise<Stream<EventOf<O>>> {
    const res = await this.core.fetchOperation(op, input, options);
    const reconnect = resumable
      ? (after: string | undefined) =>
          this.core.fetchOperation(op, { ...input, query: { ...input.query, after } }, options)
      : undefined;
    return new Stream<EventOf<O>>(res, options.signal, reconnect, options.maxRetries ?? this.core.maxRetries);
  }
}

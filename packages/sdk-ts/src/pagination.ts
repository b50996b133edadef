/**
 * Cursor pagination: every list answers `{ <items>: [...], nextCursor }`. A list method returns a
 * `PagePromise`: `await` it for the first `Page`, or `for await` over it for every item of every page.
 */
import type { Core, OperationInput, RequestOptions } from "./core.js";
import { OPERATIONS, type OperationId } from "./generated/operations.js";

export class Page<Item, Body extends { nextCursor?: string | null } = { nextCursor?: string | null }> {
  /** The items of this page. */
  readonly data: Item[];
  /** The cursor of the next page, null at the end. */
  readonly nextCursor: string | null;

  constructor(
    private readonly core: Core,
    private readonly op: OperationId,
    private readonly input: OperationInput,
    private readonly options: RequestOptions,
    /** The page as the API sent it. */
    readonly body: Body,
  ) {
    const key = OPERATIONS[op].pageKey as string;
    this.data = ((body as Record<string, unknown>)[key] ?? []) as Item[];
    this.nextCursor = body.nextCursor ?? null;
  }

  hasNextPage(): boolean {
    return this.nextCursor !== null;
  }

  async getNextPage(): Promise<Page<Item, Body>> {
    if (!this.nextCursor) throw new Error("No next page: check hasNextPage() first");
    const input = { ...this.input, query: { ...this.input.query, cursor: this.nextCursor } };
    return fetchPage<Item, Body>(this.core, this.op, input, this.options);
  }

  /** Every page from this one on. */
  async *iterPages(): AsyncGenerator<Page<Item, Body>> {
    let page: Page<Item, Body> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

async function fetchPage<Item, Body extends { nextCursor?: string | null }>(
  core: Core,
  op: OperationId,
  input: OperationInput,
  options: RequestOptions,
): Promise<Page<Item, Body>> {
  const body = await core.request<Body>(op, input, options);
  return new Page<Item, Body>(core, op, input, options, body);
}

/** The first page when awaited; every item across pages when iterated with `for await`. */
export class PagePromise<Item, Body extends { nextCursor?: string | null } = { nextCursor?: string | null }>
  implements PromiseLike<Page<Item, Body>>, AsyncIterable<Item>
{
  private first: Promise<Page<Item, Body>> | undefined;

  constructor(
    private readonly core: Core,
    private readonly op: OperationId,
    private readonly input: OperationInput,
    private readonly options: RequestOptions = {},
  ) {}

  private load(): Promise<Page<Item, Body>> {
    this.first ??= fetchPage<Item, Body>(this.core, this.op, this.input, this.options);
    return this.first;
  }

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is awaited for its first page, like openai-node's
  then<A = Page<Item, Body>, B = never>(
    onfulfilled?: ((value: Page<Item, Body>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.load().then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    yield* await this.load();
  }

  /** Every item of every page, in one array. */
  async toArray(): Promise<Item[]> {
    const all: Item[] = [];
    for await (const item of this) all.push(item);
    return all;
  }
}

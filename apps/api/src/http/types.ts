import type { AppContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import type { AuthScope } from "../modules/access/scope.ts";

export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
    log: Logger;
    /** Set by the route's `authorize` middleware; always present in authenticated handlers. */
    auth: AuthScope;
  };
}

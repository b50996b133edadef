import type { AppContext } from "../context.ts";
import type { AuthScope } from "../modules/access/scope.ts";
import type { RequestLogger } from "./middleware.ts";

export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
    log: RequestLogger;
    /** Set by the route's `authorize` middleware; always present in authenticated handlers. */
    auth: AuthScope;
  };
}

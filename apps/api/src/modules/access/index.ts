/** The access module's public entry: what other modules may use (docs/modules.md). */
export { type KeyGrant, PermissionTable } from "./permissions.ts";
export { type AuthScope, assertOwnConversation, can, resolveTenant } from "./scope.ts";
export {
  type AccessService,
  type ApiKeyView,
  DEFAULT_PUBLISHABLE_RATE,
  hashSecret,
  KEY_PREFIX,
  PUBLISHABLE_PREFIX,
  type PublishableLimits,
} from "./service.ts";

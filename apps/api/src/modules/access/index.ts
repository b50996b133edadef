/** The access module's public entry: what other modules may use (docs/modules.md). */
export { type KeyGrant, PermissionTable } from "./permissions.ts";
export { type AuthScope, assertOwnConversation, can, resolveTenant } from "./scope.ts";
export { type AccessService, type ApiKeyView, hashSecret, KEY_PREFIX } from "./service.ts";

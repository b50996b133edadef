#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `person-run` CLI: runs the TypeScript sources through tsx's loader,
// so there is no build step between a clone and a running server.
// --max-semi-space-size=64 (here, in `npm start` and bench/servers.ts's SERVER_NODE_FLAGS): a young generation
// large enough that data in flight (a page of an export, a batch of a study) dies young instead of being
// promoted and piling up until a full GC: a 1 M-event export grew the RSS by 90-190 MB without it, 63 MB with
// it (docs/operations.md).
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");

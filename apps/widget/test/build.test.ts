import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM build script, without types
import { bundle, GZIP_BUDGET, gzipSize, OUT } from "../build.mjs";

describe("the committed widget bundle", () => {
  it("equals a fresh build of apps/widget/src (run `npm run build -w apps/widget` and commit it)", async () => {
    const fresh: string = await bundle();
    expect(readFileSync(OUT, "utf8")).toBe(fresh);
  });

  it(`is under ${GZIP_BUDGET} bytes gzipped`, () => {
    const size: number = gzipSize(readFileSync(OUT, "utf8"));
    console.log(`widget.js: ${size} bytes gzipped`);
    expect(size).toBeLessThan(GZIP_BUDGET);
  });
});

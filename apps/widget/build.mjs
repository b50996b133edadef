// Builds the widget to one file, dist/widget.js (committed: nothing is built at install), and prints its
// gzipped size. `--size` only prints the size of the committed file. `--check` fails when the committed file
// differs from a fresh build.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const HERE = fileURLToPath(new URL(".", import.meta.url));
export const OUT = `${HERE}dist/widget.js`;
/** Target from the issue: the gzipped script under 30 kB. */
export const GZIP_BUDGET = 30_000;

export async function bundle() {
  const result = await build({
    entryPoints: [`${HERE}src/widget.ts`],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    legalComments: "none",
    charset: "utf8",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

export const gzipSize = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  if (arg === "--size") {
    const text = readFileSync(OUT, "utf8");
    console.log(`widget.js: ${text.length} bytes, ${gzipSize(text)} bytes gzipped (budget ${GZIP_BUDGET})`);
  } else {
    const text = await bundle();
    if (arg === "--check") {
      if (readFileSync(OUT, "utf8") !== text) {
        console.error("apps/widget/dist/widget.js is stale: run `npm run build -w apps/widget` and commit it");
        process.exit(1);
      }
    } else {
      writeFileSync(OUT, text);
    }
    console.log(`widget.js: ${text.length} bytes, ${gzipSize(text)} bytes gzipped (budget ${GZIP_BUDGET})`);
  }
}

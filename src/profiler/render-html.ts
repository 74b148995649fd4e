// `lanes profile --html`: one self-contained HTML file, the report's JSON and the browser app (report/app.ts,
// bundled with cytoscape by scripts/build.mjs into dist/src/profiler/report/app.bundle.js) inlined: no
// network access, no CDN, opens from a file.
import { readFileSync } from "node:fs";
import type { BlockProfile } from "./types.js";

const BUNDLE = new URL("./report/app.bundle.js", import.meta.url);

let bundle: string | undefined;

function appBundle(): string {
  if (bundle === undefined) {
    try {
      bundle = readFileSync(BUNDLE, "utf8");
    } catch {
      throw new Error(`the report's browser bundle is missing (${BUNDLE.pathname}): run npm run build`);
    }
  }
  return bundle;
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 24px 40px; color: #222; }
h1 { font-size: 20px; margin: 16px 0 8px; } h2 { font-size: 16px; margin: 24px 0 6px; }
.summary { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 12px; margin: 0; }
.summary dt { color: #666; } .summary dd { margin: 0; font-weight: 600; }
.filter { margin: 12px 0; } .hint { color: #666; margin: 4px 0; font-size: 12px; }
#graph { width: 100%; height: 520px; border: 1px solid #ccc; background: #fcfcfc; }
.timeline { border: 1px solid #ccc; padding: 4px; } .legend { font-size: 12px; margin-bottom: 4px; }
.legend span { margin-right: 12px; } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.tooltip { position: absolute; display: none; white-space: pre; background: #222; color: #fff; font: 12px monospace;
  padding: 6px 8px; border-radius: 4px; pointer-events: none; z-index: 10; max-width: 90vw; overflow: hidden; }
table { border-collapse: collapse; font-size: 12px; } th, td { border-bottom: 1px solid #eee; padding: 4px 6px;
  text-align: right; vertical-align: top; } th { background: #f4f4f4; }
td.label, td.advice { text-align: left; } td.label { font-family: monospace; } td.advice { max-width: 640px; }
tr.contract td { background: #f8f8ff; } .advice-list li { margin-bottom: 6px; max-width: 1000px; }
.note { color: #a60; }`;

export function renderHtml(profile: BlockProfile): string {
  const title = `Lanes profile: block ${profile.block.number}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="profile-data">${scriptJson(profile)}</script>
<script>${appBundle().replace(/<\/script/gi, "<\\/script")}</script>
</body>
</html>
`;
}

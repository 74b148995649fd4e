// The HTML report (`lanes profile --html`) opened in real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): a block of known structure (chains of known lengths through known slots) must
// draw exactly one node per transaction and one edge per link of its chains; hovering an edge shows the slot
// that links it; the page logs no console error and throws nothing. The screenshot is kept in
// test-artifacts/profiler/html-report.png (gitignored) for a human to look at.
//
// Not a silent skip: without Chromium the test fails with how to install it (.ci/run installs it). Only an
// explicit LANES_SKIP_BROWSER=1 skips it, with a one-line notice.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Browser, chromium } from "playwright-core";
import { addressHex } from "../../src/profiler/describe.js";
import { profileBlock } from "../../src/profiler/profile-block.js";
import { renderHtml } from "../../src/profiler/render-html.js";
import type { BlockProfile } from "../../src/profiler/types.js";
import { repoRoot } from "../../tools/contracts/sources.js";
import { lanesBlock } from "../../tools/workloads/types.js";
import { type ChainBlock, chainBlock } from "./blocks.js";

const CHROMIUM = process.env.LANES_CHROMIUM ?? "/usr/bin/chromium";
const skip = process.env.LANES_SKIP_BROWSER === "1" ? "LANES_SKIP_BROWSER=1" : false;
if (skip) console.log(`# skipped: HTML report in Chromium (${skip})`);

const ARTIFACTS = join(repoRoot(), "test-artifacts", "profiler");

describe("HTML report in headless Chromium", { skip }, () => {
  const lengths = [4, 3, 2];
  const loose = 3;
  let built: ChainBlock;
  let profile: BlockProfile;
  let browser: Browser;

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: apt-get install chromium (.ci/run does), or set LANES_CHROMIUM`,
    );
    built = chainBlock(lengths, loose, 2000, 11);
    const w = built.workload;
    profile = await profileBlock(lanesBlock(w), w.preState, w.chainConfig, { threads: 2 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
  });

  test("graph counts, edge hover shows the slot, no console errors, screenshot kept", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, "html-report.html");
    writeFileSync(file, renderHtml(profile));
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) external.push(r.url());
    });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => window.lanesReport !== undefined, undefined, { timeout: 10_000 });

    // Known by construction, not read from the report: one node per transaction, a chain of n links n-1.
    const txs = lengths.reduce((a, b) => a + b, 0) + loose;
    const links = lengths.reduce((a, b) => a + b - 1, 0);
    const counts = await page.evaluate(() => ({
      nodes: window.lanesReport!.nodes,
      edges: window.lanesReport!.edges,
      drawnNodes: window.lanesReport!.cy.nodes(":visible").length,
      drawnEdges: window.lanesReport!.cy.edges(":visible").length,
    }));
    assert.deepEqual(counts, { nodes: txs, edges: links, drawnNodes: txs, drawnEdges: links });

    // Hover, with the real mouse, the middle of the first edge of the second chain.
    const chain = built.chains[1]!;
    const [from, to] = [chain.txs[0]!, chain.txs[1]!];
    const at = await page.evaluate(
      ([f, t]) => {
        const cy = window.lanesReport!.cy;
        const edge = cy.edges().filter((e) => e.source().id() === `t${f}` && e.target().id() === `t${t}`);
        const mid = edge.renderedMidpoint();
        const box = cy.container()!.getBoundingClientRect();
        return { x: box.left + mid.x, y: box.top + mid.y, found: edge.length };
      },
      [from, to] as const,
    );
    assert.equal(at.found, 1, `no edge t${from} -> t${to}`);
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator("#tooltip");
    await tooltip.waitFor({ state: "visible", timeout: 5_000 });
    const text = (await tooltip.textContent()) ?? "";
    assert.match(text, new RegExp(`tx ${from} -> tx ${to}`));
    assert.match(text, new RegExp(`slot 0x${chain.slot.toString(16)}\\b`), text);
    const a = addressHex(built.contract);
    assert.ok(text.includes(`${a.slice(0, 6)}…${a.slice(-4)}`), `${text} names not ${a}`);

    // The contract filter: every transaction calls the counter contract, so it keeps everything; an address
    // that nothing touches hides everything.
    const visibleWith = (address: string) =>
      page.evaluate((x) => {
        window.lanesReport!.filter(x);
        const cy = window.lanesReport!.cy;
        // Computed style, not ":visible" (cached until the next frame is drawn).
        const shown = cy.elements().filter((e) => e.style("display") !== "none");
        return { nodes: shown.nodes().length, edges: shown.edges().length };
      }, address);
    assert.deepEqual(await visibleWith(a), { nodes: txs, edges: links });
    assert.deepEqual(await visibleWith(addressHex(0xdeadn)), { nodes: 0, edges: 0 });
    assert.deepEqual(await visibleWith(""), { nodes: txs, edges: links });

    const png = join(ARTIFACTS, "html-report.png");
    await page.mouse.move(at.x, at.y);
    await page.screenshot({ path: png, fullPage: true });
    assert.ok(existsSync(png));
    console.log(`# screenshot: ${png}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(external, [], "the report must load nothing from the network");
    await page.close();
  });
});

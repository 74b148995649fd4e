// A hand-written SVG bar chart of the results: throughput (Mgas/s, median run) per engine, grouped by
// workload, horizontal bars on a linear scale with the value printed at the end of each bar. Skipped
// engines get no bar. Self-contained (no scripts, no external fonts), so it renders on GitHub.
import type { EngineId } from "./engine.js";
import { machineLine, settingsLine } from "./report.js";
import type { BenchReport } from "./run.js";

const COLORS: Record<EngineId, string> = {
  "lanes-parallel": "#1f6feb",
  "lanes-sequential": "#7aa7e6",
  edr: "#d9822b",
  ethereumjs: "#8c8c8c",
  anvil: "#2da44e",
};

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A "nice" axis maximum (1, 2 or 5 times a power of ten) at or above `x`. */
export function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

export function formatSvg(
  report: BenchReport,
  title = "lanes bench: throughput per engine (Mgas/s, median)",
): string {
  const engines = report.options.engines.filter((e) =>
    report.results.some((r) => r.engine === e && r.status !== "skipped"),
  );
  const workloads = report.workloads.map((w) => w.id);
  const bar = 14;
  const gap = 3;
  const groupGap = 14;
  const left = 170;
  const plot = 560;
  const right = 90;
  const top = 78;
  const width = left + plot + right;
  const groupHeight = engines.length * (bar + gap) - gap;
  const height = top + workloads.length * (groupHeight + groupGap) + 40;
  const max = niceMax(
    Math.max(0, ...report.results.filter((r) => r.status !== "skipped").map((r) => r.mgasPerSec)),
  );
  const x = (v: number) => left + (v / max) * plot;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="37" font-size="10" fill="#555">${escapeXml(machineLine(report))}</text>`,
    `<text x="12" y="50" font-size="10" fill="#555">${escapeXml(settingsLine(report))}</text>`,
  );
  // Legend.
  let lx = left;
  for (const e of engines) {
    out.push(
      `<rect x="${lx}" y="58" width="10" height="10" fill="${COLORS[e]}"/>`,
      `<text x="${lx + 14}" y="67" font-size="11">${escapeXml(e)}</text>`,
    );
    lx += 24 + e.length * 6.5;
  }
  // Grid and axis labels.
  const bottom = height - 32;
  for (let i = 0; i <= 5; i++) {
    const v = (max * i) / 5;
    const gx = x(v).toFixed(1);
    out.push(
      `<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${bottom}" stroke="#e5e5e5"/>`,
      `<text x="${gx}" y="${bottom + 14}" text-anchor="middle" font-size="10" fill="#555">${Number(v.toPrecision(4))}</text>`,
    );
  }
  out.push(
    `<text x="${left + plot / 2}" y="${bottom + 28}" text-anchor="middle" font-size="11" fill="#333">Mgas/s (higher is better)</text>`,
  );
  workloads.forEach((w, gi) => {
    const gy = top + gi * (groupHeight + groupGap);
    out.push(
      `<text x="${left - 8}" y="${(gy + groupHeight / 2 + 4).toFixed(1)}" text-anchor="end" font-size="12">${escapeXml(w)}</text>`,
    );
    engines.forEach((e, ei) => {
      const r = report.results.find((x) => x.workload === w && x.engine === e);
      const y = gy + ei * (bar + gap);
      if (r === undefined || r.status === "skipped" || !Number.isFinite(r.mgasPerSec)) {
        out.push(
          `<text x="${left + 4}" y="${y + bar - 3}" font-size="10" fill="#999">${escapeXml(e)}: skipped</text>`,
        );
        return;
      }
      const w1 = Math.max(1, x(r.mgasPerSec) - left);
      out.push(
        `<rect x="${left}" y="${y}" width="${w1.toFixed(1)}" height="${bar}" fill="${COLORS[e]}"><title>${escapeXml(
          `${w} / ${e}: ${r.mgasPerSec.toFixed(1)} Mgas/s, ${r.medianMs.toFixed(1)} ms, ${r.txPerSec.toFixed(0)} tx/s`,
        )}</title></rect>`,
        `<text x="${(left + w1 + 4).toFixed(1)}" y="${y + bar - 3}" font-size="10">${r.mgasPerSec.toFixed(0)}${r.status === "mismatch" ? " MISMATCH" : ""}</text>`,
      );
    });
  });
  out.push(`<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${bottom}" stroke="#333"/>`, "</svg>");
  return `${out.join("\n")}\n`;
}

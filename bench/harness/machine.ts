// The Lanes revision being measured: the commit, plus "+dirty" when tracked files have uncommitted changes.
import { execFileSync } from "node:child_process";

export function gitRevision(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8", stdio: "pipe" }).trim();
    const dirty = git("status", "--porcelain", "--untracked-files=no").length > 0;
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? "+dirty" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

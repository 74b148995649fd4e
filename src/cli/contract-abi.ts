// The ABI of a WASM contract, from `@abi` lines in its source (the compilers of AssemblyScript, C and Rust
// know nothing of the Solidity ABI): one human-readable declaration per line, in any comment style,
//   // @abi function transfer(address to, uint256 amount) returns (bool)
//   // @abi function balanceOf(address owner) view returns (uint256)
//   // @abi event Transfer(address indexed from, address indexed to, uint256 value)
//   // @abi error InsufficientBalance(uint256 available, uint256 required)
// and turns them into the JSON ABI that viem, ethers and solc use. Tuples are not supported.

export interface AbiParameter {
  name: string;
  type: string;
  indexed?: boolean;
}

export type AbiItem =
  | {
      type: "function";
      name: string;
      inputs: AbiParameter[];
      outputs: AbiParameter[];
      stateMutability: "pure" | "view" | "nonpayable" | "payable";
    }
  | { type: "event"; name: string; inputs: AbiParameter[]; anonymous: false }
  | { type: "error"; name: string; inputs: AbiParameter[] };

export class AbiSyntaxError extends Error {
  override name = "AbiSyntaxError";
}

const ELEMENTARY =
  /^(address|bool|string|bytes([1-9]|[12][0-9]|3[0-2])?|u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?)((\[[0-9]*\])*)$/;

function canonicalType(raw: string, where: string): string {
  const m = ELEMENTARY.exec(raw);
  if (m === null) throw new AbiSyntaxError(`${where}: unsupported type "${raw}"`);
  const base = m[1]!;
  const arrays = m[4] ?? "";
  const expanded = base === "uint" ? "uint256" : base === "int" ? "int256" : base;
  return expanded + arrays;
}

function parameters(list: string, where: string, allowIndexed: boolean): AbiParameter[] {
  const text = list.trim();
  if (text === "") return [];
  return text.split(",").map((part, i) => {
    const words = part.trim().split(/\s+/);
    const type = canonicalType(words[0] ?? "", where);
    let indexed = false;
    let rest = words.slice(1);
    if (rest[0] === "indexed") {
      if (!allowIndexed) throw new AbiSyntaxError(`${where}: "indexed" outside an event`);
      indexed = true;
      rest = rest.slice(1);
    }
    // Solidity data locations are accepted and ignored.
    rest = rest.filter((w) => w !== "memory" && w !== "calldata" && w !== "storage");
    if (rest.length > 1) throw new AbiSyntaxError(`${where}: cannot parse parameter ${i} "${part.trim()}"`);
    const name = rest[0] ?? "";
    if (name !== "" && !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name))
      throw new AbiSyntaxError(`${where}: bad parameter name "${name}"`);
    const p: AbiParameter = { name, type };
    if (allowIndexed) p.indexed = indexed;
    return p;
  });
}

const FUNCTION =
  /^function\s+([A-Za-z_$][A-Za-z0-9_$]*)\s*\(([^()]*)\)\s*((?:\s*(?:external|public|view|pure|payable|nonpayable))*)\s*(?:returns\s*\(([^()]*)\))?\s*;?$/;
const EVENT = /^event\s+([A-Za-z_$][A-Za-z0-9_$]*)\s*\(([^()]*)\)\s*;?$/;
const ERROR = /^error\s+([A-Za-z_$][A-Za-z0-9_$]*)\s*\(([^()]*)\)\s*;?$/;

/** Parses one declaration (the text after `@abi`). */
export function parseAbiDeclaration(text: string, where: string): AbiItem {
  const decl = text.trim();
  let m = FUNCTION.exec(decl);
  if (m !== null) {
    const modifiers = (m[3] ?? "").split(/\s+/).filter((w) => w !== "");
    let stateMutability: "pure" | "view" | "nonpayable" | "payable" = "nonpayable";
    for (const w of modifiers) if (w === "pure" || w === "view" || w === "payable") stateMutability = w;
    return {
      type: "function",
      name: m[1]!,
      inputs: parameters(m[2]!, where, false),
      outputs: parameters(m[4] ?? "", where, false),
      stateMutability,
    };
  }
  m = EVENT.exec(decl);
  if (m !== null)
    return { type: "event", name: m[1]!, inputs: parameters(m[2]!, where, true), anonymous: false };
  m = ERROR.exec(decl);
  if (m !== null) return { type: "error", name: m[1]!, inputs: parameters(m[2]!, where, false) };
  throw new AbiSyntaxError(`${where}: cannot parse "@abi ${decl}" (expected function, event or error)`);
}

/** Every `@abi` declaration in a source file, in order. */
export function abiFromSource(source: string, file: string): AbiItem[] {
  const items: AbiItem[] = [];
  source.split("\n").forEach((line, i) => {
    const at = line.indexOf("@abi ");
    if (at < 0) return;
    const before = line.slice(0, at).trim();
    if (!/^(\/\/+|\/?\*+|#)?$/.test(before)) return; // only in comments
    items.push(parseAbiDeclaration(line.slice(at + 5).replace(/\*\/\s*$/, ""), `${file}:${i + 1}`));
  });
  return items;
}

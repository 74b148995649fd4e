// The rpc-compat files Lanes does not pass, each with its reason (docs/node.md repeats this table; empty
// since the overflow-nonce case passes). The suite (rpc-compat.test.ts) requires each of these to fail and
// every other file to pass.
export const NOT_PASSING: Record<string, string> = {};

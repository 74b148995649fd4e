// The coordinator's directory (the `--dir D` of `lanes custody keygen/sign/...`):
//   D/custody.json          public: threshold, group key set (commitments, verifying shares, epoch),
//                           roster (signer index -> identity key), signer store paths, network addresses
//   D/coordinator/          the coordinator's keystore and sealed identity key (it signs requests)
//   D/signer-<i>/           signer i's store (signer/service.ts), on this machine for the local CLI
// Nothing in custody.json is secret; the coordinator holds no share.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { CustodyError } from "../errors.js";
import type { GroupKey } from "../frost/keys.js";
import { writeFileAtomic } from "../store/atomic-file.js";
import { Keystore, type Sealed } from "../store/keystore.js";
import type { Roster } from "../store/signer-store.js";

export interface CustodyState {
  version: 1;
  group: GroupKey;
  roster: Roster;
  /** Signer index -> its store directory, relative to D. */
  signerDirs: Record<string, string>;
  coordinatorPublicKey: string;
}

export function statePath(dir: string): string {
  return join(dir, "custody.json");
}

export function readState(dir: string): CustodyState {
  const path = statePath(dir);
  if (!existsSync(path)) throw new CustodyError(`${dir} has no custody.json: run lanes custody keygen first`);
  const s = JSON.parse(readFileSync(path, "utf8")) as CustodyState;
  if (s.version !== 1 || typeof s.group !== "object") throw new CustodyError(`${path}: unsupported format`);
  return s;
}

export function writeState(dir: string, state: CustodyState): void {
  writeFileAtomic(statePath(dir), `${JSON.stringify(state, null, 2)}\n`);
}

/** Opens (creating if needed) the coordinator identity under D/coordinator. */
export function openCoordinatorIdentity(dir: string, passphrase: string, kdfLogN?: number): Uint8Array {
  const cdir = join(dir, "coordinator");
  mkdirSync(cdir, { recursive: true, mode: 0o700 });
  const ks = Keystore.open(cdir, passphrase, kdfLogN);
  const path = join(cdir, "identity.json");
  try {
    if (!existsSync(path)) {
      const secret = schnorr.utils.randomSecretKey();
      const file = {
        publicKey: bytesToHex(schnorr.getPublicKey(secret)),
        sealedSecret: ks.seal(secret, "coordinator-identity"),
      };
      writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
      return secret;
    }
    const file = JSON.parse(readFileSync(path, "utf8")) as { sealedSecret: Sealed };
    return ks.open(file.sealedSecret, "coordinator-identity");
  } finally {
    ks.close();
  }
}

// Encryption at rest for one party's directory. A passphrase is stretched once per process with scrypt
// (parameters and salt stored in keystore.json, so they can be raised later) into a 256-bit key; every
// secret file is then AES-256-GCM under that key with a fresh 96-bit nonce, and its purpose (file role and
// owner) as associated data, so a sealed file cannot be swapped for another. keystore.json also holds a
// sealed check value, so a wrong passphrase fails with a clear message instead of garbage.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gcm } from "@noble/ciphers/aes.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { writeFileAtomic } from "./atomic-file.js";

/** scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, ~0.5 s here); stored per keystore. */
export const DEFAULT_KDF = { name: "scrypt", logN: 15, r: 8, p: 1 } as const;

export interface Sealed {
  alg: "aes-256-gcm";
  nonce: string;
  ciphertext: string;
}

interface KeystoreFile {
  version: 1;
  kdf: { name: "scrypt"; logN: number; r: number; p: number; salt: string };
  check: Sealed;
}

const CHECK = "lanes-custody keystore check";

export class Keystore {
  private constructor(private readonly key: Uint8Array) {}

  /**
   * Opens dir/keystore.json with the passphrase, creating it if absent (with cost 2^kdfLogN; tests of the
   * protocol logic pass a lower cost, the CLI always uses the default).
   */
  static open(dir: string, passphrase: string, kdfLogN: number = DEFAULT_KDF.logN): Keystore {
    if (passphrase.length === 0) throw new Error("empty passphrase");
    const path = join(dir, "keystore.json");
    if (!existsSync(path)) {
      const salt = randomBytes(32);
      const kdf = { ...DEFAULT_KDF, logN: kdfLogN, salt: bytesToHex(salt) };
      const ks = new Keystore(derive(passphrase, kdf));
      const file: KeystoreFile = {
        version: 1,
        kdf,
        check: ks.seal(utf8ToBytes(CHECK), "keystore-check"),
      };
      writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
      return ks;
    }
    const file = JSON.parse(readFileSync(path, "utf8")) as KeystoreFile;
    if (file.version !== 1 || file.kdf?.name !== "scrypt") throw new Error(`${path}: unsupported keystore`);
    const ks = new Keystore(derive(passphrase, file.kdf));
    try {
      ks.open(file.check, "keystore-check");
    } catch {
      throw new Error(`wrong passphrase for ${dir}`);
    }
    return ks;
  }

  seal(plaintext: Uint8Array, purpose: string): Sealed {
    const nonce = randomBytes(12);
    const ciphertext = gcm(this.key, nonce, utf8ToBytes(purpose)).encrypt(plaintext);
    return { alg: "aes-256-gcm", nonce: bytesToHex(nonce), ciphertext: bytesToHex(ciphertext) };
  }

  open(sealed: Sealed, purpose: string): Uint8Array {
    if (sealed?.alg !== "aes-256-gcm") throw new Error("unsupported sealed value");
    return gcm(this.key, hexToBytes(sealed.nonce), utf8ToBytes(purpose)).decrypt(
      hexToBytes(sealed.ciphertext),
    );
  }

  sealJson(value: unknown, purpose: string): Sealed {
    return this.seal(utf8ToBytes(JSON.stringify(value)), purpose);
  }

  openJson<T>(sealed: Sealed, purpose: string): T {
    return JSON.parse(new TextDecoder().decode(this.open(sealed, purpose))) as T;
  }

  /** Best-effort erasure of the derived key. */
  close(): void {
    this.key.fill(0);
  }
}

function derive(passphrase: string, kdf: { logN: number; r: number; p: number; salt: string }): Uint8Array {
  if (kdf.logN < 10 || kdf.logN > 22 || kdf.r < 1 || kdf.r > 32 || kdf.p < 1 || kdf.p > 16) {
    throw new Error("keystore KDF parameters out of range");
  }
  return scrypt(utf8ToBytes(passphrase), hexToBytes(kdf.salt), {
    N: 2 ** kdf.logN,
    r: kdf.r,
    p: kdf.p,
    dkLen: 32,
    maxmem: 2 ** 30,
  });
}

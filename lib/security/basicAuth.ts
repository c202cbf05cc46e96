// HTTP Basic authentication of stations (profiles 1 and 2). The password is 16–20 raw bytes (the whitepaper's
// AuthorizationKey, hex-decoded); only a slow hash of it is stored.

export const minPasswordBytes = 16;
export const maxPasswordBytes = 20;

export interface BasicCredentials {
  username: string;
  password: Uint8Array;
}

/** Parses `Authorization: Basic ...`; "malformed" for any other shape (answered 400). */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | "missing" | "malformed" {
  if (header === undefined || header.trim() === "") return "missing";
  const match = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match || match[1]!.length % 4 !== 0) return "malformed";
  const bytes = Buffer.from(match[1]!, "base64");
  const colon = bytes.indexOf(0x3a);
  if (colon < 0) return "malformed";
  let username: string;
  try {
    username = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, colon));
  } catch {
    return "malformed";
  }
  return { username, password: new Uint8Array(bytes.subarray(colon + 1)) };
}

export function hashPassword(password: Uint8Array): Promise<string> {
  return Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 });
}

export async function passwordMatches(password: Uint8Array, hash: string | null): Promise<boolean> {
  if (hash === null) return false;
  try {
    return await Bun.password.verify(password, hash);
  } catch {
    return false;
  }
}

/** A new random AuthorizationKey: 20 bytes, the whitepaper's maximum. */
export function generatePassword(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(maxPasswordBytes));
}

export const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** Password bytes from API input: `password` (its UTF-8 bytes) or `authorizationKey` (hex). */
export function passwordBytes(input: { password?: string; authorizationKey?: string }): Uint8Array | undefined {
  if (input.password !== undefined) return new TextEncoder().encode(input.password);
  if (input.authorizationKey !== undefined) return new Uint8Array(Buffer.from(input.authorizationKey, "hex"));
  return undefined;
}

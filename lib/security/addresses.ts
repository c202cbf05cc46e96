// IP addresses and CIDR ranges (IPv4 and IPv6), for the trusted-proxy list.
import { BlockList, isIP } from "node:net";

export function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128);
}

/** Strips the IPv4-mapped IPv6 prefix so that ::ffff:10.0.0.1 matches 10.0.0.0/8. */
export function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export class AddressList {
  private readonly blockList = new BlockList();
  readonly isEmpty: boolean;

  constructor(entries: string[]) {
    this.isEmpty = entries.length === 0;
    for (const entry of entries) {
      const [address, bits] = entry.split("/") as [string, string | undefined];
      const type = isIP(address) === 4 ? "ipv4" : "ipv6";
      if (bits === undefined) this.blockList.addAddress(address, type);
      else this.blockList.addSubnet(address, Number(bits), type);
    }
  }

  includes(address: string): boolean {
    if (this.isEmpty) return false;
    const normalized = normalizeAddress(address);
    const family = isIP(normalized);
    if (family === 0) return false;
    return this.blockList.check(normalized, family === 4 ? "ipv4" : "ipv6");
  }
}

import type { Db } from "./index.ts";
import { serverCertificates } from "./schema.ts";

type Kind = "ecdsa" | "rsa";
type Pair = { kind: Kind; keyPem: string; certificatePem: string };

export async function serverCertificatesStored(db: Db): Promise<Partial<Record<Kind, Pair>>> {
  const rows = await db.select().from(serverCertificates);
  return Object.fromEntries(rows.map((r) => [r.kind, { kind: r.kind, keyPem: r.keyPem, certificatePem: r.certificatePem }]));
}

export async function storeServerCertificate(db: Db, pair: Pair): Promise<void> {
  const values = { ...pair, updatedAt: new Date().toISOString() };
  await db.insert(serverCertificates).values(values).onConflictDoUpdate({ target: serverCertificates.kind, set: values });
}

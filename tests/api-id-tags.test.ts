// The id-tags API end to end: real server, real libSQL file; the OCPP side checks that changes reach the stations.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { apiToken, startTestJoule, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
beforeAll(async () => {
  t = await startTestJoule();
});
afterAll(() => t.stop());

const tagPath = (idTag: string) => `/api/v1/id-tags/${encodeURIComponent(idTag)}`;

async function createTag(body: Record<string, unknown>) {
  const response = await t.api("POST", "/api/v1/id-tags", body);
  return { status: response.status, body: (await response.json()) as any };
}

describe("creating id tags", () => {
  test("a tag with only its id gets the defaults and is readable", async () => {
    const created = await createTag({ idTag: "PLAIN-1" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      idTag: "PLAIN-1",
      parentIdTag: null,
      expiryDate: null,
      maxActiveTransactions: 1,
      blocked: false,
      description: "",
      createdAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(created.body.createdAt) - Date.now())).toBeLessThan(10_000);
    const read = await t.api("GET", tagPath("PLAIN-1"));
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(created.body);
  });

  test("every field is stored; the expiry date is kept as the same instant in UTC", async () => {
    await createTag({ idTag: "FULL-PARENT" });
    const created = await createTag({
      idTag: "FULL-1",
      parentIdTag: "FULL-PARENT",
      expiryDate: "2031-06-30T23:30:00+02:00",
      maxActiveTransactions: 3,
      blocked: true,
      description: "Fleet card, van 7",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      idTag: "FULL-1",
      parentIdTag: "FULL-PARENT",
      expiryDate: "2031-06-30T21:30:00.000Z",
      maxActiveTransactions: 3,
      blocked: true,
      description: "Fleet card, van 7",
    });
  });

  test("a duplicate id, compared case-insensitively, is a conflict on idTag", async () => {
    expect((await createTag({ idTag: "Dup-Tag" })).status).toBe(201);
    for (const idTag of ["Dup-Tag", "DUP-TAG", "dup-tag"]) {
      const again = await createTag({ idTag, description: "second" });
      expect(again.status).toBe(409);
      expect(again.body.field).toBe("idTag");
      expect(again.body.message).toBeString();
    }
    const stored = (await (await t.api("GET", tagPath("dup-tag"))).json()) as any;
    expect(stored).toMatchObject({ idTag: "Dup-Tag", description: "" });
  });

  test("the parent must exist (in any case), else 400 on parentIdTag", async () => {
    const orphan = await createTag({ idTag: "CHILD-1", parentIdTag: "NO-SUCH-PARENT" });
    expect(orphan.status).toBe(400);
    expect(orphan.body.field).toBe("parentIdTag");
    expect((await t.api("GET", tagPath("CHILD-1"))).status).toBe(404);

    await createTag({ idTag: "Group-A" });
    const child = await createTag({ idTag: "CHILD-1", parentIdTag: "GROUP-A" });
    expect(child.status).toBe(201);
    expect(child.body.parentIdTag).toBe("GROUP-A");
  });

  test.each([
    [{}, "idTag"],
    [{ idTag: "" }, "idTag"],
    [{ idTag: "X".repeat(21) }, "idTag"],
    [{ idTag: 12345 }, "idTag"],
    [{ idTag: "BAD\nTAG" }, "idTag"],
    [{ idTag: "V1", parentIdTag: "" }, "parentIdTag"],
    [{ idTag: "V1", parentIdTag: "P".repeat(21) }, "parentIdTag"],
    [{ idTag: "V1", expiryDate: "2030-01-01T00:00:00" }, "expiryDate"],
    [{ idTag: "V1", expiryDate: "2030-02-30T00:00:00Z" }, "expiryDate"],
    [{ idTag: "V1", expiryDate: "tomorrow" }, "expiryDate"],
    [{ idTag: "V1", expiryDate: 1893456000 }, "expiryDate"],
    [{ idTag: "V1", maxActiveTransactions: 0 }, "maxActiveTransactions"],
    [{ idTag: "V1", maxActiveTransactions: 1.5 }, "maxActiveTransactions"],
    [{ idTag: "V1", maxActiveTransactions: "2" }, "maxActiveTransactions"],
    [{ idTag: "V1", blocked: "yes" }, "blocked"],
    [{ idTag: "V1", description: "d".repeat(501) }, "description"],
    [{ idTag: "V1", colour: "blue" }, "colour"],
  ])("invalid input %j answers 400 naming %s", async (body, field) => {
    const answer = await createTag(body);
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe(field);
    expect(answer.body.message).toBeString();
  });

  test("the longest ids are accepted: 20 characters", async () => {
    const created = await createTag({ idTag: "T".repeat(20), parentIdTag: null, expiryDate: null });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ parentIdTag: null, expiryDate: null });
  });

  test("a body that is not JSON answers 400", async () => {
    const response = await fetch(`${t.joule.httpUrl}/api/v1/id-tags`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: "{idTag:",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).message).toBeString();
  });

  test("tags with URL-special characters are addressable", async () => {
    const idTag = "A/B ?#%,\"=x";
    expect((await createTag({ idTag })).status).toBe(201);
    const read = await t.api("GET", tagPath(idTag));
    expect(read.status).toBe(200);
    expect(((await read.json()) as any).idTag).toBe(idTag);
  });
});

describe("reading, changing and deleting id tags", () => {
  test("lookups ignore case and unknown tags are 404", async () => {
    await createTag({ idTag: "CaseTag" });
    expect(((await (await t.api("GET", tagPath("casetag"))).json()) as any).idTag).toBe("CaseTag");
    const missing = await t.api("GET", tagPath("NOPE-NOPE"));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).message).toBeString();
  });

  test("PATCH changes the given fields only, and null clears parent and expiry", async () => {
    await createTag({ idTag: "P-PARENT" });
    await createTag({ idTag: "P-1", parentIdTag: "P-PARENT", expiryDate: "2040-01-01T00:00:00Z", description: "keep" });
    const changed = await t.api("PATCH", tagPath("p-1"), { blocked: true, maxActiveTransactions: 2 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      idTag: "P-1",
      parentIdTag: "P-PARENT",
      expiryDate: "2040-01-01T00:00:00.000Z",
      maxActiveTransactions: 2,
      blocked: true,
      description: "keep",
    });
    const cleared = await t.api("PATCH", tagPath("P-1"), { parentIdTag: null, expiryDate: null });
    expect(await cleared.json()).toMatchObject({ parentIdTag: null, expiryDate: null, blocked: true });
    expect(await (await t.api("GET", tagPath("P-1"))).json()).toMatchObject({ parentIdTag: null, expiryDate: null });
  });

  test("PATCH checks its input, the parent, and that the tag exists", async () => {
    await createTag({ idTag: "P-2" });
    const cases: [unknown, number, string | undefined][] = [
      [{ idTag: "OTHER" }, 400, "idTag"],
      [{ maxActiveTransactions: -1 }, 400, "maxActiveTransactions"],
      [{ expiryDate: "2030-01-01" }, 400, "expiryDate"],
      [{ parentIdTag: "NO-SUCH-PARENT" }, 400, "parentIdTag"],
    ];
    for (const [body, status, field] of cases) {
      const answer = await t.api("PATCH", tagPath("P-2"), body);
      expect(answer.status).toBe(status);
      expect(((await answer.json()) as any).field).toBe(field);
    }
    const missing = await t.api("PATCH", tagPath("P-MISSING"), { blocked: true });
    expect(missing.status).toBe(404);
    expect((await t.api("GET", tagPath("P-MISSING"))).status).toBe(404);
  });

  test("DELETE removes the tag; a parent keeps its children, a self-parent does not count", async () => {
    await createTag({ idTag: "D-PARENT" });
    await createTag({ idTag: "D-CHILD", parentIdTag: "D-PARENT" });
    const refused = await t.api("DELETE", tagPath("D-PARENT"));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as any).message).toContain("1 other tag");
    expect((await t.api("GET", tagPath("D-PARENT"))).status).toBe(200);

    expect((await t.api("DELETE", tagPath("d-child"))).status).toBe(204);
    expect((await t.api("GET", tagPath("D-CHILD"))).status).toBe(404);
    expect((await t.api("DELETE", tagPath("D-CHILD"))).status).toBe(404);

    // A group's main card is its own parent.
    await t.api("PATCH", tagPath("D-PARENT"), { parentIdTag: "D-PARENT" });
    expect((await t.api("DELETE", tagPath("D-PARENT"))).status).toBe(204);
  });
});

describe("listing id tags", () => {
  test("the list is ordered by tag, paged with limit and offset, and counts all tags", async () => {
    const fresh = await startTestJoule();
    try {
      for (const idTag of ["L-C", "L-A", "L-E", "L-B", "L-D"]) {
        const response = await fresh.api("POST", "/api/v1/id-tags", { idTag });
        expect(response.status).toBe(201);
      }
      const all = (await (await fresh.api("GET", "/api/v1/id-tags")).json()) as any;
      expect(all.total).toBe(5);
      expect(all.items.map((tag: any) => tag.idTag)).toEqual(["L-A", "L-B", "L-C", "L-D", "L-E"]);
      expect(all.items[0]).toEqual({
        idTag: "L-A",
        parentIdTag: null,
        expiryDate: null,
        maxActiveTransactions: 1,
        blocked: false,
        description: "",
        createdAt: expect.any(String),
      });
      const page = (await (await fresh.api("GET", "/api/v1/id-tags?limit=2&offset=1")).json()) as any;
      expect(page.total).toBe(5);
      expect(page.items.map((tag: any) => tag.idTag)).toEqual(["L-B", "L-C"]);
      const beyond = (await (await fresh.api("GET", "/api/v1/id-tags?offset=10")).json()) as any;
      expect(beyond).toEqual({ items: [], total: 5 });
      const bad = await fresh.api("GET", "/api/v1/id-tags?limit=many");
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).field).toBe("limit");
    } finally {
      await fresh.stop();
    }
  });
});

describe("what stations are told", () => {
  test("Authorize follows the tag as the API sets it: unknown, accepted, blocked, expired", async () => {
    await t.addStation("TAGS-CP");
    const cp = await t.connect("TAGS-CP");
    const status = async () => ((await cp.call("Authorize", { idTag: "live-tag" })) as any).idTagInfo;
    expect((await status()).status).toBe("Invalid");
    await createTag({ idTag: "LIVE-GROUP" });
    await createTag({ idTag: "LIVE-TAG", parentIdTag: "LIVE-GROUP", expiryDate: "2099-01-01T00:00:00+01:00" });
    expect(await status()).toEqual({
      status: "Accepted",
      parentIdTag: "LIVE-GROUP",
      expiryDate: "2098-12-31T23:00:00.000Z",
    });
    await t.api("PATCH", tagPath("LIVE-TAG"), { blocked: true });
    expect((await status()).status).toBe("Blocked");
    await t.api("PATCH", tagPath("LIVE-TAG"), { blocked: false, expiryDate: "2001-01-01T00:00:00Z" });
    expect((await status()).status).toBe("Expired");
    await t.api("DELETE", tagPath("LIVE-TAG"));
    expect((await status()).status).toBe("Invalid");
  });
});

// GET /stations/:id: the station detail page; POST /stations/:id: edit it (admin), errors next to the fields.
import type { Context } from "hono";
import { requireAdmin } from "../../lib/console/auth.ts";
import { stationChangesFromForm, stationDetailPage } from "../../lib/console/stationDetail.tsx";
import type { AppEnv } from "../../lib/http/env.ts";
import { editStation, stationDetail } from "../../lib/stations.ts";

export const GET = (c: Context<AppEnv>) => stationDetailPage(c, c.req.param("id") ?? "");

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const services = c.get("services");
    const id = c.req.param("id") ?? "";
    const station = await stationDetail(services, id);
    if (!station) return stationDetailPage(c, id);
    const form = stationChangesFromForm(station, await c.req.parseBody());
    if (form.kind === "invalid") return stationDetailPage(c, id, { edit: form }, 400);
    const result = await editStation(services, id, form.changes, `operator:${c.get("operatorSession").username}`);
    if (result.kind === "unknown_station") return stationDetailPage(c, id);
    if (result.kind === "invalid") return stationDetailPage(c, id, { edit: { values: form.values, errors: { [result.field]: result.message } } }, 400);
    return stationDetailPage(c, id, { notice: { kind: "ok", text: "Saved." } });
  },
];

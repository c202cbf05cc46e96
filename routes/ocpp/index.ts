// /ocpp without a charge point id.
import type { Context } from "hono";

export const GET = (c: Context) => c.text("Missing charge point id: connect to /ocpp/{chargePointId}", 400);

// OCPP-J 1.6 endpoint for charge points: ws(s)://host/ocpp/{chargePointId}
import { stationHandshake } from "../../lib/ocpp/handshake.ts";

export const GET = stationHandshake;

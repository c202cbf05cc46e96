// SteVe's endpoint path, so stations migrating from SteVe connect without being reconfigured.
export { GET } from "../../../ocpp/[chargePointId].ts";

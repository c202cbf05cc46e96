export { GET } from "../../../ocpp/index.ts";

import { requireApiToken } from "../../../lib/http/api.ts";

export default requireApiToken;

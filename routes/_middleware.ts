// The operator console's guard: session, CSRF and role checks for every page outside /api, /ocpp and the
// station-facing paths (which it passes through untouched).
import { consoleAccess } from "../lib/console/auth.ts";

export default consoleAccess;

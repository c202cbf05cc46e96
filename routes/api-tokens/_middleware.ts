// API tokens are for admins only: a viewer gets 403 on every page and action under /api-tokens.
import { requireAdmin } from "../../lib/console/auth.ts";

export default requireAdmin;

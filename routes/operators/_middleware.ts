// Operator management is for admins only: a viewer gets 403 on every page and action under /operators.
import { requireAdmin } from "../../lib/console/auth.ts";

export default requireAdmin;

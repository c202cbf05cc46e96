import type { Action, RequestOf, ResponseOf } from "../../../schemas/index.ts";
import type { Services } from "../../services.ts";
import type { StationSession } from "../session.ts";

export interface HandlerContext {
  session: StationSession;
  services: Services;
  /** When the message arrived, ISO-8601. */
  receivedAt: string;
}

/** The business of one charge-point action: gets a validated request, returns the response payload. */
export type ActionHandler<A extends Action> = (ctx: HandlerContext, request: RequestOf<A>) => Promise<ResponseOf<A>>;

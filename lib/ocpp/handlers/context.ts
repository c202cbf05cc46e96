import type { Action, RequestOf, ResponseOf } from "../../../schemas/index.ts";
import type { Services } from "../../services.ts";
import type { StationSession } from "../session.ts";

export interface HandlerContext {
  session: StationSession;
  services: Services;
  /** When the message arrived, ISO-8601. */
  receivedAt: string;
  /** Runs `task` once the CALLRESULT has been sent (its failure is logged, never answered). */
  afterResponse(task: () => Promise<void>): void;
}

/** The business of one charge-point action: gets a validated request, returns the response payload. */
export type ActionHandler<A extends Action> = (ctx: HandlerContext, request: RequestOf<A>) => Promise<ResponseOf<A>>;

const canonicalUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A station's timestamp as UTC `YYYY-MM-DDTHH:MM:SS.sssZ`, so that stored times compare and sort as times whatever
 * offset the station used. Kept as sent in the rare form Date cannot read (the schema has already checked it).
 */
export function stationTime(timestamp: string): string {
  // Most stations already send this form; it needs no round trip through Date.
  if (canonicalUtc.test(timestamp)) return timestamp;
  const instant = Date.parse(timestamp);
  return Number.isNaN(instant) ? timestamp : new Date(instant).toISOString();
}

// MeterValues and Heartbeat, nearly every message a station sends, are answered by the writer thread that commits
// them (db/writerThread.ts): the answering thread only spots them by their first characters and hands the frame
// over whole. Reading, validating and turning them into rows then runs on the writer's core, and their rows no longer
// travel between the threads as JSON. The answering thread was the one that ran out of CPU first under load (a core
// for seconds at a time); this took ~30 % of its work per message and ~7 % of the server's (bench/README.md).
//
// Only what the ordinary path would answer with a CALLRESULT is answered here. Anything else (a frame that does not
// parse or validate, a station that is not Accepted, a repeated message id) takes the ordinary path, which then
// answers exactly as it always does.
import type { WriteStatement } from "../../db/writer.ts";
import { requestSchemas, responseSchemas, validatePayload, type RequestOf } from "../../schemas/index.ts";
import { invalidOwnResponse } from "./errors.ts";
import { CALL, callErrorFrame, callResultFrame, parseFrame } from "./frame.ts";
import { heartbeatStatements, heartbeatResponse } from "./handlers/boot.ts";
import { meterValuesResponse, meterValuesStatements } from "./handlers/meterValues.ts";

/** The actions answered where they are committed, with what each writes and answers. */
const writeOnlyActions = {
  MeterValues: (stationId: string, request: RequestOf<"MeterValues">, receivedAt: string) => ({
    statements: meterValuesStatements(stationId, request, receivedAt),
    response: () => meterValuesResponse,
  }),
  Heartbeat: (stationId: string, _request: RequestOf<"Heartbeat">, receivedAt: string) => ({
    statements: heartbeatStatements(stationId, receivedAt),
    response: heartbeatResponse,
  }),
};
type WriteOnlyAction = keyof typeof writeOnlyActions;

// `[2,"<id>","MeterValues",{` as stations send it (no blanks, an id without escapes): a test of the first characters,
// so that the answering thread never parses these frames. A frame written any other way takes the ordinary path.
const writeOnlyCallHead = new RegExp(`^\\[2,"([^"\\\\]{1,36})","(${Object.keys(writeOnlyActions).join("|")})",\\{`);

/** The message id and action of a MeterValues or Heartbeat CALL frame written the usual way; otherwise undefined. */
export function writeOnlyCallOf(text: string): { id: string; action: WriteOnlyAction } | undefined {
  const head = writeOnlyCallHead.exec(text);
  return head ? { id: head[1]!, action: head[2] as WriteOnlyAction } : undefined;
}

/** What the writer thread makes of a handed-over frame: the rows to write, and the frame to send once they are. */
export interface WriteOnlyCallReading {
  statements: WriteStatement[];
  /** Called once the rows are committed (a Heartbeat tells the time then); never throws. */
  answer(): string;
}

/**
 * Reads a frame the answering thread handed over. Undefined when the ordinary path must answer it instead: it is not
 * a valid CALL of one of these actions.
 */
export function readWriteOnlyCall(stationId: string, text: string, receivedAt: string): WriteOnlyCallReading | undefined {
  const frame = parseFrame(text);
  if (frame.type !== CALL || !Object.hasOwn(writeOnlyActions, frame.action)) return undefined;
  const action = frame.action as WriteOnlyAction;
  const request = validatePayload(requestSchemas[action], frame.payload);
  if (!request.ok) return undefined;
  const { statements, response } = writeOnlyActions[action](stationId, request.value as never, receivedAt);
  return {
    statements,
    answer() {
      // Never throws: the rows are committed by now, and a failed batch would be written again, one job at a time.
      // The answer is checked before it goes out, as on the ordinary path, which answers a failure the same way.
      try {
        const payload = response();
        if (validatePayload(responseSchemas[action], payload).ok) return callResultFrame(frame.id, payload);
      } catch {
        // answered below
      }
      return callErrorFrame(frame.id, "InternalError", invalidOwnResponse);
    },
  };
}

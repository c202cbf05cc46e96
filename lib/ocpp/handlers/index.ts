// Routes each incoming CALL to the handler for its action, after the checks every action shares:
// known action, handled action, registration status, schema; and checks our answer before it is sent.
import {
  chargePointInitiated,
  isAction,
  requestSchemas,
  responseSchemas,
  validatePayload,
  type Action,
} from "../../../schemas/index.ts";
import { nowIso } from "../../dateTime.ts";
import type { Services } from "../../services.ts";
import { invalidOwnResponse, OcppError } from "../errors.ts";
import type { IncomingCallHandler } from "../session.ts";
import { authorize } from "./authorization.ts";
import { bootNotification, heartbeat } from "./boot.ts";
import type { ActionHandler } from "./context.ts";
import { dataTransfer } from "./dataTransfer.ts";
import { meterValues } from "./meterValues.ts";
import { diagnosticsStatusNotification, firmwareStatusNotification, statusNotification } from "./status.ts";
import {
  logStatusNotification,
  securityEventNotification,
  signCertificate,
  signedFirmwareStatusNotification,
} from "./security.ts";
import { startTransaction, stopTransaction } from "./transactions.ts";

type HandlerTable = { [A in Action]?: ActionHandler<A> };

export const chargePointHandlers: HandlerTable = {
  Authorize: authorize,
  BootNotification: bootNotification,
  DataTransfer: dataTransfer,
  DiagnosticsStatusNotification: diagnosticsStatusNotification,
  FirmwareStatusNotification: firmwareStatusNotification,
  Heartbeat: heartbeat,
  MeterValues: meterValues,
  StartTransaction: startTransaction,
  StatusNotification: statusNotification,
  StopTransaction: stopTransaction,
  // Security Whitepaper
  LogStatusNotification: logStatusNotification,
  SecurityEventNotification: securityEventNotification,
  SignCertificate: signCertificate,
  SignedFirmwareStatusNotification: signedFirmwareStatusNotification,
};

export function createCallHandler(services: Services, handlers: HandlerTable = chargePointHandlers): IncomingCallHandler {
  // Not async: a refusal is a rejected promise, and the common path is one promise chain (this runs per message).
  return (session, action, payload) => {
    if (!isAction(action)) return Promise.reject(new OcppError("NotImplemented", `Unknown action ${action}`));
    const handler = handlers[action] as ActionHandler<Action> | undefined;
    if (!handler || !chargePointInitiated.has(action)) {
      return Promise.reject(new OcppError("NotSupported", `The central system does not handle ${action} from a charge point`));
    }
    if (session.registrationStatus !== "Accepted" && action !== "BootNotification" && !session.wasTriggered(action)) {
      return Promise.reject(new OcppError("SecurityError", `The station is ${session.registrationStatus}; only BootNotification is accepted`));
    }
    const request = validatePayload(requestSchemas[action], payload);
    if (!request.ok) return Promise.reject(new OcppError(request.code, request.message, request.path ? { path: request.path } : {}));

    const tasks: (() => Promise<void>)[] = [];
    const context = { session, services, receivedAt: nowIso(), afterResponse: (task: () => Promise<void>) => void tasks.push(task) };
    let handled: Promise<unknown>;
    try {
      handled = handler(context, request.value as never);
    } catch (error) {
      return Promise.reject(error);
    }
    return handled.then((response) => {
      const answer = validatePayload(responseSchemas[action], response);
      if (!answer.ok) {
        services.log.error("our response failed its schema", { station: session.id, action, problem: answer.message });
        throw new OcppError("InternalError", invalidOwnResponse);
      }
      const afterSent = () => {
        for (const task of tasks) {
          task().catch((error) => services.log.error("follow-up after response failed", { station: session.id, action, error }));
        }
      };
      return { response, afterSent: tasks.length > 0 ? afterSent : undefined };
    });
  };
}

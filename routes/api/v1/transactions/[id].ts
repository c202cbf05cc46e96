// GET /api/v1/transactions/{id}: one transaction with its meter values.
import type { Context } from "hono";
import { apiError } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { transactionDetail } from "../../../../lib/transactions.ts";

export const GET = async (c: Context<AppEnv>) => {
  const raw = c.req.param("id")!;
  // Transaction ids are positive integers; anything else names no transaction.
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
  const transaction = id === undefined ? undefined : await transactionDetail(c.get("services").database.db, id);
  return transaction ? c.json(transaction) : apiError(c, 404, "No such transaction");
};

// A small levelled logger: one line per event, `key=value` fields. Callers never pass secrets as fields.
import type { LogLevel } from "./config.ts";

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

function format(fields: Fields | undefined): string {
  if (!fields) return "";
  let text = "";
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const shown = value instanceof Error ? value.message : typeof value === "string" ? value : JSON.stringify(value);
    text += ` ${key}=${/[\s"=]/.test(shown) ? JSON.stringify(shown) : shown}`;
  }
  return text;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => console.log(line)): Logger {
  const threshold = rank[level];
  const at = (name: Exclude<LogLevel, "silent">) => (message: string, fields?: Fields) => {
    if (rank[name] < threshold) return;
    write(`${new Date().toISOString()} ${name.toUpperCase().padEnd(5)} ${message}${format(fields)}`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

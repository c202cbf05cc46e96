// CSV as RFC 4180 describes it (CRLF line ends, quoted fields), safe to open in a spreadsheet.

export type CsvValue = string | number | boolean | null;

/**
 * One field. Text starting with =, +, -, @, tab or CR is a formula to a spreadsheet (CSV injection), so it gets a
 * leading single quote; numbers are written as numbers, null as an empty field.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: CsvValue[]): string {
  return values.map(csvField).join(",") + "\r\n";
}

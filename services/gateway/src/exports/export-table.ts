import { type MoneyView } from '../http/views';

/**
 * One cell of an export. Text is what a person or the services wrote (names, ids, dates) and is
 * neutralised against formulas; a count is an integer; money is the exact decimal text of integer
 * minor units with its currency, never a float; null is an empty cell.
 */
export type ExportCell = string | number | MoneyView | null;

/** A table as it is exported: the same columns and rows in CSV and in XLSX. */
export interface ExportTable {
  /** the worksheet's name; also what the file is named after */
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ExportCell[])[];
}

export const isMoney = (cell: ExportCell): cell is MoneyView => typeof cell === 'object' && cell !== null;

/**
 * Cells a spreadsheet would read as a formula or a command (CSV injection, OWASP): text starting
 * with = + - @, a tab or a carriage return. Such text is written with a leading apostrophe, which
 * Excel and LibreOffice show as text. Money and counts are ours and are never neutralised, so a
 * negative amount stays a number.
 */
export const neutralised = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

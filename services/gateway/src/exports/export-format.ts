import { applyDecorators, StreamableFile, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { type Response } from 'express';
import { MayBeOmitted } from '../http/may-be-omitted';
import { toCsv } from './csv';
import { type ExportTable } from './export-table';
import { toXlsx } from './xlsx';

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_TYPE = 'text/csv; charset=utf-8; header=present';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The `format` query parameter of a route that exports: any other value is refused as every bad parameter is (422). */
export const ExportFormatParameter = (): PropertyDecorator => {
  const documented = ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'json',
    description:
      'csv (RFC 4180, UTF-8 with a byte order mark) or xlsx: the same figures as a file to hand on, with the period and the instant they were read (knownAt) on every row and amounts as exact decimals',
  });
  const omitted = MayBeOmitted();
  const rule = IsIn(EXPORT_FORMATS);
  return (target, key) => {
    documented(target, key);
    omitted(target, key);
    rule(target, key);
  };
};

/** The 200 of a route that exports: its view as JSON, or the file the format asks for. */
export const ExportableOkResponse = (view: Type<unknown>, description: string): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(view),
    ApiOkResponse({
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(view) } },
        'text/csv': { schema: { type: 'string', description: 'format=csv' } },
        [XLSX_TYPE]: { schema: { type: 'string', format: 'binary', description: 'format=xlsx' } },
      },
    }),
  );

/** The instant the figures were read: now, once the services answered, UTC to the millisecond. */
export const knownNow = (): string => new Date().toISOString();

/** A filename: letters, digits, dots, dashes; anything else a dash. */
const safe = (part: string): string => part.replace(/[^A-Za-z0-9.-]+/g, '-');

/** The file of a table, its type and an attachment's name: `<stem>.csv` or `<stem>.xlsx`. */
export function exportFile(
  response: Response,
  format: Exclude<ExportFormat, 'json'>,
  table: ExportTable,
  stem: readonly string[],
): StreamableFile {
  const filename = `${stem
    .filter((part) => part !== '')
    .map(safe)
    .join('_')}.${format}`;
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  response.setHeader('Cache-Control', 'no-store');
  return format === 'csv'
    ? new StreamableFile(toCsv(table), { type: CSV_TYPE })
    : new StreamableFile(toXlsx(table), { type: XLSX_TYPE });
}

export const isFileFormat = (format: ExportFormat | undefined): format is Exclude<ExportFormat, 'json'> =>
  format === 'csv' || format === 'xlsx';

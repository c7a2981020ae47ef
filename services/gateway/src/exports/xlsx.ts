import { type ExportCell, type ExportTable, isMoney, neutralised } from './export-table';
import { zip } from './zip';

/**
 * Excel keeps 15 significant digits of a number. An amount with at most that many is written as a
 * number cell whose value is its exact decimal text, shown with as many decimals as the currency
 * has, so Excel shows, sums and re-exports exactly that decimal. A longer amount (above
 * 9,999,999,999,999.99 in a currency with cents) would be rounded by Excel, so it is written as
 * text: the amount and the currency, e.g. "12345678901234567.89 CNY". Every money column has its
 * currency in the column beside it either way.
 */
export const EXCEL_DIGITS = 15;

const MAX_SCALE = 4;

/** Characters XML 1.0 can't hold at all (C0 controls but tab, LF, CR; U+FFFE, U+FFFF): dropped. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const escapeXml = (text: string): string =>
  text
    .replace(NOT_XML, '')
    .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

const columnName = (index: number): string => {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

const inlineString = (ref: string, text: string): string =>
  `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;

const cellXml = (ref: string, cell: ExportCell): string => {
  if (cell === null) return '';
  if (typeof cell === 'number') return `<c r="${ref}" s="1"><v>${cell}</v></c>`;
  if (!isMoney(cell)) return inlineString(ref, neutralised(cell));
  const digits = cell.amount.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  const scale = cell.amount.includes('.') ? cell.amount.length - cell.amount.indexOf('.') - 1 : 0;
  if (digits.length > EXCEL_DIGITS || scale > MAX_SCALE) return inlineString(ref, `${cell.amount} ${cell.currency}`);
  return `<c r="${ref}" s="${2 + scale}"><v>${cell.amount}</v></c>`;
};

const row = (index: number, cells: readonly ExportCell[]): string =>
  `<row r="${index + 1}">${cells.map((cell, column) => cellXml(`${columnName(column)}${index + 1}`, cell)).join('')}</row>`;

/** A worksheet name: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (name: string): string => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const scales = Array.from({ length: MAX_SCALE + 1 }, (_, scale) => scale);
const STYLES =
  `${XML}<styleSheet xmlns="${NS}">` +
  `<numFmts count="${scales.length}">${scales
    .map(
      (scale) => `<numFmt numFmtId="${164 + scale}" formatCode="#,##0${scale === 0 ? '' : '.' + '0'.repeat(scale)}"/>`,
    )
    .join('')}</numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="${2 + scales.length + 1}">` +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  scales
    .map((scale) => `<xf numFmtId="${164 + scale}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`)
    .join('') +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '</cellXfs></styleSheet>';
const HEADER_STYLE = 2 + scales.length;

/** An Office Open XML workbook (ECMA-376) of one worksheet: the header row bold, then the rows. */
export function toXlsx(table: ExportTable): Buffer {
  const header = `<row r="1">${table.columns
    .map(
      (column, index) =>
        `<c r="${columnName(index)}1" t="inlineStr" s="${HEADER_STYLE}"><is><t>${escapeXml(column)}</t></is></c>`,
    )
    .join('')}</row>`;
  const sheet =
    `${XML}<worksheet xmlns="${NS}"><sheetData>${header}` +
    table.rows.map((cells, index) => row(index + 1, cells)).join('') +
    '</sheetData></worksheet>';
  const file = (text: string): Buffer => Buffer.from(text, 'utf8');
  return zip([
    {
      name: '[Content_Types].xml',
      data: file(
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          '</Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: file(
        `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: file(
        `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="${escapeXml(sheetName(table.name))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: file(
        `${XML}<Relationships xmlns="${PKG}">` +
          `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
          '</Relationships>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: file(sheet) },
    { name: 'xl/styles.xml', data: file(STYLES) },
  ]);
}

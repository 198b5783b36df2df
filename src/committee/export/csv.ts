/**
 * CSV as RFC 4180 says (CRLF line ends; a field with a comma, a quote or a line break in double
 * quotes, quotes doubled), UTF-8 with a byte order mark so that Excel reads Japanese. A text that
 * starts like a formula (= + - @, tab, CR) gets a leading apostrophe, so that a spreadsheet shows
 * it rather than running it (CSV injection).
 */
export const BOM = '\uFEFF';

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | boolean | null)[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

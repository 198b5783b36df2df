/**
 * The city's 避難行動要支援者名簿 export as needs. Header line first (Japanese or English names):
 *
 *   管理番号 (ref)  仮名 (label)  地区 (area)  支援の種類 (kinds)  時間帯 (slots)  同意 (consent)
 *
 * kinds and slots: Japanese labels or enum values, separated by ・ ; | or spaces. consent: はい/いいえ,
 * true/false, 1/0, 有/無, 同意/不同意. A column of names (氏名, 名前, ...) refuses the file: needs are
 * pseudonymous, names never enter the service. Errors carry the line number of the file (1 = header).
 */
import { SLOT_LABEL } from '../lib/slots/labels.js';
import { SLOTS } from '../lib/slots/slots.js';
import { LABEL_PATTERN } from './preparedness.inputs.js';
import { SUPPORT_KIND_LABEL, SUPPORT_KINDS } from './preparedness.enums.js';

export interface NeedRow {
  line: number;
  ref: string;
  label: string;
  area: string;
  kinds: string[];
  slots: string[];
  consent: boolean;
}
export interface CsvError {
  line: number;
  message: string;
}

export const MAX_CSV_ROWS = 10_000;
const COLUMNS: Record<string, 'ref' | 'label' | 'area' | 'kinds' | 'slots' | 'consent'> = {
  管理番号: 'ref', 番号: 'ref', ref: 'ref', id: 'ref',
  仮名: 'label', ラベル: 'label', label: 'label',
  地区: 'area', 地域: 'area', area: 'area',
  支援の種類: 'kinds', 必要な支援: 'kinds', kinds: 'kinds',
  時間帯: 'slots', slots: 'slots',
  同意: 'consent', consent: 'consent',
};
const NAME_COLUMNS = new Set(['氏名', '名前', '氏名かな', 'ふりがな', 'フリガナ', 'name', 'fullname', '住所', '電話番号', 'address', 'phone', '生年月日']);
const REF = /^[A-Za-z0-9_-]{1,40}$/;
const YES = new Set(['はい', 'true', '1', '有', 'あり', '同意', 'yes', 'y', '○']);
const NO = new Set(['いいえ', 'false', '0', '無', 'なし', '不同意', 'no', 'n', '×', '']);

const KIND_BY_TEXT = new Map<string, string>([...SUPPORT_KINDS.map((k) => [k.toLowerCase(), k] as const), ...Object.entries(SUPPORT_KIND_LABEL).map(([k, l]) => [l, k] as const)]);
const SLOT_BY_TEXT = new Map<string, string>([...SLOTS.map((s) => [s.toLowerCase(), s] as const), ...Object.entries(SLOT_LABEL).map(([s, l]) => [l, s] as const)]);

/** RFC 4180 records with the line each starts on: quotes, doubled quotes, CRLF or LF, newlines inside quotes. */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] | CsvError {
  const out: { line: number; fields: string[] }[] = [];
  let line = 1;
  let start = 1;
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoteLine = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) return { line: quoteLine, message: '引用符 (") が閉じられていません' };
  if (field !== '' || fields.length) endRecord();
  return out;
}

/** Japanese labels may hold the separator (通訳・翻訳): they become their enum values before the split. */
function splitList(s: string, labels: Record<string, string>): string[] {
  let text = s;
  for (const [value, label] of Object.entries(labels).sort((a, b) => b[1].length - a[1].length)) text = text.split(label).join(` ${value} `);
  return text.split(/[・;|/、\s]+/u).map((x) => x.trim()).filter(Boolean);
}

export function parseNeedsCsv(text: string): { rows: NeedRow[]; errors: CsvError[] } {
  const records = parseCsvRecords(text.normalize('NFKC'));
  if (!Array.isArray(records)) return { rows: [], errors: [records] };
  if (!records.length) return { rows: [], errors: [{ line: 1, message: 'CSV が空です（見出し行が必要です）' }] };
  const [header, ...body] = records;
  const errors: CsvError[] = [];
  const index: Partial<Record<string, number>> = {};
  header.fields.forEach((h, i) => {
    const name = h.trim();
    if (NAME_COLUMNS.has(name.toLowerCase())) {
      errors.push({ line: header.line, message: `「${name}」の列は取り込めません（氏名などの個人を特定する情報は登録しません。仮名を使ってください）` });
      return;
    }
    const col = COLUMNS[name] ?? COLUMNS[name.toLowerCase()];
    if (!col) errors.push({ line: header.line, message: `未知の列です: 「${name}」` });
    else if (index[col] !== undefined) errors.push({ line: header.line, message: `列が重複しています: 「${name}」` });
    else index[col] = i;
  });
  for (const [col, label] of [['ref', '管理番号'], ['label', '仮名'], ['area', '地区'], ['kinds', '支援の種類'], ['slots', '時間帯'], ['consent', '同意']] as const) {
    if (index[col] === undefined && !errors.some((e) => e.message.includes(label))) errors.push({ line: header.line, message: `「${label}」の列がありません` });
  }
  if (errors.length) return { rows: [], errors };
  if (!body.length) return { rows: [], errors: [{ line: header.line, message: 'データ行がありません' }] };
  if (body.length > MAX_CSV_ROWS) return { rows: [], errors: [{ line: body[MAX_CSV_ROWS].line, message: `行数が多すぎます（${MAX_CSV_ROWS}行まで）` }] };

  const rows: NeedRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of body) {
    const problems: string[] = [];
    if (fields.length !== header.fields.length) {
      errors.push({ line, message: `列の数が見出し行と違います（${fields.length}列、見出しは${header.fields.length}列）` });
      continue;
    }
    const get = (col: string) => (fields[index[col]!] ?? '').trim();
    const ref = get('ref');
    const label = get('label');
    const area = get('area');
    if (!REF.test(ref)) problems.push('管理番号は英数字・ハイフン・下線の40文字以内です');
    else if (seen.has(ref)) problems.push(`管理番号 ${ref} が${seen.get(ref)}行目と重複しています`);
    if (!LABEL_PATTERN.test(label)) problems.push('仮名は1〜60文字の文字・数字で入力してください');
    if (!area) problems.push('地区が空です');
    else if (area.length > 100) problems.push('地区は100文字までです');
    const kinds: string[] = [];
    for (const k of splitList(get('kinds'), SUPPORT_KIND_LABEL)) {
      const v = KIND_BY_TEXT.get(k) ?? KIND_BY_TEXT.get(k.toLowerCase());
      if (!v) problems.push(`未知の支援の種類です: 「${k}」`);
      else if (!kinds.includes(v)) kinds.push(v);
    }
    if (!kinds.length && !problems.some((p) => p.includes('支援の種類'))) problems.push('支援の種類が空です');
    const slots: string[] = [];
    for (const s of splitList(get('slots'), SLOT_LABEL)) {
      const v = SLOT_BY_TEXT.get(s) ?? SLOT_BY_TEXT.get(s.toLowerCase());
      if (!v) problems.push(`未知の時間帯です: 「${s}」`);
      else if (!slots.includes(v)) slots.push(v);
    }
    if (!slots.length && !problems.some((p) => p.includes('時間帯'))) problems.push('時間帯が空です');
    const c = get('consent').toLowerCase();
    const consent = YES.has(c) ? true : NO.has(c) ? false : undefined;
    if (consent === undefined) problems.push(`同意は「はい」か「いいえ」で入力してください（「${get('consent')}」）`);
    if (REF.test(ref) && !seen.has(ref)) seen.set(ref, line);
    if (problems.length) errors.push({ line, message: problems.join('; ') });
    else rows.push({ line, ref, label, area, kinds, slots, consent: consent! });
  }
  return { rows: errors.length ? [] : rows, errors };
}

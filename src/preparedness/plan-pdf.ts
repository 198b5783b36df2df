import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { PreparednessPlan } from './preparedness.models.js';

const require = createRequire(import.meta.url);
/** Noto Sans JP (SIL OFL) as a full TTF; pdfkit embeds the subset of glyphs the page uses. */
export const JP_FONT_PATH = require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
export const JP_FONT_BOLD_PATH = require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf');

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per process (about 5 MB each), parsed by fontkit per document. */
const loadFonts = () => (fonts ??= { regular: readFileSync(JP_FONT_PATH), bold: readFileSync(JP_FONT_BOLD_PATH) });

/** The printable one-page もしもプラン (A4): the person's name, progress, every item with ■ done / □ to do. */
export function renderPlanPdf(plan: PreparednessPlan, opts: { name: string; printedAt?: Date }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: 'もしもプラン', Creator: 'chifuku-neo' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const { regular, bold } = loadFonts();
    doc.registerFont('jp', regular);
    doc.registerFont('jp-bold', bold);

    const printedAt = (opts.printedAt ?? new Date()).toLocaleDateString('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' });
    doc.font('jp-bold').fontSize(22).text('わたしのもしもプラン');
    doc.font('jp').fontSize(11).fillColor('#444').text(`${opts.name} さん ・ ${printedAt} 印刷 ・ そなえる・みんなのもしも`);
    doc.moveDown(0.6);
    const done = plan.items.filter((i) => i.done).length;
    doc.fillColor('#000').fontSize(13).text(`準備の進み具合: ${done} / ${plan.items.length} (${Math.round(plan.progress * 100)}%)`);
    // progress bar
    const x = doc.x;
    const y = doc.y + 4;
    const width = doc.page.width - 2 * 56;
    doc.rect(x, y, width, 10).strokeColor('#888').stroke();
    doc.rect(x, y, width * plan.progress, 10).fillColor('#2a7').fill();
    doc.fillColor('#000');
    doc.y = y + 24;

    doc.font('jp-bold').fontSize(14).text('できていること');
    doc.font('jp').fontSize(12);
    const checked = plan.items.filter((i) => i.done);
    if (!checked.length) doc.text('（まだありません）');
    for (const item of checked) doc.text(`■ 済  ${item.label}`);
    doc.moveDown(0.6);
    doc.font('jp-bold').fontSize(14).text('これからすること');
    doc.font('jp').fontSize(12);
    const todo = plan.items.filter((i) => !i.done);
    if (!todo.length) doc.text('（すべて準備できています）');
    for (const item of todo) doc.text(`□ 未  ${item.label}`);
    doc.moveDown(1);
    doc.fontSize(10).fillColor('#444').text('冷蔵庫や玄関など、家族みんなが見える場所に貼っておきましょう。災害時の連絡: 171（災害用伝言ダイヤル）');
    doc.end();
  });
}

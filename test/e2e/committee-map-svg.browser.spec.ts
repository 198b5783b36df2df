import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { MAP_FONT_FAMILY } from '../../src/committee/export/svg-font.js';
import { NO_LINE_START } from '../../src/lib/text/line-break.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoMeeting } from '../support/committee-fixtures.js';

/**
 * The SVG map in Debian's Chromium on a machine with no Japanese font installed (`fc-list :lang=ja`
 * is empty here and in CI): the text must still be Japanese, not boxes, because the picture embeds
 * the glyphs it draws. Checked three ways: the embedded font's glyph list covers every character
 * drawn; in the browser the font loads and each character has its own glyph (pictures of different
 * characters differ, a full-width advance each); and, as the control, the same picture with the
 * font taken out draws every one of them as the same box.
 */
const CHROMIUM = '/usr/bin/chromium';
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;
const require = createRequire(import.meta.url);

let t: TestApp;
let svg: string;
let url: string;
beforeAll(async () => {
  t = await startTestApp();
  const m = await demoMeeting(t, { seed: 7 });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  url = `http://127.0.0.1:${port}/committee/meetings/${m.eventId}/map.svg`;
  const res = await request(t.app.getHttpServer()).get(`/committee/meetings/${m.eventId}/map.svg`).buffer(true).parse((r, cb) => {
    let body = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => (body += c));
    r.on('end', () => cb(null, body));
  });
  expect(res.status).toBe(200);
  expect(res.headers['content-security-policy']).toContain('font-src data:');
  svg = res.body as string;
});
afterAll(() => t?.close());

const texts = () => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));

describe('the SVG map', () => {
  it('draws the participants, the groups with their labels and representatives, and the lists', () => {
    expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThanOrEqual(8);
    const all = texts().join('\n');
    expect(all).toMatch(/グループA（\d+人）：.+に(賛成|反対)/u);
    expect(all).toMatch(/グループB（\d+人）：/u);
    expect(all).toContain('意見の分布');
    expect(all).toContain('意見が分かれた視点');
    expect(all).toMatch(/賛成：「/u);
  });

  it('breaks lines after the Japanese rules: no line starts with 。、」 or a small kana', () => {
    const lines = texts();
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(NO_LINE_START.has([...line][0])).toBe(false);
  });

  it('embeds a subset of Noto Sans JP whose glyph list covers every character it draws', () => {
    const m = /url\(data:font\/woff;base64,([A-Za-z0-9+/=]+)\)/.exec(svg);
    expect(m).not.toBeNull();
    const woff = Buffer.from(m![1], 'base64');
    expect(woff.subarray(0, 4).toString('latin1')).toBe('wOFF');
    // a subset: tens of kilobytes, not the 5 MB font
    expect(woff.length).toBeLessThan(200_000);
    const font = (require('fontkit') as { create(b: Buffer): { familyName: string; numGlyphs: number; hasGlyphForCodePoint(cp: number): boolean } }).create(woff);
    expect(font.familyName).toMatch(/Noto Sans JP/);
    const chars = new Set([...texts().join('')].filter((c) => !/\s/u.test(c)));
    const missing = [...chars].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(missing).toEqual([]);
    expect(font.numGlyphs).toBeLessThan(chars.size + 60);
  });
});

describeIfChromium('the SVG map in headless Chromium, with no Japanese font on the machine', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'committee-font-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1000, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const PROBES = ['視', '点', '賛', '同', '居', '場'];
  /** Draws each probe character alone at 60px and returns its width and a hash of its picture. */
  async function probe(): Promise<{ fonts: string[]; widths: number[]; pictures: string[] }> {
    await page.evaluate('document.fonts.ready');
    const info = (await page.evaluate(`(() => {
      const ns = 'http://www.w3.org/2000/svg', root = document.documentElement;
      const bg = document.createElementNS(ns, 'rect');
      bg.setAttribute('width', '960'); bg.setAttribute('height', '120'); bg.setAttribute('fill', '#fff');
      root.appendChild(bg);
      const widths = ${JSON.stringify(PROBES)}.map((ch, i) => {
        const t = document.createElementNS(ns, 'text');
        t.setAttribute('id', 'probe' + i); t.setAttribute('x', String(20 + i * 90)); t.setAttribute('y', '80'); t.setAttribute('font-size', '60');
        t.textContent = ch; root.appendChild(t);
        return t.getComputedTextLength();
      });
      return { fonts: [...document.fonts].map((f) => f.family.replace(/["']/g, '') + ':' + f.status), widths };
    })()`)) as { fonts: string[]; widths: number[] };
    const pictures: string[] = [];
    for (let i = 0; i < PROBES.length; i++) pictures.push(createHash('sha256').update(await page.locator(`#probe${i}`).screenshot()).digest('hex'));
    return { ...info, pictures };
  }

  it('loads the embedded font and draws every character with its own glyph', async () => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    expect((await page.goto(url, { waitUntil: 'load' }))?.status()).toBe(200);
    const r = await probe();
    expect(r.fonts).toEqual([`${MAP_FONT_FAMILY}:loaded`]);
    // full-width glyphs: one em each
    for (const w of r.widths) expect(w).toBeCloseTo(60, 0);
    expect(new Set(r.pictures).size).toBe(PROBES.length);
    expect(problems).toEqual([]);
  }, 60_000);

  it('control: without the embedded font the same characters are all the same box', async () => {
    const bare = svg.replace(/<defs>.*?<\/defs>/s, '');
    await page.route('**/bare.svg', (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: bare }));
    await page.goto(url.replace(/map\.svg$/, 'bare.svg'));
    const r = await probe();
    expect(r.fonts).toEqual([]);
    expect(new Set(r.pictures).size).toBe(1);
    for (const w of r.widths) expect(w).toBeLessThan(45);
  }, 60_000);
});

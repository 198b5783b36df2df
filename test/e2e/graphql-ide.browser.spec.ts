/**
 * Browser test for the offline GraphiQL IDE (src/common/graphql/graphql-ide.ts).
 *
 * Drives Debian's /usr/bin/chromium through playwright-core (no downloaded
 * browsers) against the real API on a fresh database; set IDE_URL (e.g.
 * http://127.0.0.1:3000/graphql) to test an already-running service instead.
 *
 * Any request to a host other than 127.0.0.1/localhost is recorded, aborted
 * (the city network may be offline) and fails the test.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { GRAPHQL_IDE_CSP, IDE_JAPANESE_FONT } from '../../src/common/graphql/graphql-ide.js';
import { startTestApp, type TestApp } from '../support/app.js';

const CHROMIUM = '/usr/bin/chromium';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const TIMEOUT = 60_000;

/** The real API (fresh database, real migrations) listening on a free port. */
async function startRealApi(): Promise<{ t: TestApp; origin: string }> {
  const t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, origin: `http://127.0.0.1:${port}` };
}

function ideUrlFrom(raw: string): string {
  const url = new URL(raw);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/graphql';
  url.search = '';
  url.hash = '';
  return url.toString();
}

function isLocal(rawUrl: string): boolean {
  const url = new URL(rawUrl);
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(url.hostname);
}

const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable) {
  console.warn(
    `[graphql-ide.browser.spec] SKIPPED: ${CHROMIUM} not found. Install Debian's chromium (apt-get install -y chromium) to run the GraphiQL browser test.`,
  );
}
const describeIfChromium = chromiumAvailable ? describe : describe.skip;

describeIfChromium('GraphiQL IDE (offline, headless chromium)', () => {
  let api: TestApp | undefined;
  let ideUrl: string;
  let profileDir: string;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const foreign: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (process.env.IDE_URL) {
      ideUrl = ideUrlFrom(process.env.IDE_URL);
    } else {
      const real = await startRealApi();
      api = real.t;
      ideUrl = `${real.origin}/graphql`;
    }

    profileDir = mkdtempSync(join(tmpdir(), 'graphql-ide-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 850 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // Record everything; never let a request leave the machine.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      if (!foreign.includes(url)) foreign.push(url);
      return route.abort('blockedbyclient');
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => {
      requests.push(`${r.method()} ${r.url()}`);
      if (!isLocal(r.url()) && !foreign.includes(r.url())) foreign.push(r.url());
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console.${m.type()}: ${m.text()}`);
    });
  }, TIMEOUT);

  afterAll(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await api?.close();
  });

  it(
    'renders GraphiQL from local assets and runs the default query',
    async () => {
      const isGraphqlPost = (r: { url(): string; method(): string }) =>
        r.method() === 'POST' && new URL(r.url()).pathname === new URL(ideUrl).pathname;
      const introspection = page.waitForResponse(
        (r) => isGraphqlPost(r.request()) && (r.request().postData() ?? '').includes('__schema'),
        { timeout: 30_000 },
      );

      const response = await page.goto(ideUrl, { waitUntil: 'load' });
      // Everything the page pulls in must come from this machine (no CDN).
      expect(foreign).toEqual([]);
      expect(response?.status()).toBe(200);
      const headers = response!.headers();
      expect(headers['content-type']).toMatch(/^text\/html/);
      const csp = headers['content-security-policy'];
      if (api) expect(csp).toBe(GRAPHQL_IDE_CSP);
      else expect(csp).toContain("script-src 'self'");
      expect(await page.title()).toBe('chifuku-neo GraphQL');
      expect(await page.getAttribute('html', 'lang')).toBe('ja');

      await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
      await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 30_000 });
      await introspection;
      expect(await page.innerText('.graphiql-query-editor')).toContain('participantCount');
      expect(await page.innerText('.graphiql-response')).not.toContain('防災');

      const execution = page.waitForResponse(
        (r) => isGraphqlPost(r.request()) && !(r.request().postData() ?? '').includes('__schema'),
        { timeout: 30_000 },
      );
      await page.click('.graphiql-execute-button');
      const executed = await execution;
      expect(executed.status()).toBe(200);
      // the whole default query is served: the themes, the events and 地福TV's feed, without errors
      const body = (await executed.json()) as { data?: Record<string, unknown>; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(Object.keys(body.data ?? {}).sort()).toEqual(['activityFeed', 'events', 'themes']);
      await page.locator('.graphiql-response', { hasText: '防災' }).waitFor({ timeout: 30_000 });
      expect(await page.innerText('.graphiql-response')).toContain('防災');

      const ideAssets = requests.filter((r) => r.includes('/ide/')).map((r) => new URL(r.split(' ')[1]!).pathname);
      expect(ideAssets).toEqual(
        expect.arrayContaining(
          ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css', 'fonts.css', 'noto-sans-jp.ttf', 'start.js'].map((f) => `${new URL(ideUrl).pathname}/ide/${f}`),
        ),
      );
      expect(foreign).toEqual([]);
      expect(requests.every((r) => isLocal(r.split(' ')[1]!))).toBe(true);
      expect(problems).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    `draws Japanese in ${IDE_JAPANESE_FONT}, served from this machine, not in boxes (this machine has no Japanese font)`,
    async () => {
      await page.goto(ideUrl, { waitUntil: 'load' });
      await page.waitForSelector('.graphiql-query-editor .CodeMirror-line', { timeout: 30_000 });
      // the face is declared, fetched from /graphql/ide/ and loaded (scripts are strings: the project's types have no DOM)
      const faces = await page.evaluate(`(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === ${JSON.stringify(IDE_JAPANESE_FONT)}).map((f) => f.status);
      })()`);
      expect(faces).toEqual(['loaded']);

      // the browser really drew the default query's Japanese comment with it: Chromium names the
      // fonts it used for the text nodes of an element (CSS.getPlatformFontsForNode)
      const marked = await page.evaluate(`(() => {
        const editor = document.querySelector('.graphiql-query-editor');
        const walk = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          if (n.textContent.includes('クエリを実行')) { n.parentElement.setAttribute('data-font-probe', ''); return n.textContent; }
        }
        return null;
      })()`);
      expect(marked).toContain('ボタン（または Ctrl+Enter）でクエリを実行します。');
      const cdp = await context.newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-font-probe]' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      await cdp.detach();
      // Latin in GraphiQL's Fira Code, every kana and kanji (and the full-width brackets) in Noto Sans JP
      const japanese = fonts.find((f) => f.familyName === IDE_JAPANESE_FONT);
      expect(japanese).toMatchObject({ isCustomFont: true });
      expect(japanese!.glyphCount).toBeGreaterThanOrEqual([...'ボタン（またはでクエリを実行します。'].length);

      // and no boxes: in the editor's font, different kanji rasterise differently (a missing glyph
      // is the same empty box for every one of them)
      const distinct = await page.evaluate(`(() => {
        const font = '32px ' + getComputedStyle(document.querySelector('.graphiql-query-editor .CodeMirror')).fontFamily;
        const pixels = (ch) => {
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = 40;
          const g = canvas.getContext('2d');
          g.font = font;
          g.fillText(ch, 2, 32);
          return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
        };
        return new Set(['防', '災', '地', '域'].map(pixels)).size;
      })()`);
      expect(distinct).toBe(4);
      expect(problems).toEqual([]);
    },
    TIMEOUT,
  );
});

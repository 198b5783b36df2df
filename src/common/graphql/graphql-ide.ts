/**
 * Offline GraphiQL IDE.
 *
 * Serves GraphiQL (UMD bundle) + React/ReactDOM straight from this project's
 * node_modules, so the IDE works on the city network even when the internet
 * (and therefore any CDN) is unreachable. Japanese (the default query's
 * comments, the schema's descriptions, every answer) is drawn in Noto Sans JP,
 * the font the project ships for its PDF and SVG, served as a web font: a
 * machine without a Japanese font would otherwise show boxes.
 *
 *   GET <path>            (browser: Accept text/html, no ?query=) -> IDE page
 *   GET <path>/ide/<file> (fixed allow-list)                      -> asset
 *
 * Everything else falls through with next() so Apollo keeps handling
 * GET ?query=... and POST requests on the same path.
 *
 * Mount it on the raw Express instance *before* Nest initialises the GraphQL
 * module (i.e. before app.init()/app.listen()), e.g.
 *   mountGraphqlIde(app.getHttpAdapter().getInstance());
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Minimal structural Express types: @types/express is not installed in this
// project, and these are all this module needs. A real express() app / its
// req / res satisfy them.
export interface IdeRequest {
  method: string;
  url: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string | string[] | undefined>;
}
export interface IdeResponse {
  status(code: number): IdeResponse;
  setHeader(name: string, value: string | number): unknown;
  end(body?: string | Buffer): unknown;
}
export type IdeNextFunction = (err?: unknown) => void;
export type IdeHandler = (req: IdeRequest, res: IdeResponse, next: IdeNextFunction) => void;
export interface IdeApp {
  get(path: string, handler: IdeHandler): unknown;
}

export interface GraphqlIdeOptions {
  /** GraphQL endpoint path (default `/graphql`). Assets are served under `<path>/ide/`. */
  path?: string;
}

/** Content-Security-Policy sent with the IDE page. GraphiQL's own fonts are data: URLs inside graphiql.min.css; Noto Sans JP is one of the assets ('self'). */
export const GRAPHQL_IDE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const ASSET_CACHE_CONTROL = 'public, max-age=86400';

export const DEFAULT_IDE_QUERY = `# 地域福祉NEO（chifuku-neo）GraphQL IDE
#
# ▶ ボタン（または Ctrl+Enter）でクエリを実行します。
# ログインが必要な操作は、下の「Headers」タブに
#   { "Authorization": "Bearer <アクセストークン>" }
# の形で貼り付けてから実行してください。
# 左端の本のアイコン（Documentation Explorer）でスキーマを確認できます。

{
  themes {
    key
    label
  }
  events(first: 5) {
    totalCount
    edges {
      node {
        id
        platform
        title
        startsAt
        participantCount
      }
    }
  }
  # 地福TV が伝える、4つのプラットフォームの動き
  activityFeed(first: 5) {
    edges {
      node {
        kind
        platform
        title
        occurredAt
      }
    }
  }
}
`;

type AssetName = 'react.js' | 'react-dom.js' | 'graphiql.js' | 'graphiql.css' | 'noto-sans-jp.ttf' | 'fonts.css' | 'start.js';
/** Assets made here rather than read from a package. */
type MadeAsset = 'start.js' | 'fonts.css';
const ASSETS: readonly AssetName[] = ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css', 'noto-sans-jp.ttf', 'fonts.css', 'start.js'];

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const require = createRequire(import.meta.url);

/** Vendor files: read lazily, once per process, shared by every mount. */
const VENDOR_FILES: Record<Exclude<AssetName, MadeAsset>, { pkg: string; file: string; contentType: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  'react-dom.js': {
    pkg: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    contentType: 'text/javascript; charset=utf-8',
  },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: 'text/javascript; charset=utf-8' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css; charset=utf-8' },
  // the Regular weight only (5.5 MB, cached a day; bold is synthesised): the PDF's and the SVG's font
  'noto-sans-jp.ttf': { pkg: '@expo-google-fonts/noto-sans-jp', file: '400Regular/NotoSansJP_400Regular.ttf', contentType: 'font/ttf' },
};

const vendorCache = new Map<string, Asset>();

function makeAsset(body: Buffer, contentType: string): Asset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, contentType, etag };
}

function stripSourceMapComment(body: Buffer, contentType: string): Buffer {
  if (!contentType.startsWith('text/')) return body;
  // The .map files are not served; drop the trailing reference so devtools do not 404 on it.
  const text = body.toString('utf8');
  const pattern = contentType.startsWith('text/css')
    ? /\/\*# sourceMappingURL=[^*]*\*\/\s*$/
    : /\/\/# sourceMappingURL=\S*\s*$/;
  return pattern.test(text) ? Buffer.from(text.replace(pattern, ''), 'utf8') : body;
}

function loadVendor(name: Exclude<AssetName, MadeAsset>): Asset {
  const cached = vendorCache.get(name);
  if (cached) return cached;
  const { pkg, file, contentType } = VENDOR_FILES[name];
  const pkgDir = dirname(require.resolve(`${pkg}/package.json`));
  const body = stripSourceMapComment(readFileSync(join(pkgDir, file)), contentType);
  const asset = makeAsset(body, contentType);
  vendorCache.set(name, asset);
  return asset;
}

function isAssetName(name: unknown): name is AssetName {
  return typeof name === 'string' && ASSETS.includes(name as AssetName);
}

/** JSON for embedding in JS source; also safe against `</script>` and U+2028/9. */
function jsLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function buildStartScript(endpointPath: string): string {
  return `'use strict';
(function () {
  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: location.origin + ${jsLiteral(endpointPath)} });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${jsLiteral(DEFAULT_IDE_QUERY)},
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers'
    })
  );
})();
`;
}

/**
 * Noto Sans JP after GraphiQL's own fonts (Roboto, Fira Code), so Latin text keeps its look and
 * every character they lack (kana, kanji, full-width signs) comes from it, in the UI and the editors.
 * The selectors are those graphiql.css sets its font variables on.
 */
export const IDE_JAPANESE_FONT = 'Noto Sans JP';
function buildFontsCss(fontUrl: string): string {
  return `@font-face {
  font-family: '${IDE_JAPANESE_FONT}';
  src: url('${fontUrl}') format('truetype');
  font-weight: 400;
  font-style: normal;
  font-display: swap;
}
.graphiql-container,
.CodeMirror-info,
.CodeMirror-lint-tooltip,
.graphiql-dialog,
.graphiql-dialog-overlay,
.graphiql-tooltip,
[data-radix-popper-content-wrapper] {
  --font-family: 'Roboto', '${IDE_JAPANESE_FONT}', sans-serif;
  --font-family-mono: 'Fira Code', '${IDE_JAPANESE_FONT}', monospace;
}
body {
  font-family: 'Roboto', '${IDE_JAPANESE_FONT}', sans-serif;
}
`;
}

function buildPage(assetBase: string, versions: Record<AssetName, string>): string {
  const href = (name: AssetName) => escapeHtml(`${assetBase}/${name}?v=${versions[name]}`);
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>chifuku-neo GraphQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${href('graphiql.css')}">
<link rel="stylesheet" href="${href('fonts.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">読み込み中…</div>
<noscript>GraphQL IDE を使うには JavaScript を有効にしてください。</noscript>
<script src="${href('react.js')}"></script>
<script src="${href('react-dom.js')}"></script>
<script src="${href('graphiql.js')}"></script>
<script src="${href('start.js')}"></script>
</body>
</html>
`;
}

function normalisePath(path: string | undefined): string {
  let p = (path ?? '/graphql').trim();
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/\/+$/, '');
  if (p === '' || !/^\/[A-Za-z0-9._~\-/]*$/.test(p)) {
    throw new Error(`mountGraphqlIde: invalid path ${JSON.stringify(path)}`);
  }
  return p;
}

function acceptsHtml(req: IdeRequest): boolean {
  const accept = req.headers['accept'];
  const value = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return value.toLowerCase().includes('text/html');
}

function hasQueryParam(req: IdeRequest): boolean {
  const raw = req.originalUrl ?? req.url;
  const qs = raw.indexOf('?');
  return qs !== -1 && new URLSearchParams(raw.slice(qs + 1)).has('query');
}

function sendAsset(req: IdeRequest, res: IdeResponse, asset: Asset, cacheControl: string): void {
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', asset.etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string' && inm.split(',').some((t) => t.trim() === asset.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Length', asset.body.length);
  res.status(200).end(req.method === 'HEAD' ? undefined : asset.body);
}

/** Mounts the IDE: GET /graphql from a browser (Accept: text/html, no `query` param) gets the page; assets under /graphql/ide/. */
export function mountGraphqlIde(app: IdeApp, opts?: GraphqlIdeOptions): void {
  const path = normalisePath(opts?.path);
  const assetBase = `${path}/ide`;
  const startAsset = makeAsset(Buffer.from(buildStartScript(path), 'utf8'), 'text/javascript; charset=utf-8');
  let page: Asset | undefined;
  let fontsCss: Asset | undefined;
  const version = (asset: Asset) => asset.etag.slice(1, 13);

  const getAsset = (name: AssetName): Asset => {
    if (name === 'start.js') return startAsset;
    if (name === 'fonts.css') {
      // the font's URL carries its version, like the page's links, so a new font is fetched at once
      const font = `${assetBase}/noto-sans-jp.ttf?v=${version(loadVendor('noto-sans-jp.ttf'))}`;
      return (fontsCss ??= makeAsset(Buffer.from(buildFontsCss(font), 'utf8'), 'text/css; charset=utf-8'));
    }
    return loadVendor(name);
  };

  const getPage = (): Asset => {
    if (!page) {
      const versions = {} as Record<AssetName, string>;
      for (const name of ASSETS) versions[name] = version(getAsset(name));
      page = makeAsset(Buffer.from(buildPage(assetBase, versions), 'utf8'), 'text/html; charset=utf-8');
    }
    return page;
  };

  app.get(path, (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!acceptsHtml(req) || hasQueryParam(req)) return next();
    let asset: Asset;
    try {
      asset = getPage();
    } catch (err) {
      return next(err);
    }
    res.setHeader('Content-Security-Policy', GRAPHQL_IDE_CSP);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Vary', 'Accept');
    sendAsset(req, res, asset, 'no-cache');
  });

  app.get(`${assetBase}/:file`, (req, res, next) => {
    const name = req.params['file'];
    if (!isAssetName(name)) {
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.status(404).end('Not Found');
      return;
    }
    let asset: Asset;
    try {
      asset = getAsset(name);
    } catch (err) {
      return next(err);
    }
    sendAsset(req, res, asset, ASSET_CACHE_CONTROL);
  });
}

import type { DataSource } from 'typeorm';

/**
 * A synthetic city written with generate_series, for tests and benchmarks that need volume:
 * students whose concerns and interests are combined from per-theme Japanese phrase lists (so
 * text and themes agree, as in real profiles, with an unrelated aside now and then), offers from
 * verified organisations whose descriptions combine sentences of their themes with a practical
 * note. Themes are not equally popular; stages, areas, slots and modes vary on both sides so that
 * compatibility rules bite. SQL only (one statement per table), so 50,000 students take seconds.
 * Deterministic for a given size and seed (setseed; only the uuids differ between calls).
 */
export async function generateCity(db: DataSource, opts: { students: number; offers: number; seed?: number }): Promise<void> {
  await db.query(`SELECT setseed($1)`, [opts.seed ?? 0.42]);
  await db.query(`INSERT INTO school (name, api_key_hash, api_key_prefix) VALUES ('合成市立 試験高等学校', decode(md5(random()::text), 'hex'), 'cfk_syn') `);
  const concerns = flat(THEMES.map((t) => PHRASES[t].concerns));
  const interests = flat(THEMES.map((t) => PHRASES[t].interests));
  await db.query(
    `WITH l AS MATERIALIZED (
       SELECT $2::text[] AS themes, $3::int[] AS bag, $4::text[] AS c, $5::int[] AS c_at, $6::int[] AS c_n,
              $7::text[] AS i, $8::int[] AS i_at, $9::int[] AS i_n, $10::text[] AS generic, $11::text[] AS places, $12::text[] AS areas
     ),
     users AS (
       INSERT INTO app_user (display_name, roles) SELECT '合成 生徒' || g, ARRAY['STUDENT']::role[] FROM generate_series(1, $1) g RETURNING id
     ),
     -- the random draws of each student, once (a MATERIALIZED CTE is evaluated once per row)
     r AS MATERIALIZED (
       SELECT u.id, t1, 1 + (t1 + floor(random() * 15)::int) % 16 AS t2, 1 + floor(random() * 16)::int AS t3,
              floor(random() * 8)::int AS k, random() AS two, random() AS aside, random() AS extra, random() AS st,
              floor(random() * 5)::int AS s1, floor(random() * 4)::int AS s2, random() AS ns, random() AS md
       FROM (SELECT u.id, (SELECT bag FROM l)[1 + floor(random() * cardinality((SELECT bag FROM l)))::int] AS t1 FROM users u) u
     )
     INSERT INTO student (id, school_id, external_ref, stage, guardian_consent, themes, concerns, interests, area, slots, modes)
     SELECT r.id, (SELECT id FROM school WHERE api_key_prefix = 'cfk_syn' LIMIT 1), 'syn-' || r.id,
       (CASE WHEN r.st < 0.3 THEN 'JUNIOR_HIGH' WHEN r.st < 0.75 THEN 'HIGH_SCHOOL' ELSE 'UNIVERSITY' END)::student_stage,
       random() < 0.9,
       CASE WHEN r.two < 0.65 THEN ARRAY[l.themes[r.t1], l.themes[r.t2]] ELSE ARRAY[l.themes[r.t1]] END,
       replace(l.c[l.c_at[r.t1] + r.k % l.c_n[r.t1]], '{p}', l.places[1 + floor(random() * cardinality(l.places))::int]) || '。' ||
         CASE WHEN r.two < 0.65 THEN replace(l.c[l.c_at[r.t2] + floor(random() * l.c_n[r.t2])::int], '{p}', l.places[1 + floor(random() * cardinality(l.places))::int])
              ELSE replace(l.c[l.c_at[r.t1] + (r.k + 1) % l.c_n[r.t1]], '{p}', l.places[1 + floor(random() * cardinality(l.places))::int]) END || '。' ||
         CASE WHEN r.aside < 0.3 THEN replace(l.c[l.c_at[r.t3] + floor(random() * l.c_n[r.t3])::int], '{p}', l.places[1 + floor(random() * cardinality(l.places))::int]) || '。' ELSE '' END,
       replace(l.i[l.i_at[CASE WHEN r.two < 0.65 AND r.k % 2 = 1 THEN r.t2 ELSE r.t1 END] + floor(random() * 3)::int % l.i_n[CASE WHEN r.two < 0.65 AND r.k % 2 = 1 THEN r.t2 ELSE r.t1 END]],
               '{p}', l.places[1 + floor(random() * cardinality(l.places))::int]) || '。' ||
         CASE WHEN r.extra < 0.45 THEN l.generic[1 + floor(random() * cardinality(l.generic))::int] || '。' ELSE '' END,
       CASE WHEN random() < 0.9 THEN l.areas[1 + floor(random() * cardinality(l.areas))::int] END,
       (CASE WHEN r.ns < 0.5 THEN ARRAY[(ARRAY['WEEKDAY_AFTER_SCHOOL','WEEKEND_MORNING','WEEKEND_AFTERNOON','WEEKDAY_EVENING','WEEKEND_EVENING'])[1 + r.s1]]
             ELSE ARRAY[(ARRAY['WEEKDAY_AFTER_SCHOOL','WEEKEND_MORNING','WEEKEND_AFTERNOON','WEEKDAY_EVENING','WEEKEND_EVENING'])[1 + r.s1],
                        (ARRAY['WEEKDAY_AFTER_SCHOOL','WEEKEND_MORNING','WEEKEND_AFTERNOON','WEEKDAY_EVENING','WEEKEND_EVENING'])[1 + (r.s1 + 1 + r.s2) % 5]] END)::time_slot[],
       (CASE WHEN r.md < 0.55 THEN ARRAY['ONSITE','ONLINE'] WHEN r.md < 0.9 THEN ARRAY['ONSITE'] ELSE ARRAY['ONLINE'] END)::participation_mode[]
     FROM r CROSS JOIN l`,
    [opts.students, THEMES, BAG, concerns.list, concerns.at, concerns.n, interests.list, interests.at, interests.n, STUDENT_GENERIC, PLACES, AREAS],
  );
  const titles = flat(THEMES.map((t) => PHRASES[t].titles));
  const sentences = flat(THEMES.map((t) => PHRASES[t].sentences));
  await db.query(
    `WITH l AS MATERIALIZED (
       SELECT $2::text[] AS themes, $3::int[] AS bag, $4::text[] AS t, $5::int[] AS t_at, $6::int[] AS t_n,
              $7::text[] AS s, $8::int[] AS s_at, $9::int[] AS s_n, $10::text[] AS generic, $11::text[] AS places, $12::text[] AS areas,
              ARRAY['NPO','COMPANY','COMMUNITY_GROUP','PUBLIC_FACILITY']::organization_kind[] AS kinds
     ),
     orgs AS (
       INSERT INTO organization (name, kind, area, description, verified)
       SELECT '合成団体 ' || g, (SELECT kinds FROM l)[1 + g % 4], (SELECT areas FROM l)[1 + g % 11], '合成データの団体です。', true
       FROM generate_series(1, greatest(1, $1 / 5)) g RETURNING id
     ), org_list AS (SELECT array_agg(id) AS ids FROM orgs),
     r AS MATERIALIZED (
       SELECT g, t1, 1 + (t1 + floor(random() * 15)::int) % 16 AS t2, floor(random() * 6)::int AS k, random() AS two, random() AS st,
              random() AS ar, random() AS md, random() AS ns, floor(random() * 6)::int AS s1, floor(random() * 5)::int AS s2
       FROM (SELECT g, (SELECT bag FROM l)[1 + floor(random() * cardinality((SELECT bag FROM l)))::int] AS t1 FROM generate_series(1, $1) g) x
     )
     INSERT INTO offer (organization_id, title, description, themes, capacity, stages, area, mode, slots, status, published_at)
     SELECT (SELECT ids FROM org_list)[1 + floor(random() * array_length((SELECT ids FROM org_list), 1))::int],
       CASE WHEN r.ar < 0.85 AND r.k % 3 = 0 THEN l.areas[1 + r.g % 11] || 'の' ELSE '' END || l.t[l.t_at[r.t1] + r.k % l.t_n[r.t1]],
       replace(l.s[l.s_at[r.t1] + r.k % l.s_n[r.t1]], '{p}', l.places[1 + floor(random() * cardinality(l.places))::int]) ||
         CASE WHEN r.two < 0.45 THEN replace(l.s[l.s_at[r.t2] + floor(random() * l.s_n[r.t2])::int], '{p}', l.places[1 + floor(random() * cardinality(l.places))::int])
              ELSE replace(l.s[l.s_at[r.t1] + (r.k + 1) % l.s_n[r.t1]], '{p}', l.places[1 + floor(random() * cardinality(l.places))::int]) END ||
         l.generic[1 + floor(random() * cardinality(l.generic))::int],
       CASE WHEN r.two < 0.45 THEN ARRAY[l.themes[r.t1], l.themes[r.t2]] ELSE ARRAY[l.themes[r.t1]] END,
       2 + floor(random() * 6)::int,
       (CASE WHEN r.st < 0.45 THEN ARRAY['HIGH_SCHOOL','UNIVERSITY'] WHEN r.st < 0.7 THEN ARRAY['JUNIOR_HIGH','HIGH_SCHOOL']
             WHEN r.st < 0.85 THEN ARRAY['JUNIOR_HIGH','HIGH_SCHOOL','UNIVERSITY'] ELSE ARRAY['UNIVERSITY'] END)::student_stage[],
       CASE WHEN r.ar < 0.85 THEN l.areas[1 + r.g % 11] END,
       (CASE WHEN r.md < 0.5 THEN 'ONSITE' WHEN r.md < 0.7 THEN 'ONLINE' ELSE 'HYBRID' END)::participation_mode,
       (CASE WHEN r.ns < 0.45 THEN ARRAY[]::text[]
             WHEN r.ns < 0.75 THEN ARRAY[(ARRAY['WEEKDAY_DAYTIME','WEEKDAY_AFTER_SCHOOL','WEEKDAY_EVENING','WEEKEND_MORNING','WEEKEND_AFTERNOON','WEEKEND_EVENING'])[1 + r.s1]]
             ELSE ARRAY[(ARRAY['WEEKDAY_DAYTIME','WEEKDAY_AFTER_SCHOOL','WEEKDAY_EVENING','WEEKEND_MORNING','WEEKEND_AFTERNOON','WEEKEND_EVENING'])[1 + r.s1],
                        (ARRAY['WEEKDAY_DAYTIME','WEEKDAY_AFTER_SCHOOL','WEEKDAY_EVENING','WEEKEND_MORNING','WEEKEND_AFTERNOON','WEEKEND_EVENING'])[1 + (r.s1 + 1 + r.s2) % 6]] END)::time_slot[],
       'OPEN', now()
     FROM r CROSS JOIN l ORDER BY r.g`,
    [opts.offers, THEMES, BAG, titles.list, titles.at, titles.n, sentences.list, sentences.at, sentences.n, OFFER_GENERIC, PLACES, AREAS],
  );
}

/** Per-theme lists flattened for SQL: the phrases of theme t (1-based) are list[at[t] ‥ at[t] + n[t] − 1]. */
function flat(lists: string[][]): { list: string[]; at: number[]; n: number[] } {
  const list: string[] = [], at: number[] = [], n: number[] = [];
  for (const l of lists) {
    at.push(list.length + 1);
    n.push(l.length);
    list.push(...l);
  }
  return { list, at, n };
}

const THEMES = ['disaster', 'infection', 'elderly', 'childcare', 'disability', 'multicultural', 'environment', 'community', 'food', 'health', 'education', 'culture', 'sports', 'media', 'welfare', 'work'];
/** popularity of each theme (1-based theme numbers, repeated by weight): rarity then matters */
const BAG = [9, 4, 8, 7, 3, 3, 6, 8, 5, 4, 6, 4, 5, 5, 4, 4].flatMap((w, i) => Array<number>(w).fill(i + 1));
const AREAS = ['中央', '荒木', '善導寺', '田主丸', '北野', '城島', '三潴', '御井', '高良内', '安武', '大善寺'];
const PLACES = ['地域', '公民館', '校区', '商店街', '筑後川の近く', '団地', '駅前', '小学校', '自治会', '町内'];
const STUDENT_GENERIC = [
  '友達と一緒に参加したい', '自分にできることから始めたい', '人と話すのが好き', '週末なら時間がある', '将来は地元で働きたい',
  'まだ何ができるか分からないけれど関わってみたい', '新しいことに挑戦したい', '部活が忙しいが月に一度なら参加できる',
];
const OFFER_GENERIC = [
  '初めての方も歓迎します。', '中高生・大学生の参加を歓迎します。', '活動のあとに振り返りの時間があります。', '交通費の一部を支給します。',
  'オンラインの事前説明会があります。', '地域の大人と一緒に活動します。', '動きやすい服装でお越しください。', '活動の様子は地福TVで紹介します。',
];

/** per theme: student concerns and interests, offer titles and description sentences ({p}: a place) */
const PHRASES: Record<string, { concerns: string[]; interests: string[]; titles: string[]; sentences: string[] }> = {
  disaster: {
    concerns: ['{p}の避難所のことが心配', '大雨のときの避難経路が分からない', '筑後川の氾濫や水害が不安', '災害時に高齢者をどう助けるか気になる'],
    interests: ['防災マップを作ってみたい', '避難訓練の企画を手伝いたい', '非常食や備蓄について調べたい'],
    titles: ['防災マップづくり', '避難所運営訓練', '水害に備えるワークショップ'],
    sentences: ['{p}を歩いて危険箇所と避難場所を確認します。', '避難所の開設手順を体験し、備蓄品を点検します。', '大雨や水害に備えた避難経路を一緒に考えます。'],
  },
  infection: {
    concerns: ['感染症がまた流行しないか心配', '{p}の手洗いや消毒の習慣が気になる', 'ワクチンや予防の正しい情報が届いていない'],
    interests: ['感染症対策の啓発ポスターを作りたい', '手洗い教室を開いてみたい', '感染症の正しい情報を広めたい'],
    titles: ['感染症予防の啓発キャンペーン', '手洗い・消毒教室'],
    sentences: ['感染症予防の正しい知識をポスターや動画で伝えます。', '子どもたちと手洗いや消毒の方法を学びます。'],
  },
  elderly: {
    concerns: ['{p}の一人暮らしの高齢者が孤立している', '祖父母の見守りが心配', '高齢者の買い物や移動が大変そう'],
    interests: ['高齢者の見守り活動に関わりたい', 'お年寄りとの交流会を手伝いたい', 'スマホ教室でお年寄りに教えたい'],
    titles: ['高齢者サロンの交流会', '見守り訪問', 'シニア向けスマホ相談会'],
    sentences: ['{p}のお年寄りと昔遊びやおしゃべりで交流します。', '一人暮らしの高齢者宅を訪問し、見守りを行います。', 'スマートフォンの使い方をお年寄りに教えます。'],
  },
  childcare: {
    concerns: ['共働き家庭の子どもの居場所が少ない', '{p}で子育て中の親が孤立している', '放課後に子どもが安心して過ごせる場所がない'],
    interests: ['子ども食堂を手伝いたい', '小学生の宿題を見てあげたい', '子どもと遊ぶイベントを企画したい'],
    titles: ['子ども食堂ボランティア', '放課後の学習支援', '親子ふれあいイベント'],
    sentences: ['子ども食堂で調理や配膳、宿題のサポートをします。', '放課後の児童館で小学生の学習を支援します。', '子育て中の親子が集まるイベントを運営します。'],
  },
  disability: {
    concerns: ['障がいのある人が街で困っている場面を見た', '{p}のバリアフリーが足りない', '手話や点字を知らない'],
    interests: ['障がいのある人と一緒にスポーツを楽しみたい', '手話を学びたい', 'バリアフリーマップを作りたい'],
    titles: ['ユニバーサルスポーツ体験', 'バリアフリー点検', '手話カフェ'],
    sentences: ['障がいのある人と一緒にボッチャなどのスポーツを楽しみます。', '{p}の段差や通路を点検し、バリアフリーマップにまとめます。'],
  },
  multicultural: {
    concerns: ['外国人住民が地域に溶け込めていない', '{p}に住む外国人の子どもが日本語で困っている', 'ごみ出しのルールが外国人に伝わっていない'],
    interests: ['やさしい日本語で外国人と話したい', '外国の文化を知る交流会を開きたい', '外国人の友だちと防災を考えたい'],
    titles: ['やさしい日本語おしゃべり会', '多文化交流フェスタ', '外国ルーツの子どもの学習支援'],
    sentences: ['日本語を勉強している外国人住民とやさしい日本語で会話します。', '外国の料理や文化を紹介し合う交流会を開きます。'],
  },
  environment: {
    concerns: ['{p}のごみのポイ捨てが多い', 'プラスチックごみや海洋汚染が心配', '筑後川の水質や生き物が減っている', 'ごみの分別と環境問題が気になる'],
    interests: ['清掃活動に参加したい', 'リサイクルやごみの削減に取り組みたい', '自然観察会を開きたい'],
    titles: ['筑後川クリーン作戦', 'ごみ削減チャレンジ', '里山の自然観察会'],
    sentences: ['{p}や河川敷のごみを拾い、分別して記録します。', 'プラスチックごみを減らすアイデアを考えて実践します。'],
  },
  community: {
    concerns: ['{p}の商店街に空き店舗が増えている', '若者が地元を離れていく', '自治会の担い手が足りない'],
    interests: ['まちづくりについて考えたい', '地元の魅力を発信したい', '{p}のお祭りを盛り上げたい', '商店街をもっとにぎやかにしたい'],
    titles: ['商店街にぎわいプロジェクト', '地域のお祭り運営', 'まちづくりワークショップ'],
    sentences: ['空き店舗を活用したイベントを企画します。', '{p}のお祭りの準備と運営を住民と一緒に行います。'],
  },
  food: {
    concerns: ['{p}の食品ロスが多い', '朝ごはんを食べない子どもがいる', '地元の農業の後継者が少ない'],
    interests: ['料理をして人に喜んでもらいたい', '地元の野菜を使ったレシピを考えたい', 'フードバンクを手伝いたい'],
    titles: ['フードドライブ', '地産地消レシピ開発', '農業体験'],
    sentences: ['家庭で余った食品を集めて必要な家庭に届けます。', '久留米の野菜を使ったレシピを考えて料理教室を開きます。'],
  },
  health: {
    concerns: ['運動不足や生活習慣病が気になる', '{p}の人の健康づくりの場が少ない', '心の健康やストレスが心配'],
    interests: ['ラジオ体操やウォーキングの会を開きたい', '健康に関する知識を広めたい'],
    titles: ['ウォーキングイベント', '健康チェック会', 'こころの相談カフェ'],
    sentences: ['{p}を一緒に歩きながら健康づくりに取り組みます。', '血圧や体力の測定を手伝い、健康相談の場を運営します。'],
  },
  education: {
    concerns: ['勉強についていけない子どもがいる', '{p}の学びの場が少ない', '不登校の子の居場所が足りない'],
    interests: ['勉強を教えるのが得意', 'プログラミングを子どもに教えたい', '読み聞かせをしたい'],
    titles: ['学習支援教室', 'プログラミング教室', '図書館の読み聞かせ'],
    sentences: ['小中学生の宿題や勉強をマンツーマンで支援します。', 'ロボットやプログラミングを子どもたちに教えます。'],
  },
  culture: {
    concerns: ['{p}の伝統行事が途絶えそう', '久留米絣や伝統工芸の担い手が少ない'],
    interests: ['絵を描くのが得意', '音楽や演劇で地域を元気にしたい', '伝統工芸を体験したい'],
    titles: ['久留米絣の体験教室', '地域の音楽祭', '壁画アートプロジェクト'],
    sentences: ['伝統工芸の職人から技を学び、体験教室を手伝います。', '{p}の音楽祭で演奏や舞台の運営を行います。'],
  },
  sports: {
    concerns: ['子どもが外で遊ぶ機会が減っている', '{p}のスポーツクラブの指導者が足りない'],
    interests: ['サッカーや野球を子どもに教えたい', 'スポーツ大会の運営を手伝いたい'],
    titles: ['地域スポーツ大会運営', 'キッズスポーツ教室'],
    sentences: ['地域の運動会やスポーツ大会の準備と運営を手伝います。', '小学生にボール遊びやかけっこを教えます。'],
  },
  media: {
    concerns: ['地域の情報が若い人に届いていない', '{p}の活動が知られていない', 'ネットの偽情報が心配'],
    interests: ['動画を撮影して編集したい', 'SNSで情報発信したい', '動画で地域の魅力を発信したい'],
    titles: ['地域の魅力発信動画づくり', 'SNS広報チーム', '地域新聞の取材・編集'],
    sentences: ['地域の団体を取材し、動画やSNSで発信します。', '{p}のイベントのチラシや広報記事を作ります。'],
  },
  welfare: {
    concerns: ['{p}で困っている人に支援が届いていない', '民生委員の負担が大きい', 'ひきこもりの人が相談できない'],
    interests: ['福祉施設でボランティアをしたい', '困っている人の話を聞きたい'],
    titles: ['福祉施設ボランティア', '地域の見守りネットワーク', '社会福祉協議会の行事サポート'],
    sentences: ['福祉施設で利用者の方と交流し、行事を手伝います。', '{p}で支援が必要な人を見守る仕組みを考えます。'],
  },
  work: {
    concerns: ['将来どんな仕事をしたいか分からない', '{p}の企業のことを知らない', '働く大人と話す機会がない'],
    interests: ['職場体験をしてみたい', '起業やビジネスに挑戦したい', '地元企業で働く人の話を聞きたい'],
    titles: ['地元企業の職場体験', '高校生ビジネスコンテスト', 'キャリア座談会'],
    sentences: ['地元企業の現場で仕事を体験し、社員と意見交換します。', '{p}の課題を解決するビジネスプランを考えます。'],
  },
};

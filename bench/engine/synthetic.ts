/**
 * Seeded synthetic Kurume data for the engine's scale tests and benchmark: Japanese concerns,
 * interests and offers built from phrase lists per theme (so text and themes agree, as in real
 * profiles), with place and object fillers so sentences vary. Not used in production.
 */
import type { Mode, OfferInput, Slot, Stage, StudentInput } from '../../src/matching/engine/types.js';

export const THEME_LABELS: Record<string, string> = {
  disaster: '防災', infection: '感染症', elderly: '高齢者', childcare: '子育て', disability: '障がい',
  multicultural: '多文化共生', environment: '環境', community: 'まちづくり', food: '食', health: '健康',
  education: '学び', culture: '文化・芸術', sports: 'スポーツ', media: '情報発信', welfare: '地域福祉', work: 'しごと',
};
export const AREAS = ['中央', '荒木', '善導寺', '田主丸', '北野', '城島', '三潴', '御井', '高良内', '安武', '大善寺'];
const PLACES = ['地域', '公民館', '校区', '商店街', '筑後川の近く', '団地', '駅前', '小学校', '自治会', '町内'];

/** per theme: concerns, interests, offer title cores, offer description sentences ({p} = place) */
const T: Record<string, [string[], string[], string[], string[]]> = {
  disaster: [['{p}の避難所のことが心配', '大雨のときの避難経路が分からない', '筑後川の氾濫や水害が不安', '災害時に高齢者をどう助けるか気になる'],
    ['防災マップを作ってみたい', '避難訓練の企画を手伝いたい', '非常食や備蓄について調べたい'],
    ['防災マップづくり', '避難所運営訓練', '水害に備えるワークショップ'],
    ['{p}を歩いて危険箇所と避難場所を確認します。', '避難所の開設手順を体験し、備蓄品を点検します。', '大雨や水害に備えた避難経路を一緒に考えます。']],
  infection: [['感染症がまた流行しないか心配', '{p}の手洗いや消毒の習慣が気になる', 'ワクチンや予防の正しい情報が届いていない'],
    ['感染症対策の啓発ポスターを作りたい', '手洗い教室を開いてみたい'],
    ['感染症予防の啓発キャンペーン', '手洗い・消毒教室'],
    ['感染症予防の正しい知識をポスターや動画で伝えます。', '子どもたちと手洗いや消毒の方法を学びます。']],
  elderly: [['{p}の一人暮らしの高齢者が孤立している', '祖父母の見守りが心配', '高齢者の買い物や移動が大変そう'],
    ['高齢者の見守り活動に関わりたい', 'お年寄りとの交流会を手伝いたい', 'スマホ教室でお年寄りに教えたい'],
    ['高齢者サロンの交流会', '見守り訪問', 'シニア向けスマホ相談会'],
    ['{p}のお年寄りと昔遊びやおしゃべりで交流します。', '一人暮らしの高齢者宅を訪問し、見守りを行います。', 'スマートフォンの使い方をお年寄りに教えます。']],
  childcare: [['共働き家庭の子どもの居場所が少ない', '{p}で子育て中の親が孤立している', '放課後に子どもが安心して過ごせる場所がない'],
    ['子ども食堂を手伝いたい', '小学生の宿題を見てあげたい', '子どもと遊ぶイベントを企画したい'],
    ['子ども食堂ボランティア', '放課後の学習支援', '親子ふれあいイベント'],
    ['子ども食堂で調理や配膳、宿題のサポートをします。', '放課後の児童館で小学生の学習を支援します。', '子育て中の親子が集まるイベントを運営します。']],
  disability: [['障がいのある人が街で困っている場面を見た', '{p}のバリアフリーが足りない', '手話や点字を知らない'],
    ['障がいのある人と一緒にスポーツを楽しみたい', '手話を学びたい', 'バリアフリーマップを作りたい'],
    ['ユニバーサルスポーツ体験', 'バリアフリー点検', '手話カフェ'],
    ['障がいのある人と一緒にボッチャなどのスポーツを楽しみます。', '{p}の段差や通路を点検し、バリアフリーマップにまとめます。']],
  multicultural: [['外国人住民が地域に溶け込めていない', '{p}に住む外国人の子どもが日本語で困っている', 'ごみ出しのルールが外国人に伝わっていない'],
    ['やさしい日本語で外国人と話したい', '外国の文化を知る交流会を開きたい', '英語を使ってボランティアしたい'],
    ['やさしい日本語おしゃべり会', '多文化交流フェスタ', '外国ルーツの子どもの学習支援'],
    ['日本語を勉強している外国人住民とやさしい日本語で会話します。', '外国の料理や文化を紹介し合う交流会を開きます。']],
  environment: [['{p}のごみのポイ捨てが多い', 'プラスチックごみや海洋汚染が心配', '筑後川の水質や生き物が減っている'],
    ['清掃活動に参加したい', 'リサイクルやごみの削減に取り組みたい', '自然観察会を開きたい'],
    ['筑後川クリーン作戦', 'ごみ削減チャレンジ', '里山の自然観察会'],
    ['{p}や河川敷のごみを拾い、分別して記録します。', 'プラスチックごみを減らすアイデアを考えて実践します。']],
  community: [['{p}の商店街に空き店舗が増えている', '若者が地元を離れていく', '自治会の担い手が足りない'],
    ['まちづくりについて考えたい', '地元の魅力を発信したい', '{p}のお祭りを盛り上げたい'],
    ['商店街にぎわいプロジェクト', '地域のお祭り運営', 'まちづくりワークショップ'],
    ['空き店舗を活用したイベントを企画します。', '{p}のお祭りの準備と運営を住民と一緒に行います。']],
  food: [['{p}の食品ロスが多い', '朝ごはんを食べない子どもがいる', '地元の農業の後継者が少ない'],
    ['料理をして人に喜んでもらいたい', '地元の野菜を使ったレシピを考えたい', 'フードバンクを手伝いたい'],
    ['フードドライブ', '地産地消レシピ開発', '農業体験'],
    ['家庭で余った食品を集めて必要な家庭に届けます。', '久留米の野菜を使ったレシピを考えて料理教室を開きます。']],
  health: [['運動不足や生活習慣病が気になる', '{p}の人の健康づくりの場が少ない', '心の健康やストレスが心配'],
    ['ラジオ体操やウォーキングの会を開きたい', '健康に関する知識を広めたい'],
    ['ウォーキングイベント', '健康チェック会', 'こころの相談カフェ'],
    ['{p}を一緒に歩きながら健康づくりに取り組みます。', '血圧や体力の測定を手伝い、健康相談の場を運営します。']],
  education: [['勉強についていけない子どもがいる', '{p}の学びの場が少ない', '不登校の子の居場所が足りない'],
    ['勉強を教えるのが得意', 'プログラミングを子どもに教えたい', '読み聞かせをしたい'],
    ['学習支援教室', 'プログラミング教室', '図書館の読み聞かせ'],
    ['小中学生の宿題や勉強をマンツーマンで支援します。', 'ロボットやプログラミングを子どもたちに教えます。']],
  culture: [['{p}の伝統行事が途絶えそう', '久留米絣や伝統工芸の担い手が少ない'],
    ['絵を描くのが得意', '音楽や演劇で地域を元気にしたい', '伝統工芸を体験したい'],
    ['久留米絣の体験教室', '地域の音楽祭', '壁画アートプロジェクト'],
    ['伝統工芸の職人から技を学び、体験教室を手伝います。', '{p}の音楽祭で演奏や舞台の運営を行います。']],
  sports: [['子どもが外で遊ぶ機会が減っている', '{p}のスポーツクラブの指導者が足りない'],
    ['サッカーや野球を子どもに教えたい', 'スポーツ大会の運営を手伝いたい'],
    ['地域スポーツ大会運営', 'キッズスポーツ教室'],
    ['地域の運動会やスポーツ大会の準備と運営を手伝います。', '小学生にボール遊びやかけっこを教えます。']],
  media: [['地域の情報が若い人に届いていない', '{p}の活動が知られていない', 'ネットの偽情報が心配'],
    ['動画を撮影して編集したい', 'SNSで情報発信したい', '新聞やチラシを作りたい'],
    ['地域の魅力発信動画づくり', 'SNS広報チーム', '地域新聞の取材・編集'],
    ['地域の団体を取材し、動画やSNSで発信します。', '{p}のイベントのチラシや広報記事を作ります。']],
  welfare: [['{p}で困っている人に支援が届いていない', '民生委員の負担が大きい', 'ひきこもりの人が相談できない'],
    ['福祉施設でボランティアをしたい', '困っている人の話を聞きたい'],
    ['福祉施設ボランティア', '地域の見守りネットワーク', '社会福祉協議会の行事サポート'],
    ['福祉施設で利用者の方と交流し、行事を手伝います。', '{p}で支援が必要な人を見守る仕組みを考えます。']],
  work: [['将来どんな仕事をしたいか分からない', '{p}の企業のことを知らない', '働く大人と話す機会がない'],
    ['職場体験をしてみたい', '起業やビジネスに挑戦したい', '地元企業で働く人の話を聞きたい'],
    ['地元企業の職場体験', '高校生ビジネスコンテスト', 'キャリア座談会'],
    ['地元企業の現場で仕事を体験し、社員と意見交換します。', '{p}の課題を解決するビジネスプランを考えます。']],
};
const GENERIC = ['特になし', '友達と一緒に参加したい', '自分にできることから始めたい', '人と話すのが好き'];
export const THEMES = Object.keys(T);
/** themes are not equally popular: rarity then matters (IDF) */
const POP = [9, 4, 8, 7, 3, 3, 6, 8, 5, 4, 6, 4, 5, 5, 4, 4];
const STAGES: Stage[] = ['ELEMENTARY', 'JUNIOR_HIGH', 'HIGH_SCHOOL', 'UNIVERSITY'];
const SLOTS: Slot[] = ['WEEKDAY_DAYTIME', 'WEEKDAY_AFTER_SCHOOL', 'WEEKDAY_EVENING', 'WEEKEND_MORNING', 'WEEKEND_AFTERNOON', 'WEEKEND_EVENING'];

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function synthetic(nStudents: number, nOffers: number, seed = 42): { students: StudentInput[]; offers: OfferInput[] } {
  const r = mulberry32(seed);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(r() * xs.length)];
  const popTotal = POP.reduce((a, b) => a + b, 0);
  const theme = (): string => {
    let x = r() * popTotal;
    for (let i = 0; i < POP.length; i++) if ((x -= POP[i]) < 0) return THEMES[i];
    return THEMES[0];
  };
  const themes = (max: number): string[] => {
    const n = 1 + Math.floor(r() * max);
    const s = new Set<string>();
    while (s.size < n) s.add(theme());
    return [...s];
  };
  const fill = (s: string): string => s.replace('{p}', pick(PLACES));
  const some = <X>(xs: readonly X[], min: number, max: number): X[] => {
    const n = min + Math.floor(r() * (max - min + 1));
    const s = new Set<X>();
    while (s.size < Math.min(n, xs.length)) s.add(pick(xs));
    return [...s];
  };
  const students: StudentInput[] = [];
  for (let i = 0; i < nStudents; i++) {
    const ts = themes(3);
    const x = r();
    const stage = x < 0.1 ? STAGES[0] : x < 0.35 ? STAGES[1] : x < 0.75 ? STAGES[2] : STAGES[3];
    const concerns = [fill(pick(T[ts[0]][0]))];
    if (ts[1] && r() < 0.6) concerns.push(fill(pick(T[ts[1]][0])));
    const interests = [fill(pick(T[pick(ts)][1]))];
    if (r() < 0.3) interests.push(pick(GENERIC));
    const modes: Mode[] = [];
    if (r() < 0.85) modes.push('ONSITE');
    if (r() < 0.5) modes.push('ONLINE');
    if (r() < 0.3 || !modes.length) modes.push('HYBRID');
    students.push({
      id: `s${String(i).padStart(6, '0')}`,
      stage,
      themes: ts,
      concerns: concerns.join('。'),
      interests: interests.join('。'),
      area: r() < 0.85 ? pick(AREAS) : null,
      slots: some(stage === 'ELEMENTARY' ? [SLOTS[1], SLOTS[3], SLOTS[4]] : SLOTS, 1, 3),
      modes,
    });
  }
  const offers: OfferInput[] = [];
  for (let j = 0; j < nOffers; j++) {
    const ts = themes(3);
    const area = r() < 0.9 ? pick(AREAS) : null;
    const first = Math.floor(r() * 4);
    const stages = STAGES.slice(first, Math.min(4, first + 1 + Math.floor(r() * 3)));
    const x = r();
    const excluded = r() < 0.02 ? Array.from({ length: 3 }, () => `s${String(Math.floor(r() * nStudents)).padStart(6, '0')}`) : undefined;
    offers.push({
      id: `o${String(j).padStart(6, '0')}`,
      title: `${area ?? '久留米'}の${pick(T[ts[0]][2])}`,
      description: ts.map((t) => fill(pick(T[t][3]))).join(''),
      themes: ts,
      openPlaces: 3 + Math.floor(r() * 8),
      stages,
      area,
      mode: x < 0.55 ? 'ONSITE' : x < 0.7 ? 'ONLINE' : 'HYBRID',
      slots: r() < 0.1 ? [] : some(SLOTS, 1, 3),
      ...(excluded ? { excludedStudentIds: excluded } : {}),
    });
  }
  return { students, offers };
}

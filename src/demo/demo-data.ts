/**
 * Demo data for a fresh database: a small, believable slice of 久留米市's 支え合うプラン
 * (schools, organisations, residents and events on all four platforms).
 *
 * Pure data, no I/O: `seed.ts` writes it. Every person, school and organisation here is fictional;
 * the venues are public facilities. Relations use the string keys below, not ids.
 * Event times are relative to "now": `dayOffset` days after today in Asia/Tokyo, at `startJst`.
 */

export type DemoPlatform = 'COMMITTEE' | 'FUTURE_CONFERENCE' | 'PREPAREDNESS' | 'TV';
export type DemoMode = 'ONSITE' | 'ONLINE' | 'HYBRID';
export type DemoOrganizationKind = 'COMPANY' | 'NPO' | 'COMMUNITY_GROUP' | 'PUBLIC_FACILITY' | 'OTHER';

export interface DemoSchool {
  name: string;
}

export interface DemoAccount {
  /** key used by participations */
  key: string;
  displayName: string;
  /** lower-case, under example.jp */
  email: string;
  area: string;
}

export interface DemoOrganization {
  key: string;
  name: string;
  kind: DemoOrganizationKind;
  area: string;
  description: string;
  verified: boolean;
  /** the organisation's one member account (ORGANIZATION_MEMBER, the shared demo password) */
  member: DemoAccount;
}

export interface DemoResident extends DemoAccount {
  /** who they are, for people reading the data (not stored) */
  profile: string;
}

export interface DemoEvent {
  key: string;
  platform: DemoPlatform;
  title: string;
  description: string;
  /** days after today (Asia/Tokyo); negative for past events */
  dayOffset: number;
  /** 'HH:MM', Japan time */
  startJst: string;
  durationMinutes: number;
  mode: DemoMode;
  location: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  /** key into DEMO_ORGANIZATIONS; its member is recorded as the creator */
  host: string | null;
}

export interface DemoParticipation {
  event: string;
  /**
   * account keys (organisation members or residents) in the order they signed up:
   * while the event has room they join, after that they wait (a full event gets a waiting list).
   */
  people: string[];
}

export const DEMO_SCHOOLS: DemoSchool[] = [
  { name: '久留米市立みらい坂中学校' },
  { name: '福岡県立筑後川みなみ高等学校' },
  { name: 'くるめ未来学園大学' },
];

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'musubi',
    name: '株式会社くるめ結びテック',
    kind: 'COMPANY',
    area: '中央',
    description:
      '久留米市中央地区で地域向けの予約・連絡システムをつくっている小さなIT企業です。社員の半数が子育て中で、働きながら地域とかかわる方法を模索しています。未来会議では高校生と一緒に、まちの困りごとをデジタルで解決するアイデアを考えます。',
    verified: true,
    member: { key: 'staff.musubi', displayName: '結城 拓海', email: 'staff.musubi@example.jp', area: '中央' },
  },
  {
    key: 'kodomo',
    name: 'NPO法人ちっご子ども食堂ネット',
    kind: 'NPO',
    area: '荒木',
    description:
      '筑後地域の子ども食堂12か所をつなぐネットワークです。食材の共同調達やボランティアの紹介、運営者どうしの情報交換を行っています。学生ボランティアも随時募集しています。',
    verified: true,
    member: { key: 'staff.kodomo', displayName: '古賀 さやか', email: 'staff.kodomo@example.jp', area: '荒木' },
  },
  {
    key: 'tanushimaru',
    name: '田主丸まちづくり協議会',
    kind: 'COMMUNITY_GROUP',
    area: '田主丸',
    description:
      '田主丸地区の自治会・老人クラブ・PTAなどでつくる協議会です。筑後川の水害を経験した地区として、避難訓練や見守り活動に力を入れています。毎月第2土曜日に定例会を開いています。',
    verified: true,
    member: { key: 'staff.tanushimaru', displayName: '江藤 誠一', email: 'staff.tanushimaru@example.jp', area: '田主丸' },
  },
  {
    key: 'kominkan',
    name: '久留米市 中央公民館',
    kind: 'PUBLIC_FACILITY',
    area: '中央',
    description:
      '市民の学びと交流の拠点となる公民館です。新地福委員会の事務局として、会場の提供や記録、参加の呼びかけを担っています。車いすでの来館や手話通訳のご相談も受け付けています。',
    verified: true,
    member: { key: 'staff.kominkan', displayName: '井上 真理子', email: 'staff.kominkan@example.jp', area: '中央' },
  },
  {
    key: 'tabunka',
    name: 'NPO法人くるめ多文化ひろば',
    kind: 'NPO',
    area: '御井',
    description:
      '久留米で暮らす外国人住民のための日本語教室と生活相談を行っています。「やさしい日本語」の普及にも取り組み、防災情報を多言語で届ける活動を続けています。',
    verified: true,
    member: { key: 'staff.tabunka', displayName: '原田 恵美', email: 'staff.tabunka@example.jp', area: '御井' },
  },
  {
    key: 'koranosalon',
    name: '高良内ほっとサロンの会',
    kind: 'COMMUNITY_GROUP',
    area: '高良内',
    description:
      '高良内地区の集会所で、高齢の方が気軽に集まれるお茶会を月2回開いている住民グループです。最近は小学生との昔遊び交流も始めました。',
    verified: false,
    member: { key: 'staff.koranosalon', displayName: '森山 千代子', email: 'staff.koranosalon@example.jp', area: '高良内' },
  },
];

export const DEMO_RESIDENTS: DemoResident[] = [
  {
    key: 'matsuo',
    displayName: '松尾 正義',
    email: 'masayoshi.matsuo@example.jp',
    area: '善導寺',
    profile: '元民生委員・児童委員。退職後も地区の見守り活動を続けている70代。',
  },
  {
    key: 'sakamoto',
    displayName: '坂本 ゆかり',
    email: 'yukari.sakamoto@example.jp',
    area: '北野',
    profile: '3歳と小学2年生の子どもを育てる子育て中の会社員。子ども食堂の手伝いに関心がある。',
  },
  {
    key: 'lan',
    displayName: 'グエン・ティ・ラン',
    email: 'lan.nguyen@example.jp',
    area: '御井',
    profile: 'ベトナム出身、市内の介護施設で働きながら日本語を勉強している外国人住民。',
  },
  {
    key: 'otsuka',
    displayName: '大塚 陽向',
    email: 'hinata.otsuka@example.jp',
    area: '御井',
    profile: '大学3年生。地域福祉を学び、子ども食堂や防災ワークショップで学生ボランティアをしている。',
  },
];

export const DEMO_EVENTS: DemoEvent[] = [
  // ── つどう・新地福委員会 (COMMITTEE) ──
  {
    key: 'committee-11',
    platform: 'COMMITTEE',
    title: '第11回 新地福委員会「地域の居場所を、どう増やす？」',
    description:
      '高校生から80代まで、さまざまな世代の委員が集まり、気軽に立ち寄れる「居場所」づくりについて話し合いました。各校区の取り組み紹介と、グループ対話を行いました。',
    dayOffset: -14,
    startJst: '18:30',
    durationMinutes: 120,
    mode: 'ONSITE',
    location: '久留米市 中央公民館 大会議室',
    onlineUrl: null,
    capacity: null,
    host: 'kominkan',
  },
  {
    key: 'committee-12',
    platform: 'COMMITTEE',
    title: '第12回 新地福委員会『世代をこえて考える、これからの見守り』',
    description:
      'ひとり暮らしの高齢者が増えるなか、ご近所の見守りをどう続けていくか。民生委員、大学生、子育て世代がそれぞれの立場から意見を出し合います。会場参加のほか、オンラインでも参加できます。',
    dayOffset: 6,
    startJst: '14:00',
    durationMinutes: 150,
    mode: 'HYBRID',
    location: 'えーるピア久留米 視聴覚室',
    onlineUrl: 'https://meet.chifuku.example/committee/12',
    capacity: 40,
    host: 'kominkan',
  },
  {
    key: 'committee-mini',
    platform: 'COMMITTEE',
    title: '少人数対話『元民生委員さんと語る、ご近所の困りごと』',
    description:
      '定員3名の少人数でじっくり話す対話の場です。長年民生委員を務めた方を囲み、ゴミ出しや買い物など、身近な困りごとへの向き合い方を聞きます。満席の場合はキャンセル待ちで受け付けます。',
    dayOffset: 13,
    startJst: '10:00',
    durationMinutes: 90,
    mode: 'ONSITE',
    location: '善導寺校区コミュニティセンター 和室',
    onlineUrl: null,
    capacity: 3,
    host: 'kominkan',
  },
  {
    key: 'committee-13',
    platform: 'COMMITTEE',
    title: '第13回 新地福委員会「支え合うプラン 中間ふりかえり」',
    description:
      '今年度の4つのプラットフォームの活動をふりかえり、来年度に向けた提案をまとめます。未来会議に参加した高校生からの報告もあります。',
    dayOffset: 48,
    startJst: '18:30',
    durationMinutes: 120,
    mode: 'HYBRID',
    location: '久留米シティプラザ 大会議室',
    onlineUrl: 'https://meet.chifuku.example/committee/13',
    capacity: 60,
    host: 'kominkan',
  },

  // ── はぐくむ・プラットフォーム未来会議 (FUTURE_CONFERENCE) ──
  {
    key: 'future-kickoff',
    platform: 'FUTURE_CONFERENCE',
    title: 'プラットフォーム未来会議 キックオフ「わたしたちが描く2030年の久留米」',
    description:
      '中学生・高校生・大学生と地域の企業やNPOが一堂に会し、2030年の久留米をテーマにアイデアを出し合いました。今年度の共創プロジェクトのチームもここで生まれました。',
    dayOffset: -21,
    startJst: '13:00',
    durationMinutes: 180,
    mode: 'HYBRID',
    location: '久留米シティプラザ 中会議室',
    onlineUrl: 'https://meet.chifuku.example/future/kickoff',
    capacity: null,
    host: 'musubi',
  },
  {
    key: 'future-workshop',
    platform: 'FUTURE_CONFERENCE',
    title: '高校生×企業 まちの困りごと共創ワークショップ',
    description:
      '「バス停までが遠い」「回覧板が届くのが遅い」など、まちの困りごとを高校生と企業の社員がチームになって掘り下げ、解決のアイデアを形にします。パソコンは会場で貸し出します。',
    dayOffset: 9,
    startJst: '13:30',
    durationMinutes: 180,
    mode: 'ONSITE',
    location: '久留米シティプラザ 会議室',
    onlineUrl: null,
    capacity: 30,
    host: 'musubi',
  },
  {
    key: 'future-kodomo',
    platform: 'FUTURE_CONFERENCE',
    title: '大学生と考える 子ども食堂のこれから',
    description:
      '子ども食堂の運営者と大学生がオンラインで意見交換します。ボランティアの集め方、SNSでの発信、食材の確保など、若い世代だからこそ出せるアイデアを募ります。',
    dayOffset: 27,
    startJst: '16:30',
    durationMinutes: 120,
    mode: 'ONLINE',
    location: null,
    onlineUrl: 'https://meet.chifuku.example/future/kodomo',
    capacity: null,
    host: 'kodomo',
  },
  {
    key: 'future-presentation',
    platform: 'FUTURE_CONFERENCE',
    title: '中学生 地域体験ふりかえり発表会',
    description:
      '夏休みに地域の企業や施設で体験活動をした中学生が、学んだことや気づいたことを発表します。受け入れ先の皆さんからのコメントもあります。',
    dayOffset: 41,
    startJst: '14:00',
    durationMinutes: 120,
    mode: 'ONSITE',
    location: '久留米市 中央公民館 ホール',
    onlineUrl: null,
    capacity: 80,
    host: 'kominkan',
  },

  // ── そなえる・みんなのもしも (PREPAREDNESS) ──
  {
    key: 'prep-night-walk',
    platform: 'PREPAREDNESS',
    title: '三潴地区 夜の避難路ウォーク',
    description:
      '夜間に大雨の避難が必要になったら？ 実際に懐中電灯を持って避難所までの道を歩き、暗くて危ない場所や段差を地図に書き込みました。',
    dayOffset: -7,
    startJst: '19:00',
    durationMinutes: 90,
    mode: 'ONSITE',
    location: '三潴総合支所 前広場 集合',
    onlineUrl: null,
    capacity: null,
    host: null,
  },
  {
    key: 'prep-chikugogawa',
    platform: 'PREPAREDNESS',
    title: 'もしも大雨で筑後川があふれたら？ 田主丸地区 避難ワークショップ',
    description:
      'ハザードマップを見ながら、自宅から避難所までの経路と、声をかけ合うご近所さんを確認します。足の不自由な方や小さな子どもがいる家庭の避難についても一緒に考えます。',
    dayOffset: 12,
    startJst: '10:00',
    durationMinutes: 150,
    mode: 'ONSITE',
    location: '田主丸複合文化施設 多目的室',
    onlineUrl: null,
    capacity: 50,
    host: 'tanushimaru',
  },
  {
    key: 'prep-infection',
    platform: 'PREPAREDNESS',
    title: '感染症流行時の“もしも”対話会',
    description:
      'もしも新しい感染症が流行して外出が難しくなったら、見守りや買い物支援はどう続けられるでしょうか。経験をもとに、オンラインで気軽に話し合います。',
    dayOffset: 17,
    startJst: '19:00',
    durationMinutes: 90,
    mode: 'ONLINE',
    location: null,
    onlineUrl: 'https://meet.chifuku.example/moshimo/infection',
    capacity: null,
    host: null,
  },
  {
    key: 'prep-yasashii',
    platform: 'PREPAREDNESS',
    title: 'やさしい日本語で防災 〜外国人住民といっしょに避難所体験〜',
    description:
      '外国人住民と日本人住民がいっしょに避難所の受付や段ボールベッドづくりを体験します。「やさしい日本語」での声かけも練習します。通訳ボランティアがいます。',
    dayOffset: 34,
    startJst: '13:00',
    durationMinutes: 180,
    mode: 'ONSITE',
    location: '城島総合文化センター 体育室',
    onlineUrl: null,
    capacity: 40,
    host: 'tabunka',
  },

  // ── つたえる・地福TV (TV) ──
  {
    key: 'tv-7',
    platform: 'TV',
    title: '地福TV 第7回『災害ボランティアセンターの舞台裏』',
    description:
      '大雨のあと、ボランティアはどのように集まり、どこへ向かうのか。センターの運営に携わった方に話を聞きました。アーカイブ配信中です。',
    dayOffset: -10,
    startJst: '20:00',
    durationMinutes: 60,
    mode: 'ONLINE',
    location: null,
    onlineUrl: 'https://tv.chifuku.example/live/7',
    capacity: null,
    host: null,
  },
  {
    key: 'tv-8',
    platform: 'TV',
    title: '地福TV 第8回『子ども食堂のいま』',
    description:
      '物価高のなか、子ども食堂はどう運営されているのか。運営者とボランティアの大学生をゲストに迎え、現場の声をお届けします。チャットで質問もできます。',
    dayOffset: 3,
    startJst: '20:00',
    durationMinutes: 60,
    mode: 'ONLINE',
    location: null,
    onlineUrl: 'https://tv.chifuku.example/live/8',
    capacity: null,
    host: 'kodomo',
  },
  {
    key: 'tv-9',
    platform: 'TV',
    title: '地福TV 第9回『田主丸の見守り隊、出動！』 公開収録',
    description:
      '登下校の見守りから高齢者宅への声かけまで、田主丸地区の見守り隊の一日を紹介します。公開収録のため会場での観覧もできます。',
    dayOffset: 24,
    startJst: '19:30',
    durationMinutes: 60,
    mode: 'HYBRID',
    location: '久留米市 中央公民館 ホール',
    onlineUrl: 'https://tv.chifuku.example/live/9',
    capacity: 20,
    host: 'tanushimaru',
  },
  {
    key: 'tv-10',
    platform: 'TV',
    title: '地福TV 第10回『やさしい日本語でつながるまち』',
    description:
      '日本語を学ぶ外国人住民と、日本語教室のボランティアが出演します。「やさしい日本語」で伝えるコツを、クイズを交えて紹介します。',
    dayOffset: 38,
    startJst: '20:00',
    durationMinutes: 60,
    mode: 'ONLINE',
    location: null,
    onlineUrl: 'https://tv.chifuku.example/live/10',
    capacity: null,
    host: 'tabunka',
  },
];

export const DEMO_PARTICIPATIONS: DemoParticipation[] = [
  { event: 'committee-11', people: ['matsuo', 'staff.kominkan', 'sakamoto'] },
  { event: 'committee-12', people: ['matsuo', 'sakamoto', 'otsuka', 'staff.kominkan', 'staff.tanushimaru'] },
  // capacity 3: the first three join, the last two wait
  { event: 'committee-mini', people: ['sakamoto', 'otsuka', 'staff.koranosalon', 'lan', 'staff.kodomo'] },
  { event: 'future-kickoff', people: ['otsuka', 'staff.musubi', 'staff.kodomo'] },
  { event: 'future-workshop', people: ['staff.musubi', 'otsuka', 'staff.kodomo'] },
  { event: 'future-kodomo', people: ['otsuka', 'sakamoto'] },
  { event: 'prep-night-walk', people: ['matsuo'] },
  { event: 'prep-chikugogawa', people: ['staff.tanushimaru', 'matsuo', 'sakamoto'] },
  { event: 'prep-infection', people: ['sakamoto', 'lan', 'staff.koranosalon'] },
  { event: 'prep-yasashii', people: ['staff.tabunka', 'lan', 'otsuka'] },
  { event: 'tv-7', people: ['matsuo'] },
  { event: 'tv-8', people: ['staff.kodomo', 'sakamoto', 'otsuka', 'matsuo'] },
  { event: 'tv-9', people: ['staff.tanushimaru', 'matsuo'] },
  { event: 'tv-10', people: ['lan', 'staff.tabunka'] },
];

// ─────────────────────────────────────────────────────────────────────────────
// Collaboration offers (はぐくむ・プラットフォーム未来会議)
//
// The `offer` table arrives with the matching feature (students and offers); it does not exist yet.
// seedDemoData writes these only when an `offer` table exists, so today they are data only and
// nothing is written. Keep the keys in step with the theme vocabulary of the foundation migration.
// ─────────────────────────────────────────────────────────────────────────────

export type DemoThemeKey =
  | 'disaster'
  | 'infection'
  | 'elderly'
  | 'childcare'
  | 'disability'
  | 'multicultural'
  | 'environment'
  | 'community'
  | 'food'
  | 'health'
  | 'education'
  | 'culture'
  | 'sports'
  | 'media'
  | 'welfare'
  | 'work';
export type DemoSchoolStage = 'ELEMENTARY' | 'JUNIOR_HIGH' | 'HIGH_SCHOOL' | 'UNIVERSITY';
export type DemoTimeSlot = 'WEEKDAY_DAYTIME' | 'WEEKDAY_AFTER_SCHOOL' | 'WEEKDAY_EVENING' | 'WEEKEND_MORNING' | 'WEEKEND_AFTERNOON' | 'WEEKEND_EVENING';

export interface DemoOffer {
  key: string;
  /** key into DEMO_ORGANIZATIONS: the organisation making the offer */
  organization: string;
  title: string;
  description: string;
  themes: DemoThemeKey[];
  /** students taken */
  capacity: number;
  stages: DemoSchoolStage[];
  mode: DemoMode;
  slots: DemoTimeSlot[];
}

export const DEMO_OFFERS: DemoOffer[] = [
  {
    key: 'offer-musubi-app',
    organization: 'musubi',
    title: '地域の回覧板をスマホで届けるしくみを一緒につくろう',
    description:
      '紙の回覧板が届くまでに時間がかかる、という自治会の声から生まれたプロジェクトです。高齢の方にも使いやすい画面を、社員と一緒に考えて試作します。プログラミング経験は問いません。',
    themes: ['community', 'media', 'elderly'],
    capacity: 6,
    stages: ['HIGH_SCHOOL', 'UNIVERSITY'],
    mode: 'HYBRID',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
  },
  {
    key: 'offer-kodomo-kitchen',
    organization: 'kodomo',
    title: '子ども食堂の調理・配膳ボランティア',
    description:
      '荒木地区の子ども食堂で、夕食の調理と配膳、食後の宿題サポートを手伝ってください。子どもたちと一緒にごはんを食べるだけでも大歓迎です。',
    themes: ['food', 'childcare', 'welfare'],
    capacity: 4,
    stages: ['HIGH_SCHOOL', 'UNIVERSITY'],
    mode: 'ONSITE',
    slots: ['WEEKDAY_EVENING'],
  },
  {
    key: 'offer-tanushimaru-map',
    organization: 'tanushimaru',
    title: '中学生と歩く 田主丸わがまち防災マップづくり',
    description:
      '筑後川沿いの通学路を歩き、危ない場所や避難に役立つ場所を写真で記録して防災マップにまとめます。完成したマップは地区の公民館に掲示します。',
    themes: ['disaster', 'community', 'education'],
    capacity: 10,
    stages: ['JUNIOR_HIGH', 'HIGH_SCHOOL'],
    mode: 'ONSITE',
    slots: ['WEEKEND_MORNING'],
  },
  {
    key: 'offer-kominkan-tv',
    organization: 'kominkan',
    title: '地福TV 学生ディレクター募集',
    description:
      '地福TVの番組づくりに、企画・取材・撮影・編集のいずれかで参加しませんか。公民館のスタッフがサポートします。取材先は市内の福祉施設や地域の活動団体です。',
    themes: ['media', 'welfare', 'culture'],
    capacity: 3,
    stages: ['HIGH_SCHOOL', 'UNIVERSITY'],
    mode: 'HYBRID',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
  },
  {
    key: 'offer-tabunka-nihongo',
    organization: 'tabunka',
    title: 'やさしい日本語 おしゃべりパートナー',
    description:
      '日本語を勉強している外国人住民と、オンラインで30分ほどおしゃべりをします。話題は趣味や久留米のおすすめの場所など自由です。外国語が話せなくても大丈夫です。',
    themes: ['multicultural', 'education', 'community'],
    capacity: 8,
    stages: ['HIGH_SCHOOL', 'UNIVERSITY'],
    mode: 'ONLINE',
    slots: ['WEEKDAY_EVENING', 'WEEKEND_EVENING'],
  },
  {
    key: 'offer-koranosalon-asobi',
    organization: 'koranosalon',
    title: 'おじいちゃん・おばあちゃんと昔遊び交流会',
    description:
      '高良内の集会所で、お手玉やけん玉、こま回しを地域のお年寄りに教わります。最後はみんなでお茶とお菓子を楽しみます。小学生の参加も歓迎です。',
    themes: ['elderly', 'culture', 'sports'],
    capacity: 12,
    stages: ['ELEMENTARY', 'JUNIOR_HIGH'],
    mode: 'ONSITE',
    slots: ['WEEKEND_AFTERNOON'],
  },
];

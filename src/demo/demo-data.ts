/**
 * Demo data for a fresh database: a small, believable slice of 久留米市's 支え合うプラン
 * (schools with their students, organisations with their offers, residents and events on all
 * four platforms).
 *
 * Pure data, no I/O: `seed.ts` writes it. Every person, school and organisation here is fictional;
 * the venues are public facilities. Relations use the string keys below, not ids.
 * Event times are relative to "now": `dayOffset` days after today in Asia/Tokyo, at `startJst`.
 * What the sibling platforms hold beyond their events (perspectives, the 地福TV programme, もしも
 * scenarios, pledges and needs) is in committee-demo.ts, tv-demo.ts and preparedness-demo.ts.
 */

import { COMMITTEE_RESIDENTS } from './committee-demo.js';

export type DemoPlatform = 'COMMITTEE' | 'FUTURE_CONFERENCE' | 'PREPAREDNESS' | 'TV';
export type DemoMode = 'ONSITE' | 'ONLINE' | 'HYBRID';
export type DemoOrganizationKind = 'COMPANY' | 'NPO' | 'COMMUNITY_GROUP' | 'PUBLIC_FACILITY' | 'OTHER';

export interface DemoSchool {
  /** key used by students */
  key: string;
  name: string;
  /** the stage of every student the school enrols */
  stage: DemoSchoolStage;
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
  { key: 'miraizaka', name: '久留米市立みらい坂中学校', stage: 'JUNIOR_HIGH' },
  { key: 'chikugo-minami', name: '福岡県立筑後川みなみ高等学校', stage: 'HIGH_SCHOOL' },
  { key: 'mirai-gakuen', name: 'くるめ未来学園大学', stage: 'UNIVERSITY' },
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
  // members of 新地福委員会 who take part in the committee's dialogue (and in みんなのもしも)
  ...COMMITTEE_RESIDENTS,
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
// はぐくむ・プラットフォーム未来会議: collaboration offers and students
//
// Written so that a coordinator's first matching run after `npm start` has something to propose:
// students whose worries and themes fit the open offers, in the offers' stages, with modes and
// time slots that fit (the contract's hard rules). A few are deliberately left out of matching:
// students without guardian consent, one who has not chosen a theme yet, and the offer of the
// organisation that is not verified yet (koranosalon), whose best fits get no proposal.
// Theme keys follow the vocabulary of the foundation migration.
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
  /** key into DEMO_ORGANIZATIONS: the organisation making the offer; its member is recorded as the creator */
  organization: string;
  title: string;
  description: string;
  themes: DemoThemeKey[];
  /** students taken */
  capacity: number;
  stages: DemoSchoolStage[];
  area: string;
  mode: DemoMode;
  /** empty: any time suits */
  slots: DemoTimeSlot[];
  /** OPEN offers are published when created; a DRAFT is not visible to matching */
  status: 'OPEN' | 'DRAFT';
  /** created (and, when OPEN, published) this many days before now */
  daysAgo: number;
}

export interface DemoStudent {
  /** the school portal's identifier, unique per school */
  externalRef: string;
  /** key into DEMO_SCHOOLS; the school decides the stage */
  school: string;
  displayName: string;
  /** false for every university student: they decide for themselves and need none */
  guardianConsent: boolean;
  themes: DemoThemeKey[];
  /** 悩み・問題意識 */
  concerns: string;
  /** やってみたいこと・得意なこと */
  interests: string;
  area: string;
  slots: DemoTimeSlot[];
  modes: DemoMode[];
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
    area: '中央',
    mode: 'HYBRID',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
    status: 'OPEN',
    daysAgo: 12,
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
    area: '荒木',
    mode: 'ONSITE',
    slots: ['WEEKDAY_EVENING'],
    status: 'OPEN',
    daysAgo: 10,
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
    area: '田主丸',
    mode: 'ONSITE',
    slots: ['WEEKEND_MORNING'],
    status: 'OPEN',
    daysAgo: 8,
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
    area: '中央',
    mode: 'HYBRID',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
    status: 'OPEN',
    daysAgo: 6,
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
    area: '御井',
    mode: 'ONLINE',
    slots: ['WEEKDAY_EVENING', 'WEEKEND_EVENING'],
    status: 'OPEN',
    daysAgo: 5,
  },
  {
    key: 'offer-tabunka-bousai-card',
    organization: 'tabunka',
    title: '外国から来た友だちに届ける やさしい日本語の防災カードづくり',
    description:
      '地震や大雨のとき、日本語が苦手な家族にも避難の情報が伝わるように、やさしい日本語とイラストで防災カードをつくります。学校の連絡やお知らせの言い換えにも挑戦します。集まれる日は相談して決め、オンラインでも参加できます。',
    themes: ['multicultural', 'disaster', 'education'],
    capacity: 5,
    stages: ['JUNIOR_HIGH', 'HIGH_SCHOOL'],
    area: '御井',
    mode: 'HYBRID',
    slots: [],
    status: 'OPEN',
    daysAgo: 3,
  },
  {
    // the one organisation not verified yet: OPEN, but no matching run proposes into it
    key: 'offer-koranosalon-asobi',
    organization: 'koranosalon',
    title: 'おじいちゃん・おばあちゃんと昔遊び交流会',
    description:
      '高良内の集会所で、お手玉やけん玉、こま回しを地域のお年寄りに教わります。最後はみんなでお茶とお菓子を楽しみます。小学生の参加も歓迎です。',
    themes: ['elderly', 'culture', 'sports'],
    capacity: 12,
    stages: ['ELEMENTARY', 'JUNIOR_HIGH'],
    area: '高良内',
    mode: 'ONSITE',
    slots: ['WEEKEND_AFTERNOON'],
    status: 'OPEN',
    daysAgo: 4,
  },
  {
    key: 'offer-kominkan-barrierfree',
    organization: 'kominkan',
    title: '車いすで歩いてみよう 中央地区バリアフリー点検',
    description:
      '車いすの利用者と一緒に中央地区の商店街や駅前を歩き、段差や通りにくい場所を地図に記録します。点検の結果は市への提案にまとめます。（準備中：日程と集合場所を調整しています）',
    themes: ['disability', 'community', 'welfare'],
    capacity: 8,
    stages: ['JUNIOR_HIGH', 'HIGH_SCHOOL', 'UNIVERSITY'],
    area: '中央',
    mode: 'ONSITE',
    slots: ['WEEKEND_AFTERNOON'],
    status: 'DRAFT',
    daysAgo: 1,
  },
];

export const DEMO_STUDENTS: DemoStudent[] = [
  // ── 久留米市立みらい坂中学校 (JUNIOR_HIGH) ──
  {
    externalRef: 'mirai-2026-001',
    school: 'miraizaka',
    displayName: '古賀 ひなた',
    guardianConsent: true,
    themes: ['disaster', 'elderly'],
    concerns: '祖母が一人暮らしで、災害のときにどう避難するのか心配です。家が筑後川の近くなので、大雨で川があふれたらと思うとこわいです。',
    interests: '通学路を歩いて、危ない場所や避難所を地図にまとめてみたいです。写真をとるのが好きです。',
    area: '田主丸',
    slots: ['WEEKEND_MORNING', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-002',
    school: 'miraizaka',
    displayName: '江口 蒼真',
    guardianConsent: true,
    themes: ['disaster', 'community', 'sports'],
    concerns: '去年の大雨で通学路が冠水して、学校に行けない日がありました。どの道が危ないのか、みんなあまり知らないと思います。',
    interests: 'サッカー部で体力には自信があります。防災マップづくりや地区の避難訓練を手伝いたいです。',
    area: '田主丸',
    slots: ['WEEKEND_MORNING'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-003',
    school: 'miraizaka',
    displayName: '中島 結衣',
    guardianConsent: true,
    themes: ['multicultural', 'education'],
    concerns: '外国から来た友だちが学校の連絡を読めなくて困っています。持ち物や行事のお知らせがうまく伝わっていないことがあります。',
    interests: 'やさしい日本語でお知らせを書き直したり、イラストでわかりやすく伝えたりしてみたいです。絵をかくのが得意です。',
    area: '善導寺',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE', 'ONLINE'],
  },
  {
    externalRef: 'mirai-2026-004',
    school: 'miraizaka',
    displayName: '堤 陽翔',
    guardianConsent: true,
    themes: ['elderly', 'culture', 'sports'],
    concerns: '近所のおじいちゃんが最近あまり外に出なくなって、元気がないのが気になっています。',
    interests: 'けん玉とこま回しが得意です。お年寄りと一緒に昔遊びができる場をつくってみたいです。',
    area: '高良内',
    slots: ['WEEKEND_AFTERNOON'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-005',
    school: 'miraizaka',
    displayName: '野田 美咲',
    guardianConsent: true,
    themes: ['environment', 'community'],
    concerns: '近くの川にゴミが流れてきていて、魚や鳥が心配です。地域で掃除をしても、すぐにまたゴミが増えてしまいます。',
    interests: '川のまわりを歩いてゴミの多い場所を調べ、写真や地図にまとめて呼びかけてみたいです。',
    area: '三潴',
    slots: ['WEEKEND_MORNING'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-006',
    school: 'miraizaka',
    displayName: '酒井 凛',
    guardianConsent: true,
    themes: ['multicultural', 'disaster'],
    concerns: '地震や大雨のとき、日本語がわからない外国人の家族はどうやって避難の情報を知るのだろうと思います。',
    interests: '英語が好きで、英検準2級を持っています。防災の言葉を英語やイラストで伝えるカードを作りたいです。',
    area: '御井',
    slots: ['WEEKDAY_AFTER_SCHOOL'],
    modes: ['ONLINE', 'ONSITE'],
  },
  {
    externalRef: 'mirai-2026-007',
    school: 'miraizaka',
    displayName: '樋口 大翔',
    guardianConsent: false, // the form has not come back from home yet: not matchable
    themes: ['childcare', 'education'],
    concerns: '放課後に居場所がない小学生を見かけます。暗くなるまで一人で公園にいる子もいます。',
    interests: '勉強を教えるのが好きです。小学生の宿題を見てあげたり、一緒に遊んだりしたいです。',
    area: '城島',
    slots: ['WEEKDAY_AFTER_SCHOOL'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-008',
    school: 'miraizaka',
    displayName: '牛島 葵',
    guardianConsent: true,
    themes: ['health', 'disaster'],
    concerns: '部活中に熱中症で倒れた友だちがいました。夏の暑さが年々きびしくなっていて、外で活動するのが心配です。',
    interests: '陸上部です。熱中症の予防や応急手当を学んで、地域の避難訓練でも役立てたいです。',
    area: '荒木',
    slots: ['WEEKEND_MORNING', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-009',
    school: 'miraizaka',
    displayName: '本村 悠真',
    guardianConsent: false, // not matchable until a guardian agrees
    themes: ['disaster', 'media'],
    concerns: '避難所の場所を知らない同級生が多いです。ハザードマップを見たことがない人もいます。',
    interests: '動画編集が得意なので、防災の呼びかけ動画を作ってみたいです。',
    area: '安武',
    slots: ['WEEKEND_MORNING'],
    modes: ['ONSITE', 'ONLINE'],
  },
  {
    externalRef: 'mirai-2026-010',
    school: 'miraizaka',
    displayName: '石井 さくら',
    guardianConsent: true,
    themes: ['disaster', 'childcare'],
    concerns: '弟がまだ小さいので、災害のときに家族でちゃんと避難できるか不安です。',
    interests: '小さい子と遊ぶのが得意です。避難訓練で、子どもにもわかる声かけや避難の方法を考えたいです。',
    area: '大善寺',
    slots: ['WEEKEND_MORNING'],
    modes: ['ONSITE'],
  },

  // ── 福岡県立筑後川みなみ高等学校 (HIGH_SCHOOL) ──
  {
    externalRef: 'mirai-2026-011',
    school: 'chikugo-minami',
    displayName: '平田 颯太',
    guardianConsent: true,
    themes: ['community', 'media', 'elderly'],
    concerns: '回覧板が届くのが遅くて、地域の行事を知ったときにはもう終わっていることがあります。',
    interests: 'パソコン部でスマホアプリを作っています。高齢の方にも使いやすい画面を考えてみたいです。',
    area: '中央',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE', 'ONLINE'],
  },
  {
    externalRef: 'mirai-2026-012',
    school: 'chikugo-minami',
    displayName: '吉田 芽依',
    guardianConsent: true,
    themes: ['food', 'childcare'],
    concerns: '一人で夕ごはんを食べている小学生が近所にいると聞いて、気になっています。',
    interests: '料理が得意で、家でもよく弟たちの夕食を作っています。子ども食堂で調理や配膳を手伝いたいです。',
    area: '荒木',
    slots: ['WEEKDAY_EVENING', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-013',
    school: 'chikugo-minami',
    displayName: 'サントス 玲奈',
    guardianConsent: true,
    themes: ['multicultural', 'education'],
    concerns: '母がフィリピン出身で、学校や市役所からのお知らせを訳すのをいつも手伝っています。日本語がわからなくて困っている家族は、ほかにもいると思います。',
    interests: '英語とタガログ語が話せます。日本語を勉強している人のおしゃべりの相手になりたいです。',
    area: '御井',
    slots: ['WEEKDAY_EVENING', 'WEEKEND_EVENING'],
    modes: ['ONLINE', 'ONSITE'],
  },
  {
    externalRef: 'mirai-2026-014',
    school: 'chikugo-minami',
    displayName: '大石 湊',
    guardianConsent: true,
    themes: ['media', 'culture'],
    concerns: '地域でいい活動をしている人がたくさんいるのに、若い人にはほとんど知られていません。',
    interests: '放送部でラジオ番組やドキュメンタリーを作っています。番組の取材や撮影、編集をやってみたいです。',
    area: '中央',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-015',
    school: 'chikugo-minami',
    displayName: '森 あかり',
    guardianConsent: true,
    themes: ['disaster', 'welfare'],
    concerns: '足の不自由な祖父と暮らしていて、大雨で避難指示が出たときに家族だけで避難できるか心配です。',
    interests: '地区の避難訓練に参加して、支援が必要な人の避難の手伝い方を学びたいです。',
    area: '田主丸',
    slots: ['WEEKEND_MORNING'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-016',
    school: 'chikugo-minami',
    displayName: '原 悠人',
    guardianConsent: true,
    themes: ['food', 'welfare', 'environment'],
    concerns: 'スーパーでまだ食べられる食品が捨てられていると聞いて驚きました。一方で、食事に困っている家庭もあります。',
    interests: 'フードドライブで食品を集めて、子ども食堂に届けるしくみを考えたいです。配膳の手伝いもできます。',
    area: '北野',
    slots: ['WEEKDAY_EVENING'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-017',
    school: 'chikugo-minami',
    displayName: '井手 七海',
    guardianConsent: false, // consent withdrawn by a guardian for now: not matchable
    themes: ['health', 'infection'],
    concerns: '感染症が流行したとき、祖母の施設に面会に行けなくて、祖母がさびしそうでした。',
    interests: '看護師を目指しています。オンラインでお年寄りと話す活動をしてみたいです。',
    area: '三潴',
    slots: ['WEEKDAY_EVENING'],
    modes: ['ONLINE'],
  },
  {
    externalRef: 'mirai-2026-018',
    school: 'chikugo-minami',
    displayName: '坂井 蓮',
    guardianConsent: true,
    themes: [], // has not chosen a theme yet: not matchable
    concerns: 'まだ何をしたいか決まっていませんが、住んでいる地域のことをもっと知りたいです。',
    interests: '',
    area: '城島',
    slots: ['WEEKEND_AFTERNOON'],
    modes: ['ONSITE', 'ONLINE'],
  },
  {
    externalRef: 'mirai-2026-019',
    school: 'chikugo-minami',
    displayName: '宮原 萌',
    guardianConsent: true,
    themes: ['elderly', 'community', 'media'],
    concerns: '祖母がスマホの使い方がわからず、家族と連絡を取るのに苦労しています。地域の回覧板も読み逃しているようです。',
    interests: 'スマホ教室でお年寄りに使い方を教えてみたいです。人に説明するのが得意です。',
    area: '高良内',
    slots: ['WEEKEND_AFTERNOON'],
    modes: ['ONSITE', 'ONLINE'],
  },
  {
    externalRef: 'mirai-2026-020',
    school: 'chikugo-minami',
    displayName: '内田 健太',
    guardianConsent: true,
    themes: ['sports', 'health', 'childcare'],
    concerns: '少子化で地域の少年野球チームの人数が足りず、試合ができないと聞きました。',
    interests: '野球部です。小学生に野球を教えたり、一緒に体を動かしたりしたいです。',
    area: '安武',
    slots: ['WEEKEND_MORNING', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-021',
    school: 'chikugo-minami',
    displayName: '熊谷 陽菜',
    guardianConsent: true,
    themes: ['multicultural', 'culture', 'media'],
    concerns: 'クラスに中国から来た転校生がいますが、言葉の壁があってなかなか話しかけられずにいます。',
    interests: '韓国語と中国語を独学しています。外国の人とおしゃべりしながら、いろいろな国の文化を紹介してみたいです。',
    area: '大善寺',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_EVENING'],
    modes: ['ONLINE'],
  },

  // ── くるめ未来学園大学 (UNIVERSITY: no guardian consent needed) ──
  {
    externalRef: 'mirai-2026-022',
    school: 'mirai-gakuen',
    displayName: '古川 大和',
    guardianConsent: false,
    themes: ['multicultural', 'education', 'community'],
    concerns: '留学生の友人が、ごみの出し方や病院のかかり方がわからず苦労していました。',
    interests: '日本語教育を専攻しています。やさしい日本語での会話練習の相手をしたいです。',
    area: '御井',
    slots: ['WEEKDAY_EVENING', 'WEEKEND_EVENING'],
    modes: ['ONLINE', 'ONSITE'],
  },
  {
    externalRef: 'mirai-2026-023',
    school: 'mirai-gakuen',
    displayName: '田中 美月',
    guardianConsent: false,
    themes: ['childcare', 'food', 'education'],
    concerns: '子どもの貧困が身近な問題だと大学の授業で学びました。家で宿題を見てもらえない子もいるそうです。',
    interests: '教職課程で学んでいます。子ども食堂で宿題を見たり、一緒にごはんを食べたりしたいです。',
    area: '荒木',
    slots: ['WEEKDAY_DAYTIME', 'WEEKDAY_EVENING'],
    modes: ['ONSITE', 'ONLINE'],
  },
  {
    externalRef: 'mirai-2026-024',
    school: 'mirai-gakuen',
    displayName: '久保 翔',
    guardianConsent: false,
    themes: ['media', 'welfare', 'culture'],
    concerns: '福祉の仕事は大変というイメージばかりが広がっていて、やりがいが伝わっていないと思います。',
    interests: '映像サークルで撮影と編集をしています。福祉施設で働く人を取材して、番組にしてみたいです。',
    area: '中央',
    slots: ['WEEKDAY_DAYTIME', 'WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE', 'ONLINE'],
  },
  {
    externalRef: 'mirai-2026-025',
    school: 'mirai-gakuen',
    displayName: '白石 理子',
    guardianConsent: false,
    themes: ['work', 'community', 'media'],
    concerns: '地元の商店街の店が次々に閉まっていて、卒業後に久留米で働ける場所があるのか不安です。',
    interests: '経営学部でマーケティングを学んでいます。地域の情報を届けるアプリやSNSでの発信を企画してみたいです。',
    area: '北野',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON'],
    modes: ['ONLINE'],
  },
  {
    externalRef: 'mirai-2026-026',
    school: 'mirai-gakuen',
    displayName: '永田 拓真',
    guardianConsent: false,
    themes: ['disability', 'welfare', 'sports'],
    concerns: '車いすを使う友人と出かけると、段差やせまい通路で困る場面が多いです。',
    interests: 'パラスポーツのボランティアをしています。まちのバリアフリーを点検する活動をしてみたいです。',
    area: '善導寺',
    slots: ['WEEKEND_AFTERNOON'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-027',
    school: 'mirai-gakuen',
    displayName: '藤井 彩花',
    guardianConsent: false,
    themes: ['elderly', 'health', 'welfare'],
    concerns: '高齢化が進んで、近所でも一人暮らしのお年寄りが増えています。困ったときに誰に連絡すればいいのか知らない人もいます。',
    interests: '看護学科で学んでいます。健康チェックや体操を通して、お年寄りと交流したいです。',
    area: '高良内',
    slots: ['WEEKDAY_DAYTIME', 'WEEKEND_AFTERNOON'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-028',
    school: 'mirai-gakuen',
    displayName: '村上 悠斗',
    guardianConsent: false,
    themes: ['environment', 'food', 'community'],
    concerns: '城島の田んぼのまわりで、耕作放棄地が増えています。地元でとれた野菜のよさが知られていません。',
    interests: '農学部です。地元の野菜を使った料理で、子どもたちに食の大切さを伝えたいです。',
    area: '城島',
    slots: ['WEEKDAY_EVENING', 'WEEKEND_MORNING'],
    modes: ['ONSITE'],
  },
  {
    externalRef: 'mirai-2026-029',
    school: 'mirai-gakuen',
    displayName: '西村 真央',
    guardianConsent: false,
    themes: ['infection', 'health', 'media'],
    concerns: '感染症が流行したとき、SNSでまちがった情報が広がり、家族がとても不安になっていました。',
    interests: '薬学部です。感染症や薬について、正しい情報をわかりやすく届ける発信をしてみたいです。',
    area: '中央',
    slots: ['WEEKDAY_AFTER_SCHOOL', 'WEEKDAY_EVENING'],
    modes: ['ONLINE'],
  },
  {
    externalRef: 'mirai-2026-030',
    school: 'mirai-gakuen',
    displayName: '陳 雨桐',
    guardianConsent: false,
    themes: ['multicultural', 'disaster', 'media'],
    concerns: '留学生として来日したころ、地震の速報が日本語だけで、何が起きているのかわかりませんでした。',
    interests: '中国語と日本語が話せます。日本語を勉強している人とおしゃべりしたり、防災情報を多言語で発信したりしたいです。',
    area: '御井',
    slots: ['WEEKDAY_EVENING', 'WEEKEND_EVENING'],
    modes: ['ONLINE', 'ONSITE'],
  },
];

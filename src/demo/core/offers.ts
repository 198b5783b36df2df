// ─────────────────────────────────────────────────────────────────────────────
// はぐくむ・プラットフォーム未来会議: collaboration offers (their students are in students.ts)
//
// Written so that a coordinator's first matching run after `npm start` has something to propose:
// students whose worries and themes fit the open offers, in the offers' stages, with modes and
// time slots that fit (the contract's hard rules). A few are deliberately left out of matching:
// students without guardian consent, one who has not chosen a theme yet, and the offer of the
// organisation that is not verified yet (koranosalon), whose best fits get no proposal.
// Theme keys follow the vocabulary of the foundation migration.
// ─────────────────────────────────────────────────────────────────────────────

import type { DemoOffer } from './types.js';

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

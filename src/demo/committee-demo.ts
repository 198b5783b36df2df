/**
 * Demo data of つどう・新地福委員会: the members who took part in the 11th meeting (「地域の居場所を、
 * どう増やす？」), its agenda and minutes, the perspectives (視点) they voiced and the stance each
 * of them took on each perspective; the agenda of the coming 12th meeting.
 *
 * Pure data, no I/O: `seed-platforms.ts` writes it through CommitteeService. Everyone is fictional.
 * The stances are written so that the perspective map finds two recognisable camps — 「新しいつながり方」
 * (SNS, online, student-run places; mostly the younger members) and 「顔の見える関係」 (the校区
 * community centre, 回覧板, visits; mostly the older members) — who still agree on a handful of
 * statements (consensus) and split on others (divisive).
 */
import type { DemoResident } from './core/types.js';

export type DemoGeneration = 'TEENS' | 'TWENTIES' | 'THIRTIES' | 'FORTIES' | 'FIFTIES' | 'SIXTIES' | 'SEVENTY_PLUS';
export type DemoSector = 'STUDENT' | 'RESIDENT' | 'BUSINESS' | 'NPO' | 'WELFARE' | 'GOVERNMENT' | 'EDUCATION' | 'MEDICAL' | 'OTHER';

/** Residents who sit on the committee (added to DEMO_RESIDENTS: same password, same login). */
export const COMMITTEE_RESIDENTS: DemoResident[] = [
  {
    key: 'nakashima',
    displayName: '中島 光',
    email: 'hikaru.nakashima@example.jp',
    area: '御井',
    profile: '大学2年生。商店街の空き店舗を使った学生カフェを構想している。',
  },
  {
    key: 'furukawa',
    displayName: '古川 和子',
    email: 'kazuko.furukawa@example.jp',
    area: '田主丸',
    profile: '田主丸の老人クラブ会長を務める70代。平成30年の大雨で近所の避難を手伝った。',
  },
  {
    key: 'tsutsumi',
    displayName: '堤 由美子',
    email: 'yumiko.tsutsumi@example.jp',
    area: '田主丸',
    profile: '訪問看護師として30年、ひとり暮らしの高齢者宅を回ってきた60代。',
  },
  {
    key: 'noguchi',
    displayName: '野口 健一',
    email: 'kenichi.noguchi@example.jp',
    area: '田主丸',
    profile: '元小学校長で、いまは校区コミュニティ協議会の会長を務める60代。',
  },
  {
    key: 'shimokawa',
    displayName: '下川 翔',
    email: 'sho.shimokawa@example.jp',
    area: '三潴',
    profile: '久留米絣の織元を継いだ40代。工房で親子向けの手織り体験を開いている。',
  },
  {
    key: 'eguchi',
    displayName: '江口 美咲',
    email: 'misaki.eguchi@example.jp',
    area: '中央',
    profile: '市役所の地域福祉課に勤める30代。仕事とは別に、個人として委員に応募した。',
  },
];

/** Self-declared generation and sector of everyone in the dialogue (shown only in aggregate). */
export const COMMITTEE_PROFILES: Record<string, { generation: DemoGeneration; sector: DemoSector }> = {
  nakashima: { generation: 'TWENTIES', sector: 'STUDENT' },
  otsuka: { generation: 'TWENTIES', sector: 'STUDENT' },
  lan: { generation: 'TWENTIES', sector: 'WELFARE' },
  sakamoto: { generation: 'THIRTIES', sector: 'BUSINESS' },
  'staff.musubi': { generation: 'THIRTIES', sector: 'BUSINESS' },
  eguchi: { generation: 'THIRTIES', sector: 'GOVERNMENT' },
  'staff.kodomo': { generation: 'FORTIES', sector: 'NPO' },
  'staff.tabunka': { generation: 'FORTIES', sector: 'NPO' },
  'staff.kominkan': { generation: 'FORTIES', sector: 'GOVERNMENT' },
  shimokawa: { generation: 'FORTIES', sector: 'BUSINESS' },
  'staff.tanushimaru': { generation: 'SIXTIES', sector: 'RESIDENT' },
  tsutsumi: { generation: 'SIXTIES', sector: 'WELFARE' },
  noguchi: { generation: 'SIXTIES', sector: 'EDUCATION' },
  matsuo: { generation: 'SEVENTY_PLUS', sector: 'WELFARE' },
  furukawa: { generation: 'SEVENTY_PLUS', sector: 'RESIDENT' },
  'staff.koranosalon': { generation: 'SEVENTY_PLUS', sector: 'RESIDENT' },
};

/** The meeting that has taken place: key into DEMO_EVENTS; its host organisation's member writes agenda and minutes. */
export const COMMITTEE_MEETING = 'committee-11';

export const COMMITTEE_AGENDA: string[] = [
  '各校区の居場所づくりの取り組み紹介',
  'グループ対話「だれもが立ち寄れる居場所とは」',
  '災害のときにも頼れる居場所に',
  '次回（第12回）に向けて',
];

export const COMMITTEE_MINUTES = `第11回 新地福委員会 議事録（要旨）

会場：久留米市 中央公民館 大会議室／出席：委員16名、事務局（中央公民館）

1. 各校区の居場所づくりの取り組み紹介
・田主丸校区：老人クラブのサロンを月2回開催。参加者の固定化と担い手の高齢化が課題との報告があった。
・高良内校区：集会所のお茶会に小学生が加わり、昔遊びを通じた交流が始まっている。
・荒木校区：子ども食堂と高齢者サロンを同じ日に開く試みについて、NPOの委員から紹介があった。

2. グループ対話「だれもが立ち寄れる居場所とは」
・「用事がなくても立ち寄れる場所が校区に一つはほしい」という点では、世代をこえて賛同が集まった。
・参加の呼びかけをLINEやSNS中心にするか、回覧板と戸別の声かけを続けるかで意見が分かれた。若い世代と子育て世帯からは「回覧板では届かない」、高齢の委員からは「スマホを持たない人を取り残さないで」という声があった。
・商店街の空き店舗を使った学生運営のカフェ、オンラインで参加できる居場所など、新しい形の提案もあった。

3. 災害のときにも頼れる居場所に
・平成30年・令和3年の大雨の経験から、ふだんの居場所が筑後川の氾濫時の安否確認の拠点になるとの意見が多かった。
・見守りの名簿をデジタルで共有する案には、個人情報の扱いを心配する声もあり、賛否が分かれた。

4. 次回に向けて
・第12回は「世代をこえて考える、これからの見守り」をテーマに、今回分かれた論点（連絡手段、名簿の扱い）を掘り下げる。
・今回の視点の見える化マップは、地福TVの番組内でも紹介する。

（記録：中央公民館 事務局）`;

/** The agenda of the coming meeting (no minutes yet): key into DEMO_EVENTS. */
export const NEXT_MEETING = 'committee-12';
export const NEXT_MEETING_AGENDA: string[] = [
  '前回（第11回）のふりかえりと視点マップの共有',
  '見守り活動の現状報告（田主丸校区・善導寺校区）',
  'グループ対話「世代をこえて見守りを続けるには」',
  '地福TVでの発信について',
];

export interface DemoPerspective {
  /** account key of the author (a participant of the meeting) */
  author: string;
  /** 1-based position in COMMITTEE_AGENDA, or null */
  agenda: number | null;
  anonymous: boolean;
  themes: string[];
  text: string;
}

/** In the order they were voiced; the columns of COMMITTEE_STANCES follow this order. */
export const COMMITTEE_PERSPECTIVES: DemoPerspective[] = [
  // 0-3: shared ground
  { author: 'staff.kominkan', agenda: 2, anonymous: false, themes: ['community', 'welfare'], text: '子どもから高齢者まで、用事がなくても立ち寄れる場所が、校区に少なくとも一つはほしい。' },
  { author: 'staff.tanushimaru', agenda: 3, anonymous: false, themes: ['disaster', 'community'], text: 'ふだんから顔を合わせている居場所は、筑後川があふれそうなときに安否を確かめ合う拠点にもなる。' },
  { author: 'staff.koranosalon', agenda: 1, anonymous: false, themes: ['welfare', 'community'], text: 'サロンを回しているのはいつも同じ顔ぶれで、みんな年をとってきた。担い手を増やさないと続かない。' },
  { author: 'shimokawa', agenda: 2, anonymous: false, themes: ['culture', 'elderly'], text: '久留米絣のコースターづくりのような手仕事の会なら、初対面でも世代をこえて自然に話ができる。' },
  // 4-8: 新しいつながり方
  { author: 'sakamoto', agenda: 2, anonymous: false, themes: ['media', 'childcare'], text: '参加の呼びかけはLINEやSNSを中心にしてほしい。回覧板では、子育て世帯や若い世代には届かない。' },
  { author: 'nakashima', agenda: 2, anonymous: false, themes: ['community', 'work'], text: '商店街の空き店舗を借りて、学生が運営するカフェ型の居場所をつくりたい。夕方に中高生も寄れる場所にしたい。' },
  { author: 'lan', agenda: 2, anonymous: false, themes: ['media', 'health'], text: 'オンラインで参加できる居場所もあっていいと思う。夜勤明けや子育て中でも、家から顔を出せる。' },
  { author: 'staff.musubi', agenda: 2, anonymous: false, themes: ['media', 'community'], text: '開いている日や混み具合をスマホで見られるようにすれば、初めての人も入りやすくなる。' },
  { author: 'eguchi', agenda: 2, anonymous: true, themes: ['community'], text: '自治会に入っていない世帯も増えている。自治会単位ではなく、趣味や関心ごとでつながる居場所のほうが広がる。' },
  // 9-12: 顔の見える関係
  { author: 'matsuo', agenda: 1, anonymous: false, themes: ['community', 'elderly'], text: '校区コミュニティセンターを毎日開けて、歩いて行ける居場所にするのがいちばん確実だ。' },
  { author: 'furukawa', agenda: 3, anonymous: false, themes: ['elderly', 'welfare'], text: 'ひとり暮らしの高齢者にはスマホを持たない人も多い。回覧板と戸別の声かけをやめてはいけない。' },
  { author: 'tsutsumi', agenda: 2, anonymous: true, themes: ['elderly', 'health'], text: '画面越しでは、本当に困っている人の顔色や家の様子はわからない。会って話すことが見守りの基本だと思う。' },
  { author: 'noguchi', agenda: 1, anonymous: false, themes: ['elderly', 'community'], text: '新しい場所をつくるより、いまある老人クラブやサロンに若い人が加わるほうが長続きする。' },
  // 13-14: shared ground
  { author: 'staff.kodomo', agenda: 1, anonymous: false, themes: ['food', 'childcare', 'elderly'], text: '子ども食堂と高齢者サロンを同じ日に同じ場所で開けば、自然と多世代が交わる。' },
  { author: 'staff.tabunka', agenda: 2, anonymous: false, themes: ['disability', 'multicultural'], text: '車いすの人や日本語が苦手な人も入りやすいように、段差や案内の表示を「やさしい日本語」で見直したい。' },
  // 15: splits the camps
  { author: 'otsuka', agenda: 3, anonymous: true, themes: ['disaster', 'media'], text: '災害時の見守り名簿はデジタルで共有して、紙の名簿は少しずつなくしていくべきだ。' },
];

/** The shared ground a coordinator made public on 地福TV's feed (indexes of COMMITTEE_PERSPECTIVES). */
export const COMMITTEE_HIGHLIGHTED = [0, 13];

/**
 * Each participant's stance on each perspective, one letter per column of COMMITTEE_PERSPECTIVES
 * (a agree, d disagree, p pass, . none); the bars only group the columns for reading:
 * shared ground 0-3 | 新しいつながり方 4-8 | 顔の見える関係 9-12 | shared ground 13-14 | divisive 15.
 * Authors agree with their own perspective.
 */
export const COMMITTEE_STANCES: Record<string, string> = {
  // 新しいつながり方 (younger members, for the most part)
  sakamoto: 'aaaa|aaaaa|dpdp|aa|a',
  nakashima: 'aaaa|aaapa|ddpd|aa|a',
  lan: 'aaaa|apaaa|pdpp|aa|a',
  'staff.musubi': 'aaap|aaaaa|ddpd|ap|a',
  otsuka: 'aaaa|aaaap|dppa|aa|a',
  eguchi: 'aaaa|apaaa|pddp|aa|p',
  'staff.kodomo': 'aaaa|apaap|ppda|aa|a',
  // 顔の見える関係 (older members, for the most part)
  matsuo: 'aaap|dddpd|aaaa|aa|d',
  'staff.koranosalon': 'apaa|ddpdd|aaaa|ap|d',
  furukawa: 'aaaa|dpddd|aaap|aa|d',
  'staff.tanushimaru': 'aaap|pdddp|aaaa|aa|d',
  tsutsumi: 'aaaa|ddpdd|aaaa|pa|d',
  noguchi: 'aaaa|dpdpd|apaa|aa|p',
  // in between
  'staff.kominkan': 'aaaa|pppap|ppap|aa|p',
  'staff.tabunka': 'aapa|ppapa|pdpp|aa|a',
  shimokawa: 'aaaa|pppdp|apap|aa|p',
};

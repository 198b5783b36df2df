/**
 * Demo data of そなえる・みんなのもしも: scenarios (もしも cards) on the PREPAREDNESS events of
 * DEMO_EVENTS, residents' responses, two もしもプラン, helpers' pledges and needs registered by a
 * coordinator with the person's consent under pseudonymous labels (never a name).
 *
 * Pure data, no I/O: `seed-platforms.ts` writes it through PreparednessService and SupportService.
 * Written so that the aggregates show some cells (three or more people of an area) and suppress
 * others, and so that a coordinator's `requestSupportMatching` pairs helpers with every need — except
 * the kind of help nobody pledged (薬の受け取り in 善導寺), which stays open.
 */
import type { DemoTimeSlot } from './core/types.js';

export type DemoSupportKind =
  | 'CHECK_IN_CALL'
  | 'SHOPPING'
  | 'EVACUATION_ESCORT'
  | 'TRANSLATION'
  | 'CHILDCARE'
  | 'PET_CARE'
  | 'MEDICATION_PICKUP'
  | 'INFORMATION';

export interface DemoScenarioResponse {
  /** account key of a resident or organisation member */
  author: string;
  text: string;
  needs: DemoSupportKind[];
  canHelpWith: DemoSupportKind[];
  anonymous?: boolean;
}

export interface DemoScenario {
  topic: 'DISASTER' | 'INFECTION';
  title: string;
  prompt: string;
  /** key into DEMO_ORGANIZATIONS: its member opens the scenario (organisation members may) */
  openedBy: string;
  /** keys into DEMO_EVENTS (platform PREPAREDNESS): the dialogue sessions */
  sessions: string[];
  responses: DemoScenarioResponse[];
}

export const DEMO_SCENARIOS: DemoScenario[] = [
  {
    topic: 'DISASTER',
    title: 'もしも夜中に、筑後川の氾濫で避難指示が出たら？',
    prompt:
      '午前2時、大雨で筑後川の水位が上がり、お住まいの地区に避難指示が出ました。外は真っ暗で、雨の音で防災無線もよく聞こえません。だれと、何を持って、どこへ、どうやって避難しますか。ご近所に、ひとりでは避難が難しい方はいませんか。あなたに必要な手助けと、あなたにできる手助けを教えてください。',
    openedBy: 'tanushimaru',
    sessions: ['prep-night-walk', 'prep-chikugogawa'],
    responses: [
      {
        author: 'staff.tanushimaru',
        text: '平成30年の大雨のときは、夜中に消防団と一軒ずつ戸をたたいて回りました。足の悪い方の家を先に回れるよう、地区の地図で順番を確認しておきたいです。',
        needs: [],
        canHelpWith: ['EVACUATION_ESCORT', 'CHECK_IN_CALL'],
      },
      {
        author: 'furukawa',
        text: '夫が車いすなので、夜中の避難はわたしひとりでは無理です。車を出してくれる人がいると助かります。電話での声かけなら、わたしにもできます。',
        needs: ['EVACUATION_ESCORT'],
        canHelpWith: ['CHECK_IN_CALL'],
      },
      {
        author: 'tsutsumi',
        text: 'お薬の名前と量をメモにして、非常持ち出し袋に入れておくよう患者さんに伝えています。避難所では、体調のすぐれない方の様子を見て回れます。',
        needs: [],
        canHelpWith: ['CHECK_IN_CALL', 'INFORMATION'],
      },
      {
        author: 'noguchi',
        text: '校区コミュニティセンターの鍵を預かっています。夜中でもすぐ開けられるよう、役員どうしの連絡の順番を決めておきます。',
        needs: [],
        canHelpWith: ['EVACUATION_ESCORT', 'CHECK_IN_CALL', 'INFORMATION'],
      },
      {
        author: 'matsuo',
        text: '妻の足腰が弱ってきて、暗い中を避難所まで歩けるか心配です。夜の避難路ウォークで、段差の多い場所がよくわかりました。',
        needs: ['EVACUATION_ESCORT'],
        canHelpWith: ['CHECK_IN_CALL'],
      },
      {
        author: 'sakamoto',
        text: '3歳と小学2年の子どもを連れて、雨の夜道を歩くのは不安です。車で送ってもらえるか、近くの高い建物に一時的に避難できると助かります。',
        needs: ['EVACUATION_ESCORT', 'CHILDCARE'],
        canHelpWith: ['INFORMATION'],
      },
      {
        author: 'lan',
        text: '防災無線の日本語は速くて、よくわかりません。やさしい日本語かベトナム語で、スマホに知らせが来るとうれしいです。',
        needs: ['INFORMATION', 'TRANSLATION'],
        canHelpWith: ['TRANSLATION'],
        anonymous: true,
      },
      {
        author: 'otsuka',
        text: '大学の近くに住んでいるので、夜でも動けます。避難の付き添いや、SNSでの情報発信ならお手伝いできます。',
        needs: [],
        canHelpWith: ['EVACUATION_ESCORT', 'INFORMATION'],
      },
      {
        author: 'nakashima',
        text: 'ひとり暮らしで車はありませんが、体力には自信があります。ご近所の方の荷物運びや付き添いなら手伝えます。',
        needs: [],
        canHelpWith: ['EVACUATION_ESCORT'],
      },
    ],
  },
  {
    topic: 'INFECTION',
    title: 'もしも新しい感染症で、2週間家から出られなくなったら？',
    prompt:
      '家族が感染し、あなたも2週間の外出自粛を求められました。食料や薬、ペットの世話、ひとり暮らしの親への連絡はどうしますか。会えなくても続けられる見守りや買い物の支え合いを、一緒に考えましょう。',
    openedBy: 'kominkan',
    sessions: ['prep-infection'],
    responses: [
      {
        author: 'staff.koranosalon',
        text: '前の流行のとき、サロンに来ていた方たちが外出自粛のあいだにすっかり元気をなくしていました。電話で様子をうかがう当番を決めておけば安心です。',
        needs: [],
        canHelpWith: ['CHECK_IN_CALL'],
      },
      {
        author: 'sakamoto',
        text: '家族みんなが寝込んだら、子どもの食事と買い物がいちばん困ります。玄関先に置いてもらえるだけでも助かります。',
        needs: ['SHOPPING', 'CHILDCARE'],
        canHelpWith: ['INFORMATION'],
      },
      {
        author: 'lan',
        text: '介護施設で働いているので、手洗いや換気など、家でできる感染対策のコツをお伝えできます。',
        needs: [],
        canHelpWith: ['INFORMATION'],
      },
      {
        author: 'eguchi',
        text: '犬を飼っているので、入院することになったら散歩をだれに頼めばいいのか不安です。',
        needs: ['PET_CARE'],
        canHelpWith: ['SHOPPING'],
        anonymous: true,
      },
      {
        author: 'matsuo',
        text: '持病の薬が切れるのが心配です。かかりつけの薬局に届けてもらえるかどうか、前もって確かめておきます。',
        needs: ['MEDICATION_PICKUP'],
        canHelpWith: ['CHECK_IN_CALL'],
      },
      {
        author: 'staff.musubi',
        text: '在宅勤務ができるので、近所の買い物をまとめて引き受けられます。ネットスーパーの使い方もお教えします。',
        needs: [],
        canHelpWith: ['SHOPPING', 'INFORMATION'],
      },
      {
        author: 'shimokawa',
        text: '工房を閉めることになっても、オンラインで親子の手織り教室を続けて、家にいる子どもたちの気晴らしになればと思います。',
        needs: [],
        canHelpWith: ['INFORMATION'],
      },
    ],
  },
  {
    topic: 'DISASTER',
    title: 'もしも避難所で、日本語がわからない人が困っていたら？',
    prompt:
      '地震のあと、城島の避難所に外国人住民の家族がやってきました。受付の用紙が読めず、食事のアレルギーも伝えられずに困っています。あなたならどう声をかけ、何を用意しておきますか。',
    openedBy: 'tabunka',
    sessions: ['prep-yasashii'],
    responses: [
      {
        author: 'staff.tabunka',
        text: '避難所の受付表を、やさしい日本語と英語・ベトナム語・中国語で用意しておきたいです。翻訳のお手伝いができます。',
        needs: [],
        canHelpWith: ['TRANSLATION', 'INFORMATION'],
      },
      {
        author: 'lan',
        text: 'ベトナム語なら通訳できます。同じ国の友だちにも、避難所の場所を知らせておきます。',
        needs: [],
        canHelpWith: ['TRANSLATION'],
      },
      {
        author: 'otsuka',
        text: '指さしで使えるイラストのカードがあれば、言葉がわからなくても伝わると思います。大学で作ってみます。',
        needs: [],
        canHelpWith: ['INFORMATION'],
      },
    ],
  },
];

/** もしもプラン checklists: account key → item keys (PLAN_ITEMS) with done or not. */
export const DEMO_PLANS: Record<string, Record<string, boolean>> = {
  sakamoto: { stockpile: true, evacuation_site: true, family_contact: true, hazard_map: true, infection_supplies: true, emergency_bag: false },
  matsuo: { medication: true, evacuation_site: true, neighbors: true, hazard_map: true },
};

export interface DemoPledge {
  /** account key of the helper (a resident or organisation member, never a student) */
  helper: string;
  kinds: DemoSupportKind[];
  area: string;
  slots: DemoTimeSlot[];
}

export const DEMO_PLEDGES: DemoPledge[] = [
  { helper: 'staff.tanushimaru', kinds: ['EVACUATION_ESCORT', 'CHECK_IN_CALL'], area: '田主丸', slots: ['WEEKDAY_EVENING', 'WEEKEND_MORNING', 'WEEKEND_EVENING'] },
  { helper: 'noguchi', kinds: ['EVACUATION_ESCORT', 'INFORMATION'], area: '田主丸', slots: ['WEEKDAY_DAYTIME', 'WEEKDAY_EVENING', 'WEEKEND_MORNING'] },
  { helper: 'furukawa', kinds: ['CHECK_IN_CALL'], area: '田主丸', slots: ['WEEKDAY_DAYTIME', 'WEEKDAY_AFTER_SCHOOL'] },
  { helper: 'matsuo', kinds: ['CHECK_IN_CALL', 'SHOPPING'], area: '善導寺', slots: ['WEEKDAY_DAYTIME', 'WEEKDAY_AFTER_SCHOOL'] },
  { helper: 'lan', kinds: ['TRANSLATION', 'INFORMATION'], area: '御井', slots: ['WEEKDAY_EVENING', 'WEEKEND_AFTERNOON'] },
  { helper: 'otsuka', kinds: ['EVACUATION_ESCORT', 'SHOPPING', 'INFORMATION'], area: '御井', slots: ['WEEKDAY_EVENING', 'WEEKEND_MORNING', 'WEEKEND_AFTERNOON'] },
  { helper: 'staff.musubi', kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME', 'WEEKDAY_EVENING'] },
];

export interface DemoNeed {
  /** a pseudonym the coordinator chose: never a name */
  label: string;
  kinds: DemoSupportKind[];
  area: string;
  slots: DemoTimeSlot[];
}

/** Registered by a coordinator, each with the person's consent. */
export const DEMO_NEEDS: DemoNeed[] = [
  { label: '要支援A', kinds: ['EVACUATION_ESCORT', 'CHECK_IN_CALL'], area: '田主丸', slots: ['WEEKDAY_EVENING', 'WEEKEND_EVENING'] },
  { label: '要支援B', kinds: ['TRANSLATION', 'INFORMATION', 'EVACUATION_ESCORT'], area: '御井', slots: ['WEEKDAY_EVENING'] },
  { label: '要支援C', kinds: ['SHOPPING', 'MEDICATION_PICKUP'], area: '善導寺', slots: ['WEEKDAY_DAYTIME'] },
];

export interface DemoContactCard {
  /** the need's pseudonym (DEMO_NEEDS) */
  label: string;
  name: string;
  address: string;
  phone: string | null;
  notes: string | null;
}

/**
 * The contact cards a coordinator keeps for the demo needs (sealed with CONTACT_CARD_KEY): fictional
 * people, addresses that say they are not real, and phone numbers of the unassigned 0000 range.
 */
export const DEMO_CONTACT_CARDS: DemoContactCard[] = [
  { label: '要支援A', name: '田主丸 キヨ（架空）', address: '久留米市田主丸町（デモ用の架空の住所）', phone: '090-0000-0101', notes: '夫婦で二人暮らし。夫が車いす。夜は1階の和室で寝ています。合鍵は隣の方が預かっています' },
  { label: '要支援B', name: 'グエン・ティ・ラン（架空）', address: '久留米市御井町（デモ用の架空の住所）', phone: '090-0000-0102', notes: 'ベトナム語とやさしい日本語で。乳児がいます' },
  { label: '要支援C', name: '善導寺 トシオ（架空）', address: '久留米市善導寺町（デモ用の架空の住所）', phone: null, notes: '血圧の薬を毎朝。耳が遠いので玄関で大きな声で' },
];

export interface DemoDrillReport {
  label: string;
  status: 'SAFE' | 'NEEDS_HELP' | 'EVACUATED' | 'UNREACHABLE';
  /** minutes after the drill started */
  minutes: number;
  note: string;
}

/**
 * A past disaster drill (防災訓練) over the demo needs' areas: declared, reported on by the
 * coordinator, ended after three hours. Its reports are the drill's results (its safetyCounts and
 * board) and never a need's real `safety`.
 */
export const DEMO_DRILL = {
  /** after the fiscal year it was held in (令和8年度 …), which the seed puts first */
  title: '支え合い避難訓練（筑後川の氾濫を想定）',
  areas: ['田主丸', '御井', '善導寺'],
  /** held on the Sunday at least this many days before the seed, 9:00 in Kurume */
  daysBefore: 21,
  hours: 3,
  reports: [
    { label: '要支援A', status: 'UNREACHABLE', minutes: 12, note: '訓練: 電話に出られず、訪問に切り替えました' },
    { label: '要支援A', status: 'SAFE', minutes: 38, note: '訓練: 支援者2名で訪問。車いすで公民館まで移動できることを確認（所要25分）' },
    { label: '要支援B', status: 'EVACUATED', minutes: 44, note: '訓練: やさしい日本語とベトナム語で避難所を案内し、小学校の体育館へ' },
    { label: '要支援C', status: 'NEEDS_HELP', minutes: 61, note: '訓練: 薬の受け取りの担当がまだいません。名簿と個別避難計画の見直しが必要' },
  ] satisfies DemoDrillReport[],
};

import { registerEnumType } from '@nestjs/graphql';

export enum PreparednessTopic {
  DISASTER = 'DISASTER',
  INFECTION = 'INFECTION',
}
registerEnumType(PreparednessTopic, { name: 'PreparednessTopic' });

export enum SupportKind {
  CHECK_IN_CALL = 'CHECK_IN_CALL',
  SHOPPING = 'SHOPPING',
  EVACUATION_ESCORT = 'EVACUATION_ESCORT',
  TRANSLATION = 'TRANSLATION',
  CHILDCARE = 'CHILDCARE',
  PET_CARE = 'PET_CARE',
  MEDICATION_PICKUP = 'MEDICATION_PICKUP',
  INFORMATION = 'INFORMATION',
}
registerEnumType(SupportKind, { name: 'SupportKind' });

export const SUPPORT_KINDS = Object.values(SupportKind);

/** Japanese labels of the kinds of help (reasons, CSV import, PDF). */
export const SUPPORT_KIND_LABEL: Record<SupportKind, string> = {
  CHECK_IN_CALL: '安否確認の電話',
  SHOPPING: '買い物',
  EVACUATION_ESCORT: '避難の付き添い',
  TRANSLATION: '通訳・翻訳',
  CHILDCARE: '子どもの見守り',
  PET_CARE: 'ペットの世話',
  MEDICATION_PICKUP: '薬の受け取り',
  INFORMATION: '情報提供',
};

/** The もしもプラン checklist: stable keys, Japanese labels, in print order. */
export const PLAN_ITEMS: readonly { key: string; label: string }[] = [
  { key: 'stockpile', label: '備蓄（水・食料 3日分以上）' },
  { key: 'evacuation_site', label: '避難場所・避難経路の確認' },
  { key: 'family_contact', label: '家族の連絡先・集合場所' },
  { key: 'medication', label: '常備薬・お薬手帳' },
  { key: 'pets', label: 'ペットの避難準備' },
  { key: 'infection_supplies', label: '感染症対策グッズ（マスク・消毒液）' },
  { key: 'emergency_bag', label: '非常持ち出し袋' },
  { key: 'hazard_map', label: 'ハザードマップの確認' },
  { key: 'neighbors', label: 'ご近所との声かけ' },
];
export const PLAN_KEYS = new Set(PLAN_ITEMS.map((i) => i.key));

/**
 * A helper's bounded load: at most this many people (needs) across their approved pairings and a
 * run's proposals. Counted in people, not kinds of help: on the day a helper goes to each person once.
 */
export const HELPER_MAX_LOAD = 3;
/** How many approved helpers a need should have unless its `helpersWanted` says otherwise: one can be away on the day. */
export const DEFAULT_HELPERS_WANTED = 2;
/** The most helpers one need may ask for (`helpersWanted`). */
export const MAX_HELPERS_WANTED = 5;
/** Aggregates: a cell counting fewer people than this is not shown (it could identify someone). */
export const MIN_CELL = 3;

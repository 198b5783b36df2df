/**
 * Demo organisations (fictional), each with its one member account.
 */
import type { DemoOrganization } from './types.js';

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

/**
 * Demo residents (fictional): everyone with an account who is neither staff nor a student.
 */
import { COMMITTEE_RESIDENTS } from '../committee-demo.js';
import type { DemoResident } from './types.js';

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

/**
 * Demo data of つたえる・地福TV: the programme 「くるめ地福TV」, whose episodes are the TV events of
 * DEMO_EVENTS; the replay of the episode already broadcast, what each episode features from the
 * other platforms, and viewers' comments (on moments of the replay, or before a broadcast).
 *
 * Pure data, no I/O: `seed-platforms.ts` writes it through TvService and CommentService. Relations
 * use the keys of core/ (the demo's schools, organisations, residents and events). Everyone is fictional; the URLs are under .example.
 */

export const TV_PROGRAM = {
  title: 'くるめ地福TV',
  description:
    '久留米の「支え合い」を伝える地域福祉のオンライン番組です。未来会議、新地福委員会、みんなのもしもの現場を訪ね、活動する人の声をお届けします。月1〜2回、夜8時からライブ配信し、放送後はアーカイブで見られます。企画・制作：久留米市 中央公民館と学生ディレクター。',
  /** key into DEMO_ORGANIZATIONS: its member is recorded as the programme's creator */
  producer: 'kominkan',
};

export interface DemoEpisode {
  /** key into DEMO_EVENTS (platform TV) */
  event: string;
  /** set once the broadcast has taken place */
  replayUrl: string | null;
  /** keys into DEMO_EVENTS of other platforms that the episode presents */
  features: string[];
}

export const TV_EPISODES: DemoEpisode[] = [
  { event: 'tv-7', replayUrl: 'https://tv.chifuku.example/replay/7', features: ['prep-night-walk', 'committee-11'] },
  { event: 'tv-8', replayUrl: null, features: ['future-kodomo', 'future-kickoff'] },
  { event: 'tv-9', replayUrl: null, features: ['committee-12', 'prep-chikugogawa'] },
  { event: 'tv-10', replayUrl: null, features: ['prep-yasashii'] },
];

export interface DemoComment {
  /** key into DEMO_EVENTS (an episode) */
  episode: string;
  /** account key of a resident or organisation member (never a student) */
  author: string;
  text: string;
  /** seconds into the replay; null for a comment before or during the live broadcast */
  atSecond: number | null;
}

export const TV_COMMENTS: DemoComment[] = [
  { episode: 'tv-7', author: 'matsuo', atSecond: 312, text: 'ボランティア受付の流れがよくわかりました。善導寺でも大雨の前に段取りを確認しておきたいです。' },
  { episode: 'tv-7', author: 'sakamoto', atSecond: 1045, text: '子ども連れでも参加できる作業があると知って安心しました。次は家族で行ってみます。' },
  { episode: 'tv-7', author: 'otsuka', atSecond: 1890, text: '学生ボランティアの送迎のお話、大学のサークルでも共有します！' },
  { episode: 'tv-7', author: 'staff.tanushimaru', atSecond: 2410, text: '田主丸での泥出しの経験も、いつか番組で紹介させてください。' },
  { episode: 'tv-8', author: 'staff.kodomo', atSecond: null, text: '当日はチャットで質問をお待ちしています。食材の寄付のご相談もどうぞ。' },
  { episode: 'tv-8', author: 'nakashima', atSecond: null, text: '配信を楽しみにしています。学生が手伝えることを聞いてみたいです。' },
  { episode: 'tv-10', author: 'lan', atSecond: null, text: 'わたしも日本語を勉強しています。やさしい日本語のクイズ、楽しみです。' },
];

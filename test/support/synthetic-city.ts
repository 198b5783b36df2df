import type { DataSource } from 'typeorm';

/**
 * A synthetic city written with generate_series, for tests and benchmarks that need volume:
 * students with Japanese concerns drawn from phrase lists, offers from verified organisations.
 * Deterministic for a given size (setseed).
 */
export async function generateCity(db: DataSource, opts: { students: number; offers: number; seed?: number }): Promise<void> {
  await db.query(`SELECT setseed($1)`, [opts.seed ?? 0.42]);
  await db.query(`INSERT INTO school (name, api_key_hash, api_key_prefix) VALUES ('合成市立 試験高等学校', decode(md5(random()::text), 'hex'), 'cfk_syn') `);
  await db.query(
    `WITH themes AS (SELECT ARRAY['disaster','infection','elderly','childcare','disability','multicultural','environment','community','food','health','education','culture','sports','media','welfare','work'] AS t),
     areas AS (SELECT ARRAY['中央','荒木','善導寺','田主丸','北野','城島','三潴','御井','高良内','安武','大善寺'] AS a),
     phrases AS (SELECT ARRAY['地域の避難所のことが心配','高齢者の見守りに関心がある','子ども食堂を手伝いたい','外国人の友だちと防災を考えたい',
       'ごみの分別と環境問題が気になる','商店街をもっとにぎやかにしたい','障がいのある人と一緒にスポーツをしたい','感染症の正しい情報を広めたい',
       '動画で地域の魅力を発信したい','お年寄りとスマホ教室をしてみたい','川の水害について調べている','地元の野菜で料理を作るのが好き'] AS p),
     users AS (
       INSERT INTO app_user (display_name, roles) SELECT '合成 生徒' || g, ARRAY['STUDENT']::role[] FROM generate_series(1, $1) g RETURNING id
     )
     INSERT INTO student (id, school_id, external_ref, stage, guardian_consent, themes, concerns, interests, area, slots, modes)
     SELECT u.id, (SELECT id FROM school WHERE api_key_prefix = 'cfk_syn' LIMIT 1), 'syn-' || u.id,
       (ARRAY['JUNIOR_HIGH','HIGH_SCHOOL','UNIVERSITY'])[1 + floor(random() * 3)::int]::student_stage, random() < 0.9,
       ARRAY[(SELECT t FROM themes)[1 + floor(random() * 16)::int], (SELECT t FROM themes)[1 + floor(random() * 16)::int]],
       (SELECT p FROM phrases)[1 + floor(random() * 12)::int] || '。' || (SELECT p FROM phrases)[1 + floor(random() * 12)::int] || '。',
       (SELECT p FROM phrases)[1 + floor(random() * 12)::int] || '。',
       (SELECT a FROM areas)[1 + floor(random() * 11)::int],
       ARRAY[(ARRAY['WEEKDAY_AFTER_SCHOOL','WEEKEND_MORNING','WEEKEND_AFTERNOON'])[1 + floor(random() * 3)::int]]::time_slot[],
       ARRAY['ONSITE','ONLINE']::participation_mode[]
     FROM users u`,
    [opts.students],
  );
  await db.query(
    `WITH orgs AS (
       INSERT INTO organization (name, kind, area, description, verified)
       SELECT '合成団体 ' || g, 'NPO', '中央', '合成データの団体です。', true FROM generate_series(1, greatest(1, $1 / 5)) g RETURNING id
     ), org_list AS (SELECT array_agg(id) AS ids FROM orgs),
     themes AS (SELECT ARRAY['disaster','infection','elderly','childcare','disability','multicultural','environment','community','food','health','education','culture','sports','media','welfare','work'] AS t),
     titles AS (SELECT ARRAY['避難所マップづくり','子ども食堂サポーター','高齢者スマホ教室','多文化防災ワークショップ','川の清掃と環境学習',
       '商店街にぎわいプロジェクト','ユニバーサルスポーツ体験','感染症予防キャンペーン','地域PR動画の制作','地元野菜の料理教室'] AS t)
     INSERT INTO offer (organization_id, title, description, themes, capacity, stages, area, mode, slots, status, published_at)
     SELECT (SELECT ids FROM org_list)[1 + floor(random() * array_length((SELECT ids FROM org_list), 1))::int],
       (SELECT t FROM titles)[1 + (g % 10)], (SELECT t FROM titles)[1 + (g % 10)] || 'を一緒に進める仲間を募集します。地域の課題を学生と考えます。',
       ARRAY[(SELECT t FROM themes)[1 + floor(random() * 16)::int]], 2 + floor(random() * 6)::int,
       ARRAY['HIGH_SCHOOL','UNIVERSITY']::student_stage[], '中央', 'HYBRID', '{}'::time_slot[], 'OPEN', now()
     FROM generate_series(1, $1) g`,
    [opts.offers],
  );
}

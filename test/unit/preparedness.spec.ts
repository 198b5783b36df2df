import { parseNeedsCsv } from '../../src/preparedness/needs-csv.js';
import { planSupportPairings, type NeedInput, type PledgeInput } from '../../src/preparedness/run/support-engine.js';

const pledge = (id: string, over: Partial<PledgeInput> = {}): PledgeInput => ({ id, helperId: `h-${id}`, kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME'], used: 0, ...over });
const need = (id: string, over: Partial<NeedInput> = {}): NeedInput => ({ id, kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME'], consent: true, covered: [], ...over });

describe('planSupportPairings (the SUPPORT run through assignOptimal)', () => {
  it('pairs only within one area, over shared slots and kinds, with consent', () => {
    const { pairings } = planSupportPairings(
      [pledge('p1')],
      [need('ok'), need('area', { area: '南' }), need('slot', { slots: ['WEEKEND_EVENING'] }), need('kind', { kinds: ['PET_CARE'] }), need('consent', { consent: false })],
      3,
    );
    expect(pairings.map((p) => p.needId)).toEqual(['ok']);
    expect(pairings[0].reasons.join(' ')).toContain('買い物');
  });

  it('normalises areas (full-width spaces, NFKC)', () => {
    expect(planSupportPairings([pledge('p1', { area: '合川 ' })], [need('n', { area: '合川　' })], 3).pairings).toHaveLength(1);
  });

  it('gives each need up to helpersWanted distinct helpers (2 unless set), one pairing each listing the kinds they give', () => {
    const three = [pledge('a', { kinds: ['SHOPPING', 'CHECK_IN_CALL'] }), pledge('b', { kinds: ['SHOPPING'] }), pledge('c', { kinds: ['CHECK_IN_CALL'] })];
    const { pairings } = planSupportPairings(three, [need('n', { kinds: ['SHOPPING', 'CHECK_IN_CALL'] })], 3);
    expect(pairings).toHaveLength(2);
    // the helper giving both kinds is one of them
    expect(pairings.find((p) => p.pledgeId === 'a')?.kinds).toEqual(['CHECK_IN_CALL', 'SHOPPING']);
    expect(pairings[1].reasons.at(-1)).toBe('2人目の支援者です（目標 2人）');
    expect(planSupportPairings(three, [need('n', { kinds: ['SHOPPING', 'CHECK_IN_CALL'], wanted: 3 })], 3).pairings).toHaveLength(3);
    expect(planSupportPairings(three, [need('n', { kinds: ['SHOPPING', 'CHECK_IN_CALL'], wanted: 1 })], 3).pairings.map((p) => p.pledgeId)).toEqual(['a']);
  });

  it('never pairs one helper twice with one person, even through two pledges', () => {
    const same = [pledge('x', { helperId: 'same' }), pledge('y', { helperId: 'same', slots: ['WEEKDAY_DAYTIME', 'WEEKEND_MORNING'] })];
    const { pairings } = planSupportPairings(same, [need('n', { wanted: 2 })], 3);
    expect(pairings).toHaveLength(1);
  });

  it('covers every person once before anyone twice, even when one fits the helpers better', () => {
    // both helpers fit X better (all its slots) than Y (half of them); each can carry one person
    const helpers = [pledge('h1', { slots: ['WEEKDAY_DAYTIME', 'WEEKEND_MORNING'], used: 2 }), pledge('h2', { slots: ['WEEKDAY_DAYTIME', 'WEEKEND_MORNING'], used: 2 })];
    const x = need('x', { slots: ['WEEKDAY_DAYTIME', 'WEEKEND_MORNING'] });
    const y = need('y', { slots: ['WEEKDAY_DAYTIME', 'WEEKDAY_EVENING'] });
    const { pairings } = planSupportPairings(helpers, [x, y], 3);
    expect(pairings.map((p) => p.needId).sort()).toEqual(['x', 'y']);
    // and a person who has one approved helper waits behind one who has none
    const z = need('z', { slots: ['WEEKDAY_DAYTIME', 'WEEKEND_MORNING'], approvedHelperIds: ['someone'] });
    expect(planSupportPairings([helpers[0]], [z, y], 3).pairings.map((p) => p.needId)).toEqual(['y']);
  });

  it("bounds a helper's load across all their pledges, counting approved work", () => {
    const needs = ['1', '2', '3', '4'].map((i) => need(i));
    expect(planSupportPairings([pledge('p')], needs, 3).pairings).toHaveLength(3);
    expect(planSupportPairings([pledge('p', { used: 2 })], needs, 3).pairings).toHaveLength(1);
    const two = [pledge('x', { helperId: 'same' }), pledge('y', { helperId: 'same', slots: ['WEEKDAY_DAYTIME', 'WEEKEND_MORNING'] })];
    expect(planSupportPairings(two, needs, 3).pairings).toHaveLength(3);
  });

  it('a need with as many approved helpers as it wants gets none; approved or rejected helpers are not proposed to it again', () => {
    const ps = [pledge('p'), pledge('q')];
    expect(planSupportPairings(ps, [need('n', { approvedHelperIds: ['h-p', 'other'] })], 3).pairings).toEqual([]);
    expect(planSupportPairings(ps, [need('n', { approvedHelperIds: ['h-p'] })], 3).pairings.map((p) => p.pledgeId)).toEqual(['q']);
    expect(planSupportPairings(ps, [need('n', { rejectedHelperIds: ['h-q'] })], 3).pairings.map((p) => p.pledgeId)).toEqual(['p']);
  });

  it('prefers a helper giving the kinds nobody approved gives yet', () => {
    const ps = [pledge('shop', { kinds: ['SHOPPING'] }), pledge('call', { kinds: ['CHECK_IN_CALL'] })];
    const n = need('n', { kinds: ['SHOPPING', 'CHECK_IN_CALL'], approvedHelperIds: ['someone'], covered: ['SHOPPING'] });
    expect(planSupportPairings(ps, [n], 3).pairings.map((p) => p.pledgeId)).toEqual(['call']);
  });
});

describe('parseNeedsCsv', () => {
  const HEADER = '管理番号,仮名,地区,支援の種類,時間帯,同意';
  it('reads Japanese labels (even those holding the separator) and enum values', () => {
    const { rows, errors } = parseNeedsCsv(`\ufeff${HEADER}\r\nK-1,Aさん,中央,通訳・翻訳・買い物,平日昼間;WEEKEND_MORNING,はい\r\n"K-2","B 様","合川","SHOPPING","週末午後",いいえ\r\n`);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, ref: 'K-1', label: 'Aさん', area: '中央', kinds: ['TRANSLATION', 'SHOPPING'], slots: ['WEEKDAY_DAYTIME', 'WEEKEND_MORNING'], consent: true },
      { line: 3, ref: 'K-2', label: 'B 様', area: '合川', kinds: ['SHOPPING'], slots: ['WEEKEND_AFTERNOON'], consent: false },
    ]);
  });

  it('reports every bad line by its number, and keeps no rows', () => {
    const csv = [HEADER, 'K-1,Aさん,中央,買い物,平日昼間,はい', 'K-2,Bさん,,空を飛ぶ,平日昼間,はい', 'K-1,Cさん,中央,買い物,真夜中,たぶん', 'K-4,"改行\nあり",中央,買い物,平日昼間,はい', 'K-5,Eさん,中央'].join('\n');
    const { rows, errors } = parseNeedsCsv(csv);
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 7]);
    expect(errors[0].message).toMatch(/地区が空です.*未知の支援の種類です/);
    expect(errors[1].message).toMatch(/2行目と重複.*未知の時間帯.*同意/);
    expect(errors[3].message).toContain('列の数');
  });

  it('refuses a file with a name column', () => {
    const { errors } = parseNeedsCsv(`管理番号,氏名,仮名,地区,支援の種類,時間帯,同意\nK-1,久留米太郎,A,中央,買い物,平日昼間,はい`);
    expect(errors[0]).toMatchObject({ line: 1 });
    expect(errors[0].message).toContain('氏名');
  });
});

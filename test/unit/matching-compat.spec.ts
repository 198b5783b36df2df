import { popcount, slotMask, SLOTS, type Slot } from '../../src/lib/slots/slots.js';
import { compatible, encodeOffer, encodeStudent } from '../../src/matching/engine/compat.js';
import type { Mode, Stage } from '../../src/matching/engine/types.js';
import { MODES, STAGES } from '../../src/matching/engine/types.js';

const student = (stage: Stage, slots: Slot[], modes: Mode[]): number => encodeStudent(stage, slots, modes);
const offer = (stages: Stage[], slots: Slot[], mode: Mode): number => encodeOffer(stages, slots, mode);

describe('compat masks', () => {
  it('stage: the offer must accept the student stage', () => {
    const o = offer(['JUNIOR_HIGH', 'HIGH_SCHOOL'], [], 'HYBRID');
    expect(compatible(student('JUNIOR_HIGH', ['WEEKEND_MORNING'], ['ONSITE']), o)).toBe(true);
    expect(compatible(student('HIGH_SCHOOL', ['WEEKEND_MORNING'], ['ONSITE']), o)).toBe(true);
    expect(compatible(student('ELEMENTARY', ['WEEKEND_MORNING'], ['ONSITE']), o)).toBe(false);
    expect(compatible(student('UNIVERSITY', ['WEEKEND_MORNING'], ['ONSITE']), o)).toBe(false);
    expect(compatible(student('UNIVERSITY', ['WEEKEND_MORNING'], ['ONSITE']), offer([], [], 'HYBRID'))).toBe(false);
  });

  it('slots: overlap needed; an offer without slots fits every student, even one without slots', () => {
    const o = offer(STAGES.slice(), ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_MORNING'], 'HYBRID');
    expect(compatible(student('HIGH_SCHOOL', ['WEEKEND_MORNING', 'WEEKEND_EVENING'], ['ONSITE']), o)).toBe(true);
    expect(compatible(student('HIGH_SCHOOL', ['WEEKDAY_DAYTIME', 'WEEKEND_EVENING'], ['ONSITE']), o)).toBe(false);
    expect(compatible(student('HIGH_SCHOOL', [], ['ONSITE']), o)).toBe(false);
    const anyTime = offer(STAGES.slice(), [], 'HYBRID');
    for (const s of SLOTS) expect(compatible(student('HIGH_SCHOOL', [s], ['ONLINE']), anyTime)).toBe(true);
    expect(compatible(student('HIGH_SCHOOL', [], ['ONLINE']), anyTime)).toBe(true);
  });

  it('mode: HYBRID fits everyone, ONSITE needs ONSITE, ONLINE needs ONLINE', () => {
    const all = STAGES.slice();
    const slots: Slot[] = ['WEEKEND_AFTERNOON'];
    const combos: Mode[][] = [[], ['ONSITE'], ['ONLINE'], ['HYBRID'], ['ONSITE', 'ONLINE'], ['ONLINE', 'HYBRID'], ['ONSITE', 'HYBRID'], MODES.slice()];
    for (const modes of combos) {
      const s = student('UNIVERSITY', slots, modes);
      expect(compatible(s, offer(all, slots, 'HYBRID'))).toBe(true);
      expect(compatible(s, offer(all, slots, 'ONSITE'))).toBe(modes.includes('ONSITE'));
      expect(compatible(s, offer(all, slots, 'ONLINE'))).toBe(modes.includes('ONLINE'));
    }
  });

  it('agrees with the rules written out with strings on every combination', () => {
    const stageSets: Stage[][] = [[], ['ELEMENTARY'], ['JUNIOR_HIGH', 'HIGH_SCHOOL'], STAGES.slice()];
    const slotSets: Slot[][] = [[], ['WEEKDAY_DAYTIME'], ['WEEKDAY_EVENING', 'WEEKEND_EVENING'], SLOTS.slice()];
    const modeSets: Mode[][] = [[], ['ONSITE'], ['ONLINE'], ['HYBRID'], ['ONSITE', 'ONLINE']];
    let checked = 0;
    for (const st of STAGES)
      for (const ss of slotSets)
        for (const sm of modeSets)
          for (const os of stageSets)
            for (const osl of slotSets)
              for (const om of MODES) {
                const expected =
                  os.includes(st) &&
                  (osl.length === 0 || osl.some((x) => ss.includes(x))) &&
                  (om === 'HYBRID' || sm.includes(om));
                expect(compatible(encodeStudent(st, ss, sm), encodeOffer(os, osl, om))).toBe(expected);
                checked++;
              }
    expect(checked).toBe(4 * 4 * 5 * 4 * 4 * 3);
  });

  it('masks and popcount', () => {
    expect(slotMask(['WEEKDAY_DAYTIME', 'WEEKEND_EVENING'])).toBe(0b100001);
    expect(popcount(0b101101)).toBe(4);
    expect(() => encodeStudent('KINDERGARTEN' as Stage, [], [])).toThrow(/unknown stage/);
  });
});

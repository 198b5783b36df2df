import { announcedAt, fiscalYearLabel, jstDayAt } from '../../src/demo/demo-timeline.js';

const DAY = 86_400_000;

describe('the demo timeline', () => {
  it('names the fiscal year (April to March, Japan time) as the city does', () => {
    expect(fiscalYearLabel(new Date('2026-03-31T14:59:59Z'))).toBe('令和7年度'); // 23:59 on 31 March in Japan
    expect(fiscalYearLabel(new Date('2026-03-31T15:00:00Z'))).toBe('令和8年度'); // 00:00 on 1 April in Japan
    expect(fiscalYearLabel(new Date('2019-05-01T03:00:00Z'))).toBe('令和元年度');
    expect(fiscalYearLabel(new Date('2027-01-10T00:00:00Z'))).toBe('令和8年度');
  });

  it('takes the Japanese date of an instant at an hour there', () => {
    // 23:30 UTC on 20 May is 08:30 on 21 May in Japan
    expect(jstDayAt(new Date('2026-05-20T23:30:00Z'), 10).toISOString()).toBe('2026-05-21T01:00:00.000Z');
    expect(jstDayAt(new Date('2026-05-20T14:00:00Z'), 10).toISOString()).toBe('2026-05-20T01:00:00.000Z');
  });

  it('announces an event at 10:00 four weeks before it, or a little before now when that is still to come; never two at once', () => {
    const now = new Date('2026-05-20T23:30:00Z');
    const soon = new Date('2026-05-24T11:00:00Z'); // in three days
    expect(announcedAt(now, soon, 0).toISOString()).toBe('2026-04-26T01:00:00.000Z');
    expect(announcedAt(now, soon, 2).toISOString()).toBe('2026-04-26T01:14:00.000Z');
    const far = new Date(now.getTime() + 48 * DAY);
    expect(announcedAt(now, far, 0).getTime()).toBe(now.getTime() - 53 * 60_000);
    expect(announcedAt(now, far, 3).getTime()).toBe(now.getTime() - 4 * 53 * 60_000);
    for (const offset of [-30, -7, 0, 3, 27, 28, 29, 60]) {
      const startsAt = new Date(now.getTime() + offset * DAY);
      const at = announcedAt(now, startsAt, 5);
      expect(at.getTime()).toBeLessThan(Math.min(now.getTime(), startsAt.getTime()));
    }
  });
});

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DataSource } from 'typeorm';
import { Platform } from '../graph/graph.enums.js';
import { xmlText } from '../lib/text/xml.js';

export const TIME_ZONE = 'Asia/Tokyo';
/** Japan has kept +09:00 without daylight saving since 1951: one STANDARD rule describes it. */
export const ASIA_TOKYO_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TIME_ZONE}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0900',
  'TZOFFSETTO:+0900',
  'TZNAME:JST',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** The calendar holds events from 30 days ago to a year ahead, at most this many. */
export const MAX_CALENDAR_EVENTS = 1000;
export const MAX_FEED_ITEMS = 50;

const PLATFORM_LABELS: Record<Platform, string> = {
  COMMITTEE: 'つどう・新地福委員会',
  FUTURE_CONFERENCE: 'はぐくむ・プラットフォーム未来会議',
  PREPAREDNESS: 'そなえる・みんなのもしも',
  TV: 'つたえる・地福TV',
};

interface CalendarRow {
  id: string;
  platform: Platform;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date | null;
  location: string | null;
  onlineUrl: string | null;
  replayUrl: string | null;
  createdAt: Date;
}

/** A date as Asia/Tokyo wall-clock time, `YYYY-MM-DDTHH:mm:ss`, for ical-generator with TZID=Asia/Tokyo. */
export function tokyoLocal(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 19);
}

/**
 * The public feeds for calendar apps and feed readers: the events of the platforms as RFC 5545
 * iCalendar (times in TZID=Asia/Tokyo with its VTIMEZONE), and 地福TV's episodes as RSS 2.0.
 * Public events only: the gatherings of joint actions (students with an organisation) are left out.
 */
@Injectable()
export class FeedsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private rows(platform: Platform | undefined, where: string, order: string, limit: number): Promise<CalendarRow[]> {
    return this.db.query(
      `SELECT e.id, e.platform, e.title, e.description, e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.location,
              e.online_url AS "onlineUrl", te.replay_url AS "replayUrl", e.created_at AS "createdAt"
       FROM event e LEFT JOIN tv_episode te ON te.event_id = e.id
       WHERE NOT EXISTS (SELECT 1 FROM joint_action j WHERE j.event_id = e.id) AND ($1::platform IS NULL OR e.platform = $1::platform) ${where}
       ORDER BY ${order} LIMIT ${limit}`,
      [platform ?? null],
    );
  }

  async calendar(platform: Platform | undefined, baseUrl: string): Promise<string> {
    const events = await this.rows(platform, `AND e.starts_at >= now() - interval '30 days' AND e.starts_at < now() + interval '366 days'`, 'e.starts_at, e.id', MAX_CALENDAR_EVENTS);
    const name = platform ? `地域福祉NEO ${PLATFORM_LABELS[platform]}` : '地域福祉NEO イベント';
    const cal = ical({ name, prodId: { company: 'chifuku-neo', product: 'calendar', language: 'JA' }, method: ICalCalendarMethod.PUBLISH, ttl: 3600 });
    cal.timezone({ name: null, generator: (tz) => (tz === TIME_ZONE ? ASIA_TOKYO_VTIMEZONE : null) });
    cal.x('X-WR-TIMEZONE', TIME_ZONE);
    const host = new URL(baseUrl).host || 'chifuku-neo';
    for (const e of events) {
      const live = e.onlineUrl ?? undefined;
      const lines = [e.description, `（${PLATFORM_LABELS[e.platform]}）`];
      if (live) lines.push(`配信・オンライン参加: ${live}`);
      if (e.replayUrl) lines.push(`アーカイブ: ${e.replayUrl}`);
      cal.createEvent({
        id: `${e.id}@${host}`,
        start: tokyoLocal(e.startsAt),
        end: tokyoLocal(e.endsAt ?? new Date(e.startsAt.getTime() + 3600_000)),
        timezone: TIME_ZONE,
        stamp: e.createdAt,
        summary: e.title,
        description: lines.filter(Boolean).join('\n'),
        location: e.location ?? live ?? null,
        url: e.replayUrl ?? live ?? null,
        categories: [{ name: PLATFORM_LABELS[e.platform] }],
      });
    }
    return cal.toString();
  }

  /** RSS 2.0 of 地福TV's episodes, newest first: the replay when there is one, else the live link. */
  async episodesRss(baseUrl: string): Promise<string> {
    const episodes = await this.rows(Platform.TV, 'AND EXISTS (SELECT 1 FROM tv_episode x WHERE x.event_id = e.id)', 'e.starts_at DESC, e.id DESC', MAX_FEED_ITEMS);
    const items = episodes.map((e) => {
      const link = e.replayUrl ?? e.onlineUrl ?? `${baseUrl}/calendar.ics?platform=TV`;
      const when = new Intl.DateTimeFormat('ja-JP', { timeZone: TIME_ZONE, dateStyle: 'long', timeStyle: 'short' }).format(e.startsAt);
      return [
        '<item>',
        `<title>${xmlText(e.title)}</title>`,
        `<link>${xmlText(link)}</link>`,
        `<guid isPermaLink="false">${xmlText(`chifuku-neo:episode:${e.id}`)}</guid>`,
        `<pubDate>${e.createdAt.toUTCString()}</pubDate>`,
        `<description>${xmlText(`${when} 配信。${e.description}`)}</description>`,
        e.replayUrl ? `<enclosure url="${xmlText(e.replayUrl)}" type="video/mp4" length="0"/>` : '',
        '</item>',
      ].join('');
    });
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
      '<channel>',
      '<title>つたえる・地福TV</title>',
      `<link>${xmlText(baseUrl)}</link>`,
      `<atom:link href="${xmlText(`${baseUrl}/tv/episodes.rss`)}" rel="self" type="application/rss+xml"/>`,
      '<description>久留米市 地域福祉NEO の配信番組。ほかのプラットフォームの動きを伝えます。</description>',
      '<language>ja</language>',
      ...items,
      '</channel>',
      '</rss>',
      '',
    ].join('\n');
  }
}


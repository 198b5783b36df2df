import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import type { Request } from 'express';
import { RateCost, ROUTE_POINTS } from '../common/security/http-rate-limit.guard.js';
import { Platform } from '../graph/graph.enums.js';
import { FeedsService } from './feeds.service.js';

/** GET /calendar.ics (?platform= narrows it) and GET /tv/episodes.rss: public, cacheable for a few minutes. */
@Controller()
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get('calendar.ics')
  @RateCost(ROUTE_POINTS.calendarIcs)
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('content-disposition', 'inline; filename="chifuku-neo.ics"')
  @Header('cache-control', 'public, max-age=300')
  calendar(@Query('platform') platform: unknown, @Req() req: Request): Promise<string> {
    return this.feeds.calendar(parsePlatform(platform), baseUrl(req));
  }

  @Get('tv/episodes.rss')
  @RateCost(ROUTE_POINTS.episodesRss)
  @Header('content-type', 'application/rss+xml; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  episodes(@Req() req: Request): Promise<string> {
    return this.feeds.episodesRss(baseUrl(req));
  }
}

function parsePlatform(value: unknown): Platform | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && (Object.values(Platform) as string[]).includes(value.toUpperCase())) return value.toUpperCase() as Platform;
  throw badInput([{ field: 'platform', message: `platform は ${Object.values(Platform).join(', ')} のいずれかにしてください` }]);
}

function baseUrl(req: Request): string {
  const host = (req.get('host') ?? 'localhost').replace(/[^A-Za-z0-9.:\-[\]]/g, '');
  return `${req.protocol}://${host}`;
}

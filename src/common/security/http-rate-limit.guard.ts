import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { VIEWER_RESOLVER, type ViewerResolver } from '../graphql/context.js';
import { RateLimiter } from './rate-limiter.service.js';

const RATE_COST_KEY = 'chifuku:rate-cost';

/**
 * The points one request to a plain HTTP route (a Nest controller, not /graphql) takes from the
 * caller's per-minute budget. A fixed price per route, about the work behind it compared with a
 * GraphQL query (which costs 1 point per 100 objects it loads), and listed in README "Operating".
 * 0: the route is never limited.
 */
export const RateCost = (points: number) => SetMetadata(RATE_COST_KEY, points);

/** For probes that must answer whoever asks, however often (GET /health: a refused probe would look like a dead instance). */
export const NoRateLimit = () => RateCost(0);

/** Routes that name no price: a cheap request, as a query of a few objects. */
export const DEFAULT_ROUTE_POINTS = 1;

/**
 * What each file and feed route costs (points per request), kept together so that README and code
 * agree. Measured on the development machine against GraphQL's prices: `{ me { id } }` (1 point)
 * takes about 8 ms, 100 events (2 points) about 26 ms, and the dearest query allowed (251 points)
 * about a second. The PDF and the SVG are heavier still than their time says: their work is CPU on
 * the API's event loop, where a query mostly waits on PostgreSQL.
 */
export const ROUTE_POINTS = {
  /** about 90 ms: fontkit parses the Noto Sans JP fonts, pdfkit lays out the page and subsets them */
  planPdf: 20,
  /** about 100 ms for 60 perspectives by 30 people, more for larger meetings: loads every perspective and stance, tokenizes the texts, finds opinion groups, draws */
  mapSvg: 20,
  /** one aggregate query over a meeting's perspectives and stances, serialized (coordinators only) */
  perspectivesCsv: 10,
  /** about 30 ms for 200 events, up to 1000 of them; calendar apps poll it, and it may be cached for 5 minutes */
  calendarIcs: 5,
  /** about 5 ms: the 50 newest episodes */
  episodesRss: 2,
} as const;

/**
 * The rate budgets of the GraphQL requests (graphql-limits.ts) applied to every plain HTTP route:
 * rendering a PDF or an SVG costs far more than most queries, and these routes used to be outside
 * any limit. The caller is recognized as those controllers recognize it (the ViewerResolver's fromRequest:
 * `Authorization: Bearer` or `x-api-key`; a public route with no or a bad credential is charged to
 * the client address, which honours TRUSTED_PROXIES through `req.ip`). Past the budget the request
 * is refused before the handler runs, with 429, `Retry-After` and the GraphQL error shape
 * (DomainErrorFilter). GraphQL resolvers pass through: their operations are charged by cost in the
 * Apollo plugin.
 */
@Injectable()
export class HttpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(VIEWER_RESOLVER) private readonly viewers: ViewerResolver,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'http') return true;
    const points = this.reflector.getAllAndOverride<number | undefined>(RATE_COST_KEY, [context.getHandler(), context.getClass()]) ?? DEFAULT_ROUTE_POINTS;
    if (points <= 0) return true;
    const req = context.switchToHttp().getRequest<Request>();
    // the controller asks again for the same request: the resolver (identity's ViewerService) answers that from its memo
    const viewer = await this.viewers.fromRequest(req);
    await this.limiter.chargePoints(viewer, req.ip ?? req.socket?.remoteAddress, points);
    return true;
  }
}

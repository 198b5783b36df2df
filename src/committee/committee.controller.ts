import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { forbidden, unauthenticated } from '../common/errors/domain-error.js';
import { hasRole } from '../common/graphql/context.js';
import { RateCost, ROUTE_POINTS } from '../common/security/http-rate-limit.guard.js';
import { ViewerService } from '../identity/viewer.service.js';
import { Role } from '../identity/role.enum.js';
import { CommitteeService } from './committee.service.js';
import { toCsv } from './export/csv.js';
import { renderMapSvg } from './export/map-svg.js';
import { PerspectiveMapService } from './perspective-map.service.js';
import { ThemeService } from '../graph/theme.service.js';

/**
 * The committee's files: the map as SVG (anyone: aggregates only, the small-group rule applies)
 * and a meeting's perspectives as CSV (coordinators). Refusals are thrown: DomainErrorFilter answers
 * them like GraphQL errors, with the contract's code, its details and a matching status.
 */
@Controller('committee/meetings')
export class CommitteeController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly committee: CommitteeService,
    private readonly maps: PerspectiveMapService,
    private readonly themes: ThemeService,
  ) {}

  @Get(':id/map.svg')
  @RateCost(ROUTE_POINTS.mapSvg)
  async mapSvg(@Param('id') id: string, @Res() res: Response): Promise<void> {
      const meeting = await this.committee.meeting(id);
      const map = await this.maps.map({ key: `event.${meeting.id}`, eventId: meeting.id });
      const svg = await renderMapSvg({
        title: meeting.title,
        perspectives: map.perspectives,
        participants: map.participants,
        rows: map.themeByGeneration,
        buckets: map.generationBuckets,
        groups: map.opinionGroups.map((g) => ({
          label: g.label,
          size: g.size,
          representatives: g.representativeStances.map((r) => ({ text: r.perspective.text, direction: r.direction })),
        })),
        points: map.points,
        consensus: map.consensus.map((p) => p.text),
        shared: map.consensusRanked.slice(0, 5).map((c) => c.perspective.text),
        divisive: map.divisive.map((p) => p.text),
        summary: map.summary,
      });
      res
        .status(200)
        .set({
          'content-type': 'image/svg+xml; charset=utf-8',
          // the embedded font is a data: URI; nothing else may load
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; font-src data:",
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        })
        .send(svg);
  }

  @Get(':id/perspectives.csv')
  @RateCost(ROUTE_POINTS.perspectivesCsv)
  async perspectivesCsv(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
      const viewer = await this.viewers.fromRequest(req);
      if (viewer.kind === 'anonymous') throw viewer.authError ?? unauthenticated();
      if (!hasRole(viewer, Role.COORDINATOR)) throw forbidden('CSV を書き出せるのはコーディネーターです');
      const meeting = await this.committee.meeting(id);
      const labels = new Map((await this.themes.all()).map((t) => [t.key, t.label]));
      const rows = await this.committee.exportRows(meeting.id);
      const csv = toCsv(
        ['視点ID', '会議', '議題', '視点', 'テーマ', '投稿者', '匿名', '賛成', '反対', 'パス', '投稿日時'],
        rows.map((r) => [
          r.id,
          meeting.title,
          r.agendaTitle,
          r.text,
          r.themes.map((t) => labels.get(t) ?? t).join('・'),
          r.anonymous ? '（匿名）' : r.authorName,
          r.anonymous ? 'はい' : 'いいえ',
          r.agree,
          r.disagree,
          r.pass,
          r.createdAt.toISOString(),
        ]),
      );
      res
        .status(200)
        .set({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="perspectives-${meeting.id}.csv"; filename*=UTF-8''${encodeURIComponent(`視点-${meeting.id}.csv`)}`,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        })
        .send(Buffer.from(csv, 'utf8'));
  }
}

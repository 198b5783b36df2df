import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { forbidden, unauthenticated } from '../common/errors/domain-error.js';
import { RateCost, ROUTE_POINTS } from '../common/security/http-rate-limit.guard.js';
import { ViewerService } from '../identity/viewer.service.js';
import { renderPlanPdf } from './plan-pdf.js';
import { PreparednessService } from './preparedness.service.js';

/** The signed-in person's もしもプラン as a printable one-page PDF (Bearer token, as for GraphQL); refusals answer through DomainErrorFilter. */
@Controller('preparedness')
export class PreparednessController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly preparedness: PreparednessService,
  ) {}

  @Get('plan.pdf')
  @RateCost(ROUTE_POINTS.planPdf)
  async planPdf(@Req() req: Request, @Res() res: Response): Promise<void> {
    const viewer = await this.viewers.fromRequest(req);
      if (viewer.kind === 'anonymous') throw viewer.authError ?? unauthenticated();
      if (viewer.kind !== 'user') throw forbidden('もしもプランはユーザーとしてログインして印刷してください');
      const [plan, name] = await Promise.all([this.preparedness.plan(viewer.userId), this.preparedness.displayName(viewer.userId)]);
      const pdf = await renderPlanPdf(plan, { name });
      res
        .status(200)
        .set({
          'content-type': 'application/pdf',
          'content-disposition': `inline; filename="moshimo-plan.pdf"; filename*=UTF-8''${encodeURIComponent('もしもプラン.pdf')}`,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        })
        .send(pdf);
  }
}

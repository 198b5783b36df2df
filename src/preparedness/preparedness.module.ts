import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { TvModule } from '../tv/tv.module.js';
import { PreparednessController } from './preparedness.controller.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { SupportNeedPersonalData } from './disaster/support-need-personal-data.js';
import { PreparednessPersonalData } from './preparedness-personal-data.js';
import { PREPAREDNESS_RESOLVERS } from './preparedness.resolver.js';
import { PreparednessService } from './preparedness.service.js';
import { SupportMatchingRunProcessor } from './run/support-matching-run.processor.js';
import { SupportService } from './support.service.js';
import { contactCipherProvider, ContactCardService } from './disaster/contact-card.service.js';
import { DisasterDeclaredProcessor } from './disaster/disaster-declared.processor.js';
import { DisasterService } from './disaster/disaster.service.js';
import { HelpService } from './disaster/help.service.js';
import { SafetyService } from './disaster/safety.service.js';

/**
 * そなえる・みんなのもしも: scenarios, もしもプラン (and its PDF), pledges, needs, pairings, drills, and
 * the day it happens (disaster/): disasters, contact cards, safety reports, helpers' assignments.
 */
@Module({
  // TvModule: an opened scenario is a line of 地福TV's feed, recorded in the scenario's transaction
  imports: [GraphModule, IdentityModule, TvModule, PersonalDataModule],
  controllers: [PreparednessController],
  providers: [
    PreparednessService,
    SupportService,
    PreparednessPersonalData,
    SupportNeedPersonalData,
    DisasterService,
    SafetyService,
    ContactCardService,
    HelpService,
    contactCipherProvider,
    ...PREPAREDNESS_RESOLVERS,
  ],
  exports: [ContactCardService],
})
export class PreparednessModule {}

/** The SUPPORT matching run's processor and the disaster notifications, for the worker. */
@Module({ providers: [SupportMatchingRunProcessor, DisasterDeclaredProcessor] })
export class PreparednessJobsModule {}

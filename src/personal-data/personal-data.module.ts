import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PersonalDataRegistry } from './personal-data.registry.js';

/** The registry of every module's PersonalDataStep (personal-data.ts); imports no domain module. */
@Module({
  imports: [DiscoveryModule],
  providers: [PersonalDataRegistry],
  exports: [PersonalDataRegistry],
})
export class PersonalDataModule {}

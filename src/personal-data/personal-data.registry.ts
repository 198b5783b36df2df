import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { PersonalData, type DataSubject, type PersonalDataStep } from './personal-data.js';

interface Registered {
  name: string;
  order: number;
  step: PersonalDataStep;
}

/** Every module's PersonalDataStep, found at start-up; run all at once, in one caller's transaction. */
@Injectable()
export class PersonalDataRegistry implements OnModuleInit {
  private steps: Registered[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const seen = new Set<unknown>();
    this.steps = this.discovery
      .getProviders({ metadataKey: PersonalData.KEY })
      .filter((w) => w.instance && !seen.has(w.metatype) && seen.add(w.metatype))
      .map((w) => ({
        name: w.name,
        order: this.discovery.getMetadataByDecorator(PersonalData, w)?.order ?? 100,
        step: w.instance as PersonalDataStep,
      }))
      .sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The names of the steps, in the order they run. */
  get names(): string[] {
    return this.steps.map((s) => s.name);
  }

  /** Every `table.column` the steps of a subject cover. */
  covered(subject: DataSubject = 'student'): string[] {
    return this.of(subject).flatMap((s) => s.step.covers);
  }

  private of(subject: DataSubject): Registered[] {
    return this.steps.filter((s) => (s.step.subject ?? 'student') === subject);
  }

  /** Each student step's sections, in one document; two steps naming the same section is a programming error. */
  async exportAll(tx: EntityManager, studentId: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const { name, step } of this.of('student')) {
      if (!step.export) throw new Error(`the student data step ${name} has no export`);
      for (const [section, value] of Object.entries(await step.export(tx, studentId))) {
        if (section in out) throw new Error(`personal data section "${section}" is exported twice (${name})`);
        out[section] = value;
      }
    }
    return out;
  }

  /** Every erasure step of the subject, in order, in the caller's transaction. */
  async eraseAll(tx: EntityManager, subjectId: string, subject: DataSubject = 'student'): Promise<void> {
    for (const { step } of this.of(subject)) await step.erase(tx, subjectId);
  }
}

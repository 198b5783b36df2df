import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ParticipationMode } from '../graph/graph.enums.js';
import { StudentStage } from './student.enums.js';
import { TimeSlot } from '../lib/slots/slots.js';

@ObjectType()
export class StudentProfile {
  @Field(() => [String], { description: 'theme keys' }) themes: string[];
  @Field({ description: '悩み・問題意識, free text' }) concerns: string;
  @Field({ description: 'やってみたいこと・得意なこと, free text' }) interests: string;
  @Field(() => String, { nullable: true }) area: string | null;
  @Field(() => [TimeSlot]) slots: TimeSlot[];
  @Field(() => [ParticipationMode]) modes: ParticipationMode[];
}

/**
 * A student as other modules hand it to GraphQL (get one with `StudentService.byId`).
 *
 * Only `id`, `displayName` and `stage` are plain fields. `school`, `guardianConsent`, `matchable`
 * and `profile` are resolved by StudentResolver, which answers them only to coordinators, the
 * student themself and the student's own school key (student.policy.ts); everyone else gets
 * FORBIDDEN. The undecorated properties below are the data those guarded fields read: never
 * expose them through another field.
 */
@ObjectType()
export class Student {
  @Field(() => ID) id: string;
  @Field() displayName: string;
  @Field(() => StudentStage) stage: StudentStage;

  schoolId: string;
  guardianConsent: boolean;
  withdrawnAt: Date | null;
  /** absent when the student was read as a summary (STUDENT_SUMMARY_JSON: a page's participants); the profile and matchable fields then read it */
  profile?: StudentProfile;
}

/** A student read whole (STUDENT_COLUMNS), profile included. */
export type WholeStudent = Student & { profile: StudentProfile };

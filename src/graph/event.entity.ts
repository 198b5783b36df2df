import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ParticipantStatus, ParticipationMode, Platform } from './graph.enums.js';

@Entity('event')
export class EventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'enum', enum: Platform, enumName: 'platform' }) platform: Platform;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true }) endsAt: Date | null;
  @Column({ type: 'enum', enum: ParticipationMode, enumName: 'participation_mode' }) mode: ParticipationMode;
  @Column({ type: 'text', nullable: true }) location: string | null;
  @Column({ name: 'online_url', type: 'text', nullable: true }) onlineUrl: string | null;
  @Column({ type: 'int', nullable: true }) capacity: number | null;
  @Column({ name: 'host_organization_id', type: 'uuid', nullable: true }) hostOrganizationId: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  /** joined participants; changed only by the join/leave transactions */
  @Column({ name: 'participant_count', type: 'int', update: false }) participantCount: number;
  /** a joint action's gathering: only its parties see it (EventService.visibleTo) */
  @Column({ type: 'boolean', default: false, update: false }) gathering: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('event_participant')
export class EventParticipantEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'enum', enum: ParticipantStatus, enumName: 'participant_status' }) status: ParticipantStatus;
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column({ name: 'joined_at', type: 'timestamptz' }) joinedAt: Date;
  @Column({ name: 'promoted_at', type: 'timestamptz', nullable: true }) promotedAt: Date | null;
}

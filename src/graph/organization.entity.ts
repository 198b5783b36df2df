import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { OrganizationKind } from './graph.enums.js';

@Entity('organization')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'enum', enum: OrganizationKind, enumName: 'organization_kind' }) kind: OrganizationKind;
  @Column({ type: 'text', nullable: true }) area: string | null;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'boolean' }) verified: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('organization_member')
export class OrganizationMemberEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './role.enum.js';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false }) passwordHash: string | null;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ type: 'enum', enum: Role, enumName: 'role', array: true }) roles: Role[];
  @Column({ type: 'text', nullable: true }) area: string | null;
  /** raised to revoke every token issued before (TokenClaims.ver) */
  @Column({ name: 'token_version', type: 'int', default: 0 }) tokenVersion: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('school')
export class SchoolEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  /** sha256 of the key; the key is shown once at registration and never stored */
  @Column({ name: 'api_key_hash', type: 'bytea', select: false }) apiKeyHash: Buffer;
  /** the key's first characters, so that people can tell keys apart without seeing them */
  @Column({ name: 'api_key_prefix', type: 'text' }) apiKeyPrefix: string;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

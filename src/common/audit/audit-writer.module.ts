import { Module } from '@nestjs/common';
import { AuditWriter } from './audit-writer.js';

/**
 * The audit log's writer alone (privacy_audit rows: ids and field names), low in the layering so
 * that any module records into it without depending on the privacy feature that reads the log.
 */
@Module({ providers: [AuditWriter], exports: [AuditWriter] })
export class AuditWriterModule {}

import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { isEntryPoint, runOrExit } from './common/entry.js';
import { PROJECT_ROOT } from './common/paths.js';
import { RESOLVERS } from './resolvers.js';

export const SCHEMA_FILE = join(PROJECT_ROOT, 'graphql', 'schema.graphql');

const HEADER = '# Emitted by `npm run schema:emit` from the code-first resolvers; do not edit by hand.\n# A test fails when this file differs from what the code emits.\n\n';

/** The schema as committed: sorted and printed, so that diffs show real changes only. */
export const printSchemaFile = (schema: GraphQLSchema): string => HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';

/** Builds the schema from the resolvers alone: no database, no server. */
export async function buildSchema(): Promise<GraphQLSchema> {
  const ctx = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    return await ctx.get(GraphQLSchemaFactory).create(RESOLVERS);
  } finally {
    await ctx.close();
  }
}

if (isEntryPoint(import.meta.url)) {
  runOrExit(async () => {
    await writeFile(SCHEMA_FILE, printSchemaFile(await buildSchema()));
    console.log(`wrote ${SCHEMA_FILE}`);
  });
}

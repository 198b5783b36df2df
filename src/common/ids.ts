const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a row, so callers treat it as not found instead of sending it to SQL. */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);

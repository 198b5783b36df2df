/** A timestamp inside json_build_object, as exports write them (ISO 8601, UTC, milliseconds). */
export const isoSql = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A text[] of theme keys as a JSON array of { key, label } in the list's own order. */
export const themesSql = (column: string): string =>
  `coalesce((SELECT json_agg(json_build_object('key', t.key, 'label', t.label) ORDER BY array_position(${column}, t.key)) FROM theme t WHERE t.key = ANY(${column})), '[]'::json)`;

/** Japanese list separator (中黒): 平日夜・週末午前. */
export const joinJa = (xs: readonly string[]): string => xs.join('・');

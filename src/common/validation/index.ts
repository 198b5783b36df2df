/** Input validation shared by every module: text lengths as the database counts them, plain text, trimming. */
export { MaxChars, PlainText } from './text.js';
export { Trim, trimText, type TrimOptions } from './trim.js';
export { passesRules } from './fast-check.js';
export { toInstance } from './fast-instance.js';

import type { CheckResult, InputCheckResult } from '../check.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export interface FormatOptions {
  /** Colour the text output (only on a TTY and never with NO_COLOR; the CLI decides). */
  color: boolean;
}

/** One formatter per output format, one file per format. */
export const FORMATTERS = {
  text: (result: CheckResult, options: FormatOptions) => formatText(result, options),
  json: (result: CheckResult) => formatJson(result),
  sarif: (result: CheckResult) => formatSarif(result, { inputProblems: (result as Partial<InputCheckResult>).inputProblems ?? [] }),
  markdown: (result: CheckResult) => formatMarkdown(result),
} satisfies Record<string, (result: CheckResult, options: FormatOptions) => string>;

export type Format = keyof typeof FORMATTERS;
export const FORMATS = Object.keys(FORMATTERS) as Format[];

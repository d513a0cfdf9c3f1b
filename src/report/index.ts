import type { CheckResult, InputCheckResult } from '../check-core.js';

export interface FormatOptions {
  /** Colour the text output (only on a TTY and never with NO_COLOR; the CLI decides). */
  color: boolean;
}

export type Formatter = (result: CheckResult, options: FormatOptions) => string;

/** The output formats, one file per format. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Loads only the chosen formatter: a run never pays for the SARIF or Markdown code it does not write (cold start). */
export async function loadFormatter(format: Format): Promise<Formatter> {
  switch (format) {
    case 'text': {
      const { formatText } = await import('./text.js');
      return (result, options) => formatText(result, options);
    }
    case 'json': {
      const { formatJson } = await import('./json.js');
      return (result) => formatJson(result);
    }
    case 'sarif': {
      const { formatSarif } = await import('./sarif.js');
      return (result) => formatSarif(result, { inputProblems: (result as Partial<InputCheckResult>).inputProblems ?? [] });
    }
    case 'markdown': {
      const { formatMarkdown } = await import('./markdown.js');
      return (result) => formatMarkdown(result);
    }
  }
}

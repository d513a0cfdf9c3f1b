import type { CheckResult, InputCheckResult } from '../check-core.js';
import type { TextSections } from './text-findings.js';

export interface FormatOptions {
  /** Colour the text output (only on a TTY and never with NO_COLOR; the CLI decides). */
  color: boolean;
}

/** Asynchronous: a format may load the code of the sections a result has only when it has them. */
export type Formatter = (result: CheckResult, options: FormatOptions) => Promise<string>;

/** The output formats, one file per format. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * Loads only the chosen formatter: a run never pays for the SARIF or Markdown code it does not write, nor
 * for the text report's placement and what-if sections without a cluster (cold start).
 */
export async function loadFormatter(format: Format): Promise<Formatter> {
  switch (format) {
    case 'text': {
      const { renderText } = await import('./text-findings.js');
      return async (result, options) => renderText(result, options, await textSections(result));
    }
    case 'json': {
      const { formatJson } = await import('./json.js');
      return async (result) => formatJson(result);
    }
    case 'sarif': {
      const { formatSarif } = await import('./sarif.js');
      return async (result) => formatSarif(result, { inputProblems: (result as Partial<InputCheckResult>).inputProblems ?? [] });
    }
    case 'markdown': {
      const { formatMarkdown } = await import('./markdown.js');
      return async (result) => formatMarkdown(result);
    }
  }
}

/** The text sections this result has: the predicted placement with a simulation, the what-if section with scenarios. */
async function textSections(result: CheckResult): Promise<TextSections> {
  return {
    ...(result.simulation ? { placement: (await import('./text-placement.js')).formatPlacementText } : {}),
    ...(result.placement?.whatIf ? { whatIf: (await import('./whatif-text.js')).formatWhatIfText } : {}),
  };
}

import type { CheckResult } from '../check.js';
import { renderText, type TextOptions } from './text-findings.js';
import { formatPlacementText } from './text-placement.js';
import { formatWhatIfText } from './whatif-text.js';

export { summaryLine, type TextOptions } from './text-findings.js';

/**
 * The text report with every section it can have (the Action, the library, tests). The CLI renders it
 * through src/report/index.ts instead, which loads the placement and what-if sections only for a result
 * with a cluster.
 */
export function formatText(result: CheckResult, options: TextOptions): string {
  return renderText(result, options, { placement: formatPlacementText, whatIf: formatWhatIfText });
}

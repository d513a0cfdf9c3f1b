import { toWorkload } from '../model/workload.js';
import { asString, isRecord, type KubeObject } from '../model/object.js';
import { IGNORE_PREFIX } from '../rules/run.js';
import { addAnnotation, appendListItem, type TextChange, type Value } from './edits.js';

/** A quick fix as plain data; the server turns it into an LSP CodeAction. */
export interface QuickFix {
  title: string;
  change: TextChange;
  /** The fix that resolves the problem rather than silencing it (editors offer it first). */
  preferred: boolean;
}

/** What a quick fix knows about the finding it fixes (from the diagnostic the client sends back). */
export interface FixableFinding {
  ruleId: string;
  /** The container the finding is about, if any. */
  container?: string;
  /** Rule-specific facts from the finding (`Diagnostic.data.fix`), e.g. the taints for `untolerated-taint`. */
  fix?: unknown;
}

/** The text a user replaces with their reason; berth counts any value as a reason. */
export const REASON_PLACEHOLDER = 'explain why this is acceptable';

/**
 * Fixes that change the manifest so the problem goes away, by rule id. Each rule that knows a mechanical fix
 * registers it here and puts what the fix needs into its finding's `data`; every other rule gets only the
 * suppression annotation.
 */
const RULE_FIXES: Record<string, (object: KubeObject, text: string, finding: FixableFinding) => QuickFix[]> = {
  'untolerated-taint': tolerationFixes,
};

export function quickFixes(object: KubeObject, text: string, finding: FixableFinding): QuickFix[] {
  const fixes = RULE_FIXES[finding.ruleId]?.(object, text, finding) ?? [];
  if (finding.ruleId === 'parse-error') return fixes; // there is no object to annotate
  const ignore = (key: string, title: string) => {
    const change = addAnnotation(text, object.doc.index, object.path, key, REASON_PLACEHOLDER);
    if (change) fixes.push({ title, change, preferred: false });
  };
  if (finding.container !== undefined) {
    ignore(`${IGNORE_PREFIX}${finding.ruleId}.${finding.container}`, `Ignore ${finding.ruleId} for container ${finding.container} of ${object.ref.kind} ${object.ref.name} (annotation)`);
  }
  ignore(`${IGNORE_PREFIX}${finding.ruleId}`, `Ignore ${finding.ruleId} for ${object.ref.kind} ${object.ref.name} (annotation)`);
  return fixes;
}

interface TaintFact {
  key: string;
  value?: string;
  effect: string;
}

/**
 * `untolerated-taint`: one fix per taint the finding names (`data: { taints: [{ key, value, effect }] }`),
 * adding the toleration that matches it exactly (TaintToleration's ToleratesTaint: Equal with the value, or
 * Exists for a taint without one).
 */
function tolerationFixes(object: KubeObject, text: string, finding: FixableFinding): QuickFix[] {
  const workload = toWorkload(object);
  if (!workload) return [];
  return taintsOf(finding.fix).flatMap((taint) => {
    const toleration: Record<string, Value> = taint.value
      ? { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }
      : { key: taint.key, operator: 'Exists', effect: taint.effect };
    const change = appendListItem(text, object.doc.index, [...object.path, ...workload.specPath], 'tolerations', toleration);
    const shown = `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
    return change ? [{ title: `Tolerate taint ${shown}`, change, preferred: true }] : [];
  });
}

function taintsOf(fix: unknown): TaintFact[] {
  if (!isRecord(fix) || !Array.isArray(fix.taints)) return [];
  return fix.taints.flatMap((t): TaintFact[] => {
    if (!isRecord(t)) return [];
    const key = asString(t.key);
    const effect = asString(t.effect);
    if (!key || !effect) return [];
    const value = asString(t.value);
    return [{ key, effect, ...(value ? { value } : {}) }];
  });
}

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
  message: string;
  /** The container the finding is about, if any. */
  container?: string;
  /** Rule-specific facts from the finding (`Diagnostic.data.fix`), e.g. the taints for `untolerated-taint`. */
  fix?: unknown;
}

/** What the server knows beyond the finding: the taints of the workspace's cluster snapshot. */
export interface FixContext {
  clusterTaints: readonly TaintFact[];
}

/** The text a user replaces with their reason; berth counts any value as a reason. */
export const REASON_PLACEHOLDER = 'explain why this is acceptable';

/**
 * Fixes that change the manifest so the problem goes away, by rule id. Each rule that knows a mechanical fix
 * registers it here and puts what the fix needs into its finding's `data`; every other rule gets only the
 * suppression annotation.
 */
const RULE_FIXES: Record<string, (object: KubeObject, text: string, finding: FixableFinding, context: FixContext) => QuickFix[]> = {
  'untolerated-taint': tolerationFixes,
};

export function quickFixes(object: KubeObject, text: string, finding: FixableFinding, context: FixContext = { clusterTaints: [] }): QuickFix[] {
  const fixes = RULE_FIXES[finding.ruleId]?.(object, text, finding, context) ?? [];
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

export interface TaintFact {
  key: string;
  value?: string;
  effect: string;
}

/**
 * `untolerated-taint`: one fix per taint the finding is about, adding the toleration that matches it exactly
 * (TaintToleration's ToleratesTaint: Equal with the value, or Exists for a taint without one). The taints
 * come from the finding's data (`{ taints: [{ key, value, effect }] }`) when the rule provides it, else from
 * its message (`Untolerated: key=value:Effect on node1, ...`), trusted only for taints the cluster snapshot
 * really has, so a reworded message yields no fix rather than a wrong one.
 */
function tolerationFixes(object: KubeObject, text: string, finding: FixableFinding, context: FixContext): QuickFix[] {
  const workload = toWorkload(object);
  if (!workload) return [];
  const fromData = taintsOf(finding.fix);
  const taints = fromData.length > 0 ? fromData : taintsNamedIn(finding.message, context.clusterTaints);
  return taints.flatMap((taint) => {
    const toleration: Record<string, Value> = taint.value
      ? { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }
      : { key: taint.key, operator: 'Exists', effect: taint.effect };
    const change = appendListItem(text, object.doc.index, [...object.path, ...workload.specPath], 'tolerations', toleration);
    return change ? [{ title: `Tolerate taint ${formatTaintFact(taint)}`, change, preferred: true }] : [];
  });
}

function formatTaintFact(taint: TaintFact): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
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

/** The snapshot's taints that the message names in kubectl's `key[=value]:Effect` form, in message order. */
export function taintsNamedIn(message: string, known: readonly TaintFact[]): TaintFact[] {
  const named = new Map(known.map((taint) => [formatTaintFact(taint), taint]));
  const found = new Map<string, TaintFact>();
  for (const match of message.matchAll(/[A-Za-z0-9][A-Za-z0-9./_-]*(?:=[A-Za-z0-9._-]*)?:(?:NoSchedule|PreferNoSchedule|NoExecute)\b/g)) {
    const taint = named.get(match[0]);
    if (taint && !found.has(match[0])) found.set(match[0], taint);
  }
  return [...found.values()];
}

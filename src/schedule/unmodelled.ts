import { asArray, isRecord } from '../model/object.js';
import type { Workload } from '../model/workload.js';

/**
 * Parts of a pod spec that default-profile plugins berth does not simulate would judge (semantics doc 3.7,
 * 3.10, section 18): volume claims (VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone) and
 * resource claims (DynamicResources). berth places such pods as if those plugins passed, and says so.
 */
export function unmodelledConstraints(workload: Workload): string[] {
  const out: string[] = [];
  const volumes = asArray(workload.spec.volumes).filter(isRecord);
  const claims = volumes.filter((v) => isRecord(v.persistentVolumeClaim)).length;
  const ephemeral = volumes.filter((v) => isRecord(v.ephemeral)).length;
  if (claims > 0 || ephemeral > 0 || asArray(asRecordOf(workload.object.raw.spec).volumeClaimTemplates).length > 0) {
    out.push('persistent volumes (binding, zones, attach limits) are not simulated: the pods are placed as if their volumes fit every node');
  }
  if (asArray(workload.spec.resourceClaims).length > 0) {
    out.push('resource claims (dynamic resource allocation) are not simulated: the pods are placed as if their devices were available on every node');
  }
  return out;
}

function asRecordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

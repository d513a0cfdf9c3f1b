import type { Rule } from '../src/rules/rule.js';
import parseError from './parse-error.js';
import hostNetwork from './host-network.js';
import duplicateObject from './duplicate-object.js';
import selectorMismatch from './selector-mismatch.js';
import hostPort from './host-port.js';
import hostPid from './host-pid.js';
import hostIpc from './host-ipc.js';
import privileged from './privileged.js';
import missingRequests from './missing-requests.js';
import missingMemoryLimit from './missing-memory-limit.js';
import requestsExceedLimits from './requests-exceed-limits.js';
import missingProbes from './missing-probes.js';
import latestTag from './latest-tag.js';
import schema from './schema.js';

/** Every rule berth ships, in the order `berth rules` lists them. */
export const RULES: readonly Rule[] = [parseError, schema, duplicateObject, selectorMismatch, hostNetwork,
  hostPort, hostPid, hostIpc, privileged, missingRequests, missingMemoryLimit, requestsExceedLimits, missingProbes, latestTag] as Rule[];

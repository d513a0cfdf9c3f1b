import { resolve } from 'node:path';
import { checkFiles } from '../check.js';
import { formatMessage, type Finding, type Rule } from '../rules/rule.js';

/** `settings.berth` of an ESLint config. */
export interface BerthSettings {
  /** Cluster snapshot path(s), relative to ESLint's working directory; placement rules need one. */
  cluster?: string | string[];
  /** Kubernetes version whose scheduler berth reproduces (e.g. "1.34"). */
  kubeVersion?: string;
}

interface Cached {
  key: string;
  findings: Finding[];
}

/**
 * One pipeline run per linted file, whichever of berth's rules are enabled: ESLint hands every rule the same
 * SourceCode object for a file, so it keys the cache (and lets the entry go with it).
 */
const cache = new WeakMap<object, Cached>();

export function findingsFor(sourceCode: { text: string }, filename: string, cwd: string, settings: unknown): Finding[] {
  const berth = readSettings(settings);
  const clusterPaths = berth.cluster.map((p) => resolve(cwd, p));
  const key = JSON.stringify([filename, clusterPaths, berth.kubeVersion]);
  const hit = cache.get(sourceCode);
  if (hit && hit.key === key) return hit.findings;
  const result = checkFiles([{ path: filename, text: sourceCode.text }], {
    ...(clusterPaths.length > 0 ? { clusterPaths } : {}),
    ...(berth.kubeVersion !== undefined ? { kubeVersion: berth.kubeVersion } : {}),
  });
  const findings = result.findings.filter((f) => f.location.file === filename);
  cache.set(sourceCode, { key, findings });
  return findings;
}

function readSettings(settings: unknown): { cluster: string[]; kubeVersion?: string } {
  const berth = (settings as { berth?: BerthSettings } | undefined)?.berth ?? {};
  const cluster = typeof berth.cluster === 'string' ? [berth.cluster] : Array.isArray(berth.cluster) ? berth.cluster.filter((p) => typeof p === 'string') : [];
  return { cluster, ...(typeof berth.kubeVersion === 'string' ? { kubeVersion: berth.kubeVersion } : {}) };
}

/** The message id ESLint reports with when a finding's text matches none of its rule's templates. */
export const FALLBACK_MESSAGE_ID = 'finding';

/**
 * The rule's message id and data that produce `finding.message`, so ESLint renders the message from the same
 * template berth does (berth's `{{name}}` placeholders are ESLint's syntax too). Found by matching the text
 * against each template, and accepted only if formatting it back gives the very same text.
 */
export function messageOf(rule: Rule, finding: Finding): { messageId: string; data: Record<string, string> } {
  for (const [messageId, template] of Object.entries(rule.messages as Record<string, string>)) {
    const names: string[] = [];
    const pattern = template
      .split(/(\{\{\s*\w+\s*\}\})/)
      .map((part) => {
        const name = /^\{\{\s*(\w+)\s*\}\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([\\s\\S]*?)';
      })
      .join('');
    const match = new RegExp(`^${pattern}$`).exec(finding.message);
    if (!match) continue;
    const data: Record<string, string> = {};
    names.forEach((name, i) => (data[name] = match[i + 1]!));
    if (formatMessage(template, data) === finding.message) return { messageId, data };
  }
  return { messageId: FALLBACK_MESSAGE_ID, data: { message: finding.message } };
}

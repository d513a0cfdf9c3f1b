/**
 * Shared by the snapshot sanity rules (rules/node-*.ts, rules/pod-on-unknown-node.ts): the snapshot's own
 * Node objects (inventory pools are berth's and validated by their schema) and pod CIDR arithmetic.
 */
import { asArray, asRecord, asString, type KubeObject } from '../model/object.js';
import type { NodeInfo } from '../schedule/cluster.js';
import type { RuleInput } from './rule.js';

/** Nodes read from Node objects of the snapshot, with their object. */
export function snapshotNodes(input: RuleInput): (NodeInfo & { source: KubeObject })[] {
  return (input.cluster?.nodes ?? []).filter((n): n is NodeInfo & { source: KubeObject } => n.source !== undefined && n.pool === undefined && n.source.ref.kind === 'Node');
}

/**
 * Addresses of a CIDR a pod can get: all but the network and broadcast addresses for IPv4 (host-local IPAM
 * also keeps the gateway), all but the subnet-router anycast address for IPv6. undefined when unparsable.
 */
export function podAddresses(cidr: string): bigint | undefined {
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) return undefined;
  const ipv6 = match[1]!.includes(':');
  const bits = ipv6 ? 128 : 32;
  const prefix = Number(match[2]);
  if (prefix > bits || (!ipv6 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(match[1]!))) return undefined;
  const size = 1n << BigInt(bits - prefix);
  if (ipv6) return size - 1n;
  return size > 2n ? size - 2n : 0n;
}

/** `spec.podCIDRs` (dual-stack) or `spec.podCIDR`, with the path of each. */
export function podCIDRsOf(node: KubeObject): { cidr: string; path: (string | number)[] }[] {
  const spec = asRecord(node.raw.spec);
  const list = asArray(spec.podCIDRs);
  if (list.length > 0) return list.flatMap((c, i) => (typeof c === 'string' ? [{ cidr: c, path: ['spec', 'podCIDRs', i] }] : []));
  const single = asString(spec.podCIDR);
  return single ? [{ cidr: single, path: ['spec', 'podCIDR'] }] : [];
}

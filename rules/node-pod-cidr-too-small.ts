import { defineRule } from '../src/rules/rule.js';
import { podAddresses, podCIDRsOf, snapshotNodes } from '../src/rules/snapshot.js';

export default defineRule({
  id: 'node-pod-cidr-too-small',
  level: 'warning',
  needs: 'cluster',
  description: 'A node\'s pod CIDR has fewer addresses than the pods its kubelet accepts',
  details:
    'Each node gets a pod CIDR (`spec.podCIDR`, `spec.podCIDRs` when dual-stack) from which the CNI assigns ' +
    'pod IPs. The scheduler only counts `allocatable.pods`: when that is larger than the CIDR\'s usable ' +
    'addresses (a /26 has 62, while the kubelet default is 110 pods), pods beyond it are scheduled but get no IP ' +
    'and stay ContainerCreating. Host-network pods need no pod IP. The message also sums, over all nodes with ' +
    'a pod CIDR, the pods the kubelets accept against the pod IPs the CIDRs hold. Points at the CIDR value.',
  messages: {
    tooSmall: 'node "{{node}}": pod CIDR {{cidr}} has {{addresses}} usable addresses but allocatable.pods is {{pods}}: pods beyond {{addresses}} would be scheduled there and stay ContainerCreating without an IP (host-network pods excepted); lower the kubelet\'s maxPods or allocate larger pod CIDRs. Cluster-wide: {{clusterPods}} pods allowed, {{clusterAddresses}} pod IPs',
  },
  check(context) {
    const nodes = snapshotNodes(context);
    const findings: { node: (typeof nodes)[number]; cidr: string; path: (string | number)[]; addresses: bigint; pods: number }[] = [];
    let clusterPods = 0;
    let clusterAddresses = 0n;
    for (const node of nodes) {
      const pods = node.allocatable.pods;
      const cidrs = podCIDRsOf(node.source).map((c) => ({ ...c, addresses: podAddresses(c.cidr) })).filter((c) => c.addresses !== undefined);
      if (pods === undefined || cidrs.length === 0) continue;
      // Dual-stack: every pod needs one address of each family, so the smallest CIDR limits.
      const smallest = cidrs.reduce((a, b) => (b.addresses! < a.addresses! ? b : a));
      clusterPods += pods;
      clusterAddresses += smallest.addresses! < BigInt(pods) ? smallest.addresses! : BigInt(pods);
      if (smallest.addresses! < BigInt(pods)) findings.push({ node, cidr: smallest.cidr, path: smallest.path, addresses: smallest.addresses!, pods });
    }
    for (const f of findings) {
      context.report('tooSmall', {
        node: f.node.name,
        cidr: f.cidr,
        addresses: String(f.addresses),
        pods: f.pods,
        clusterPods,
        clusterAddresses: String(clusterAddresses),
      }, { object: f.node.source, path: f.path, part: 'value' });
    }
  },
});

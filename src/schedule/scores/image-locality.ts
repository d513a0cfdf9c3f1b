import type { ScorePlugin } from './score-plugin.js';
import { MAX_NODE_SCORE } from './score-plugin.js';

/** pkg/scheduler/framework/plugins/imagelocality/image_locality.go (weight 1). */
const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/**
 * For each container image the node already has: size × (nodes having it / all nodes), summed, clamped to
 * [23 MiB, 1000 MiB × containers] and scaled to 0..100. Image names are normalised by the model (`:latest`).
 */
export const imageLocalityScore: ScorePlugin<undefined> = {
  name: 'ImageLocality',
  weight: 1,
  preScore() {
    return undefined;
  },
  score(cycle, node) {
    const images = node.info.images;
    const containers = cycle.template.images.length;
    if (!images || containers === 0) return 0;
    const totalNodes = cycle.state.nodes.length;
    let sum = 0;
    for (const image of cycle.template.images) {
      const size = images.get(image);
      if (size !== undefined) sum += Math.trunc(size * ((cycle.state.imageNodes.get(image) ?? 0) / totalNodes));
    }
    const max = MAX_CONTAINER_THRESHOLD * containers;
    const clamped = Math.min(max, Math.max(MIN_THRESHOLD, sum));
    return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
  },
};

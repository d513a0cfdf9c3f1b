import { readManifests } from '../read/manifests.js';
import { locate, type KubeObject } from '../model/object.js';

/**
 * The Kubernetes object of a buffer that encloses a line (1-based), read with berth's own reader so that
 * hover and quick fixes see the same objects as the rules. For a `kind: List`, the item, not the List.
 */
export function objectAtLine(path: string, text: string, line: number): KubeObject | undefined {
  const { objects } = readManifests([{ path, text }]);
  let best: { object: KubeObject; depth: number } | undefined;
  for (const object of objects) {
    const span = locate(object, [], 'value');
    if (line < span.line || line > span.endLine) continue;
    if (!best || object.path.length > best.depth) best = { object, depth: object.path.length };
  }
  return best?.object;
}

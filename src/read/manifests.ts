import { parseYaml } from './yaml.js';
import type { InputFile } from './files.js';
import type { Location } from './source.js';
import { asArray, isRecord, toKubeObject, type KubeObject } from '../model/object.js';

export interface ReadProblem {
  location: Location;
  message: string;
}

export interface ReadResult {
  objects: KubeObject[];
  problems: ReadProblem[];
  /** Documents that parsed but are not Kubernetes objects (kustomization files, Helm values...). */
  skippedDocuments: number;
}

const TEMPLATE_HINT = ' (this looks like an unrendered template: render it with `helm template` first)';

/** Reads Kubernetes objects from files; a file that fails to parse yields a problem and the others still count. */
export function readManifests(files: readonly InputFile[], firstOrder = 0): ReadResult {
  const objects: KubeObject[] = [];
  const problems: ReadProblem[] = [];
  let skippedDocuments = 0;
  let order = firstOrder;
  for (const file of files) {
    const parsed = parseYaml(file.text, file.path);
    const looksTemplated = file.text.includes('{{');
    for (const problem of parsed.problems) {
      problems.push({
        location: { file: file.path, ...problem.span },
        message: problem.message + (looksTemplated ? TEMPLATE_HINT : ''),
      });
    }
    for (const doc of parsed.documents) {
      const object = toKubeObject(doc.value, doc, [], order);
      if (!object) {
        skippedDocuments++;
        continue;
      }
      if (object.ref.kind.endsWith('List') && isRecord(object.raw) && Array.isArray(object.raw.items)) {
        // kubectl's List and typed lists (PodList, NodeList...) carry their objects in `items`.
        asArray(object.raw.items).forEach((item, i) => {
          const inner = toKubeObject(item, doc, ['items', i], ++order);
          if (inner) objects.push(inner);
          else skippedDocuments++;
        });
        order++;
        continue;
      }
      objects.push(object);
      order++;
    }
  }
  return { objects, problems, skippedDocuments };
}

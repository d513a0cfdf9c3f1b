import { parseYaml, type ParsedFile } from './yaml.js';
import type { InputFile } from './files.js';
import type { Location, SourceDocument } from './source.js';
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

export interface ReadOptions {
  /**
   * Read `.json` files holding one JSON object with `JSON.parse` (several times faster than the YAML reader on
   * the tens of megabytes `kubectl get nodes,pods -A -o json` writes); positions are found on first use by
   * the YAML reader. Only for machine-written input such as cluster snapshots: JSON.parse keeps the last of
   * duplicate keys where the YAML reader reports them. A file JSON.parse refuses goes to the YAML reader.
   */
  machineJson?: boolean;
}

/** Reads Kubernetes objects from files; a file that fails to parse yields a problem and the others still count. */
export function readManifests(files: readonly InputFile[], firstOrder = 0, options: ReadOptions = {}): ReadResult {
  const objects: KubeObject[] = [];
  const problems: ReadProblem[] = [];
  let skippedDocuments = 0;
  let order = firstOrder;
  for (const file of files) {
    const parsed = (options.machineJson && readJson(file)) || parseYaml(file.text, file.path);
    const looksTemplated = parsed.problems.length > 0 && file.text.includes('{{');
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

/** One JSON object per file, positions located lazily by the YAML reader (which reads JSON as YAML 1.1). */
function readJson(file: InputFile): ParsedFile | undefined {
  if (!/\.json$/i.test(file.path) || !/^\s*\{/.test(file.text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch {
    return undefined;
  }
  let located: SourceDocument | undefined;
  const document: SourceDocument = {
    file: file.path,
    index: 0,
    value,
    locate(path, part) {
      located ??= parseYaml(file.text, file.path).documents[0];
      return located ? located.locate(path, part) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
    },
  };
  return { documents: [document], problems: [] };
}

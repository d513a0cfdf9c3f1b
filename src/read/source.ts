/** Where something is in a file. Lines and columns are 1-based, as editors and SARIF count them. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Location extends Span {
  /** The file as the user named it (relative paths stay relative). */
  file: string;
}

/** A path into a parsed document: mapping keys and sequence indexes, e.g. ['spec', 'template', 'spec', 'containers', 0]. */
export type Path = readonly (string | number)[];

/** Point at a mapping key (`hostNetwork:`), or at its value (`true`). Findings usually point at the key. */
export type PathPart = 'key' | 'value';

/**
 * One YAML/JSON document of a file. `value` is plain data; positions are looked up on demand,
 * so documents that never produce a finding never pay for position bookkeeping.
 */
export interface SourceDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  value: unknown;
  /** Span of the node at `path`; falls back to the nearest ancestor that exists, then to the document start. */
  locate(path: Path, part?: PathPart): Span;
}

export function locationOf(doc: SourceDocument, path: Path, part: PathPart = 'key'): Location {
  return { file: doc.file, ...doc.locate(path, part) };
}

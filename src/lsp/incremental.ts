/**
 * The language server's check: the same findings as `checkFiles` over the same files (test/lsp/incremental
 * .test.ts holds it to that after every edit of several edit sequences), with less work per keystroke.
 *
 * - Documents are read one by one and kept by their text (segments.ts): an edit re-reads the document it
 *   changed; the others are placed where they are now.
 * - Rules whose findings on an object depend on that object alone run once per document text; their findings
 *   move with the document. Two rules also read the LimitRanges of all manifests: theirs are kept as long as
 *   those LimitRanges stay the same. Every other manifest rule (duplicate objects, parse errors, rules this
 *   module does not know) runs over everything each time.
 * - The simulation and the placement rules run again only when something they read changed (fingerprint.ts);
 *   otherwise their findings are reused and located again in today's text, each with the same lookup that
 *   placed it the first time (a finding whose position came from elsewhere makes the placement run every time).
 */
import { RULES } from '../../rules/index.js';
import { checkFiles, type CheckOptions, type CheckResult } from '../check.js';
import { clusterStage, type PlacementInput } from '../check-cluster.js';
import { countUnknownKinds } from '../model/builtin-schema.js';
import type { KubeObject } from '../model/object.js';
import { toWorkload } from '../model/workload.js';
import type { ClusterReadResult } from '../read/cluster.js';
import type { InputFile } from '../read/files.js';
import type { ReadProblem } from '../read/manifests.js';
import type { Path, PathPart, SourceDocument, Span } from '../read/source.js';
import { runRules, type RuleRun } from '../rules/run.js';
import type { Finding, Level, Rule, RuleInput } from '../rules/rule.js';
import type { PlacementReport } from '../schedule/types.js';
import { schedulingFingerprint } from './fingerprint.js';
import { documentCount, endsAtNextMarker, isFastReadable, placeSegment, readSegment, readsAsInWholeFile, shiftSpan, splitDocuments, type LocateProbe, type PlacedSegment, type Segment } from './segments.js';

export type Check = (files: readonly InputFile[], options?: CheckOptions) => CheckResult;

/**
 * berth's rules whose findings on an object depend on nothing but that object. A rule that starts reading
 * other objects must leave this list (test/lsp/incremental.test.ts compares with checkFiles across files).
 */
const DOCUMENT_RULES: ReadonlySet<Rule> = rulesNamed('schema', 'selector-mismatch', 'host-network', 'host-port', 'host-pid', 'host-ipc', 'privileged', 'requests-exceed-limits', 'missing-probes', 'latest-tag');
/** berth's rules whose findings on a workload depend on it and on the manifests' LimitRanges (their defaults count). */
const LIMIT_RANGE_RULES: ReadonlySet<Rule> = rulesNamed('missing-requests', 'missing-memory-limit');

/** By identity: a caller's own rule that reuses an id is not known to be local, and runs over everything. */
function rulesNamed(...ids: string[]): ReadonlySet<Rule> {
  return new Set(RULES.filter((rule) => ids.includes(rule.id)));
}

/** Findings of one rule group by rule id, in the order the rules reported them. */
interface GroupRun {
  byRule: Map<string, Finding[]>;
  suppressed: number;
}

interface SegmentEntry {
  segment: Segment;
  /** The document rules' findings as if the segment started on line 1. */
  documentRun?: GroupRun;
  limitRangeRun?: { key: string; run: GroupRun };
  /** One scheduling fingerprint per object of the segment. */
  fingerprints?: readonly string[];
  lastPlaced?: { key: string; placed: PlacedSegment };
  /** Whether the fast reader takes the segment; asked only when a later document of its file is broken. */
  fastReadable?: boolean;
  endsAtNextMarker?: boolean;
}

/** How a placement finding was located: a lookup on the document of the object at this index of the input. */
interface Anchor {
  objectIndex: number;
  path: Path;
  part: PathPart | undefined;
}

interface PlacementRun {
  fingerprint: readonly string[];
  /** Problems the cluster stage adds (the snapshot's own, an unsupported kubeVersion): parse-error reports them. */
  extraProblems: readonly ReadProblem[];
  /** `report` is built on first use: only hover reads it, and an edit must not wait for it. */
  placement?: { input: PlacementInput; notices: string[]; report: () => PlacementReport };
  byRule: Map<string, { finding: Finding; anchors?: readonly Anchor[] }[]>;
  suppressed: number;
  /** False when a finding in the manifests was located by other means than a recorded lookup. */
  reusable: boolean;
}

interface PlacedEntry {
  file: string;
  entry: SegmentEntry;
  placed: PlacedSegment;
}

interface OptionsKey {
  rules: readonly Rule[];
  levels: string;
  cluster: ClusterReadResult | undefined;
  kubeVersion: string | undefined;
}

/** A check that keeps what it read and found between calls; one per language server. */
export function incrementalCheck(): Check {
  let key: OptionsKey | undefined;
  let files = new Map<string, Map<string, SegmentEntry>>();
  /**
   * The latest placement runs, newest first. Two, because while a document does not parse the server checks
   * twice per keystroke (without it, then with its last good version: workspace.ts analyse), and both stay
   * the same while the user types in the broken document.
   */
  let placementRuns: PlacementRun[] = [];
  const probe: LocateProbe = {};

  return (inputFiles, options = {}) => {
    const rules = options.rules ?? RULES;
    // What-if scenarios and stage timings are `berth check`'s; rules sharing an id cannot be told apart by id.
    if (options.whatIf || options.timings || new Set(rules.map((rule) => rule.id)).size !== rules.length) return checkFiles(inputFiles, options);
    const nextKey: OptionsKey = { rules, levels: JSON.stringify(options.ruleLevels ?? {}), cluster: options.cluster, kubeVersion: options.kubeVersion };
    if (!key || key.rules !== nextKey.rules || key.levels !== nextKey.levels || key.cluster !== nextKey.cluster || key.kubeVersion !== nextKey.kubeVersion) {
      files = new Map();
      placementRuns = [];
    }
    key = nextKey;
    const levels = options.ruleLevels ?? {};

    // Read: every file's documents, from the last call's when their text is the same.
    const placed: PlacedEntry[] = [];
    const nextFiles = new Map<string, Map<string, SegmentEntry>>();
    let order = 0;
    for (const file of inputFiles) {
      const known = files.get(file.path) ?? new Map<string, SegmentEntry>();
      const kept = nextFiles.get(file.path) ?? new Map<string, SegmentEntry>();
      let index = 0;
      for (const { entry, startLine, documents } of segmentsOf(file, known, kept)) {
        placed.push({ file: file.path, entry, placed: placeEntry(entry, startLine, index, order, probe) });
        index += documents;
        order += entry.segment.orderSpan;
      }
      nextFiles.set(file.path, kept);
    }
    files = nextFiles;
    const objects = placed.flatMap((p) => p.placed.objects);
    const workloads = placed.flatMap((p) => p.placed.workloads);
    const fileProblems = placed.flatMap((p) => p.placed.problems);

    // The cluster stage: reused when nothing it reads changed, else simulated again.
    const inputPaths = new Set(inputFiles.map((f) => f.path));
    const clusterRules = rules.filter((rule) => rule.needs === 'cluster');
    let clusterFindings: Map<string, Finding[]> | undefined;
    let cluster: PlacementRun | undefined;
    if (options.cluster) {
      const fingerprint = schedulingFingerprints(placed);
      cluster = placementRuns.find((run) => run.reusable && sameStrings(run.fingerprint, fingerprint));
      clusterFindings = cluster && relocate(cluster, objects);
      if (!cluster || !clusterFindings) {
        cluster = runPlacement(options.cluster, options.kubeVersion, clusterRules, levels, { objects, workloads, fileProblems, inputPaths }, probe, fingerprint);
        clusterFindings = new Map([...cluster.byRule].map(([id, list]) => [id, list.map((item) => item.finding)]));
      }
      placementRuns = [cluster, ...placementRuns.filter((run) => run !== cluster)].slice(0, 2);
    } else placementRuns = [];
    const readProblems = [...fileProblems, ...(cluster?.extraProblems ?? [])];
    const hasCluster = cluster?.placement !== undefined;

    // Rules over everything: cross-object rules, parse errors, rules this module does not know.
    const everywhere = rules.filter((rule) => rule.needs !== 'cluster' && !DOCUMENT_RULES.has(rule) && !LIMIT_RANGE_RULES.has(rule));
    const input: RuleInput = { objects, workloads, readProblems, ...cluster?.placement?.input };
    const everywhereRun = grouped(runRules(everywhere, input, { levels, hasCluster }));

    const documentRules = rules.filter((rule) => DOCUMENT_RULES.has(rule));
    const limitRangeRules = rules.filter((rule) => LIMIT_RANGE_RULES.has(rule));
    const limitRanges = objects.filter((object) => object.ref.kind === 'LimitRange');
    const limitRangeKey = limitRanges.map((object) => schedulingFingerprint(object, undefined)).join('\n');
    let suppressed = everywhereRun.suppressed + (hasCluster ? (cluster?.suppressed ?? 0) : 0);
    const segmentFindings = new Map<string, Finding[]>();
    for (const { entry, placed: at } of placed) {
      const { segment } = entry;
      entry.documentRun ??= grouped(runRules(documentRules, { objects: segment.objects, workloads: segment.workloads, readProblems: [] }, { levels, hasCluster: false }));
      if (entry.limitRangeRun?.key !== limitRangeKey) {
        // The LimitRanges come placed, the segment's objects not: these rules report on workloads only, so
        // every finding is on the segment's own (unplaced) objects and moves with them below.
        const context = [...limitRanges, ...segment.objects.filter((object) => object.ref.kind !== 'LimitRange')];
        entry.limitRangeRun = { key: limitRangeKey, run: grouped(runRules(limitRangeRules, { objects: context, workloads: segment.workloads, readProblems: [] }, { levels, hasCluster: false })) };
      }
      for (const run of [entry.documentRun, entry.limitRangeRun.run]) {
        suppressed += run.suppressed;
        for (const [id, list] of run.byRule) {
          const moved = list.map((finding) => (at.startLine === 1 ? finding : { ...finding, location: shiftSpan(finding.location, at.startLine - 1) }));
          const all = segmentFindings.get(id);
          if (all) all.push(...moved);
          else segmentFindings.set(id, moved);
        }
      }
    }

    // In the order a single run of all rules would have reported them, then sorted as checkFiles sorts.
    const reported = rules.flatMap((rule) =>
      rule.needs === 'cluster' ? (hasCluster ? (clusterFindings?.get(rule.id) ?? []) : []) : (everywhereRun.byRule.get(rule.id) ?? segmentFindings.get(rule.id) ?? []),
    );
    const findings = sortFindings(reported, inputFiles.map((f) => f.path));
    const count = (level: Level) => findings.filter((f) => f.level === level).length;
    const placement = hasCluster ? cluster!.placement : undefined;
    return {
      findings,
      get placement() {
        return placement?.report() ?? null;
      },
      ...(placement ? { simulation: placement.input.simulation, notices: placement.notices } : {}),
      summary: {
        files: inputFiles.length,
        objects: objects.length,
        workloads: workloads.length,
        skippedDocuments: placed.reduce((sum, p) => sum + p.placed.segment.skippedDocuments, 0),
        unknownKinds: countUnknownKinds(objects),
        errors: count('error'),
        warnings: count('warning'),
        notes: count('note'),
        suppressed,
      },
    };
  };
}

/** A file's segments: its documents when each reads cleanly on its own, else the whole file as one. */
function segmentsOf(file: InputFile, known: Map<string, SegmentEntry>, kept: Map<string, SegmentEntry>): { entry: SegmentEntry; startLine: number; documents: number }[] {
  const entryFor = (text: string): SegmentEntry => {
    const entry = kept.get(text) ?? known.get(text) ?? { segment: readSegment(file.path, text) };
    kept.set(text, entry);
    return entry;
  };
  const pieces = splitDocuments(file.text);
  if (pieces && pieces.length > 1) {
    const segments = pieces.map((piece, i) => ({ entry: entryFor(piece.text), startLine: piece.startLine, documents: documentCount(piece, i === 0) }));
    const broken = segments.flatMap((s, i) => (s.entry.segment.problems.length > 0 ? [i] : []));
    const asPieces = segments.map(({ entry }) => ({
      segment: entry.segment,
      fastReadable: () => (entry.fastReadable ??= isFastReadable(entry.segment)),
      endsAtNextMarker: () => (entry.endsAtNextMarker ??= endsAtNextMarker(entry.segment)),
    }));
    if (broken.length === 0 || (broken.length === 1 && readsAsInWholeFile(file.text, asPieces, broken[0]!))) return segments;
    // Otherwise the file is read whole, as checkFiles reads it. Its documents stay known for when it is fixed.
  }
  return [{ entry: entryFor(file.text), startLine: 1, documents: 0 }];
}

function placeEntry(entry: SegmentEntry, startLine: number, firstIndex: number, firstOrder: number, probe: LocateProbe): PlacedSegment {
  const key = `${startLine}:${firstIndex}:${firstOrder}`;
  if (entry.lastPlaced?.key !== key) entry.lastPlaced = { key, placed: placeSegment(entry.segment, startLine, firstIndex, firstOrder, probe) };
  return entry.lastPlaced.placed;
}

/**
 * One string per object, and the file's name before its first: equal lists mean the simulation would see the
 * same manifests, however their files were cut into segments.
 */
function schedulingFingerprints(placed: readonly PlacedEntry[]): string[] {
  const strings: string[] = [];
  let file: string | undefined;
  for (const { entry, file: path } of placed) {
    if (entry.segment.objects.length === 0) continue;
    if (path !== file) strings.push(`\0${(file = path)}`);
    entry.fingerprints ??= entry.segment.objects.map((object) => schedulingFingerprint(object, toWorkload(object)));
    strings.push(...entry.fingerprints);
  }
  return strings;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

interface PlacementManifests {
  objects: readonly KubeObject[];
  workloads: RuleInput['workloads'];
  fileProblems: readonly ReadProblem[];
  inputPaths: ReadonlySet<string>;
}

/** Simulates and runs the cluster rules, recording which lookup placed each finding. */
function runPlacement(
  cluster: ClusterReadResult,
  kubeVersion: string | undefined,
  clusterRules: readonly Rule[],
  levels: Readonly<Record<string, Level | 'off'>>,
  manifests: PlacementManifests,
  probe: LocateProbe,
  fingerprint: readonly string[],
): PlacementRun {
  const objectIndex = new Map<SourceDocument, number>();
  manifests.objects.forEach((object, i) => {
    if (!objectIndex.has(object.doc)) objectIndex.set(object.doc, i);
  });
  const lookups = new Map<string, Anchor[]>();
  let reusable = clusterRules.every((rule) => RULES.includes(rule)); // another rule may read what the fingerprint leaves out
  probe.record = (document, path, part, span) => {
    const index = objectIndex.get(document);
    if (index === undefined) return;
    const key = spanKey(document.file, span);
    lookups.set(key, [...(lookups.get(key) ?? []), { objectIndex: index, path: [...path], part }]);
  };
  const extraProblems: ReadProblem[] = [];
  let simulated: ReturnType<typeof clusterStage.simulate>;
  let run: RuleRun | undefined;
  try {
    simulated = clusterStage.simulate(cluster, kubeVersion, manifests.workloads, manifests.objects, extraProblems);
    if (simulated) {
      const input: RuleInput = { objects: manifests.objects, workloads: manifests.workloads, readProblems: [...manifests.fileProblems, ...extraProblems], ...simulated.input };
      run = runRules(clusterRules, input, { levels, hasCluster: true });
    }
  } finally {
    delete probe.record;
  }
  const byRule = new Map<string, { finding: Finding; anchors?: readonly Anchor[] }[]>();
  for (const finding of run?.findings ?? []) {
    const inManifests = manifests.inputPaths.has(finding.location.file);
    const anchors = inManifests ? lookups.get(spanKey(finding.location.file, finding.location)) : undefined;
    if (inManifests && !anchors) reusable = false;
    byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), { finding, ...(anchors ? { anchors } : {}) }]);
  }
  return {
    fingerprint,
    extraProblems,
    ...(simulated ? { placement: { input: simulated.input, notices: simulated.notices, report: once(() => clusterStage.placementReport(simulated!.input)) } } : {}),
    byRule,
    suppressed: run?.suppressed ?? 0,
    reusable,
  };
}

/** The previous run's findings located in today's text, or undefined when a lookup no longer gives one answer. */
function relocate(previous: PlacementRun, objects: readonly KubeObject[]): Map<string, Finding[]> | undefined {
  const out = new Map<string, Finding[]>();
  for (const [id, list] of previous.byRule) {
    const located: Finding[] = [];
    for (const { finding, anchors } of list) {
      if (!anchors) {
        located.push(finding);
        continue;
      }
      const spans = anchors.map((a) => objects[a.objectIndex]!.doc.locate(a.path, a.part));
      const span = spans[0]!;
      if (spans.some((s) => spanKey('', s) !== spanKey('', span))) return undefined;
      const { line, column, endLine, endColumn } = span;
      located.push({ ...finding, location: { file: finding.location.file, line, column, endLine, endColumn } });
    }
    out.set(id, located);
  }
  return out;
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

function spanKey(file: string, span: Span): string {
  return `${file}\0${span.line}:${span.column}:${span.endLine}:${span.endColumn}`;
}

function grouped(run: RuleRun): GroupRun {
  const byRule = new Map<string, Finding[]>();
  for (const finding of run.findings) {
    const list = byRule.get(finding.ruleId);
    if (list) list.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  return { byRule, suppressed: run.suppressed };
}

/** checkFiles' order (src/check-core.ts sortFindings): file as read, then position, then rule id, then report order. */
function sortFindings(findings: Finding[], filesInOrder: readonly string[]): Finding[] {
  const fileOrder = new Map<string, number>();
  for (const file of [...filesInOrder, ...findings.map((f) => f.location.file)]) if (!fileOrder.has(file)) fileOrder.set(file, fileOrder.size);
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        fileOrder.get(a.f.location.file)! - fileOrder.get(b.f.location.file)! ||
        a.f.location.line - b.f.location.line ||
        a.f.location.column - b.f.location.column ||
        (a.f.ruleId < b.f.ruleId ? -1 : a.f.ruleId > b.f.ruleId ? 1 : 0) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
}

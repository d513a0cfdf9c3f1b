import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyse, emptyWorkspace, type Workspace } from '../../src/lsp/workspace.js';
import { RULES } from '../../rules/index.js';
import { yaml } from '../helpers/lint.js';

/**
 * Typing a manifest passes through every kind of broken YAML. Whatever the buffer holds, analysing it must
 * not throw, and every diagnostic must point inside the buffer as it is now.
 */
const manifest = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    annotations:
      team: "payments"
  spec:
    replicas: 3
    selector:
      matchLabels: {app: api}
    template:
      metadata:
        labels: {app: api}
      spec:
        hostNetwork: true
        containers:
          - name: api
            image: "ghcr.io/example/api:2.4.1"
            args: ["--port", '8080']
            env:
              - name: MODE
                value: |
                  strict
            ports:
              - containerPort: 8080
                hostPort: 8080
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: api}
  spec:
    selector: {app: api}
    ports: [{port: 80, targetPort: 8080}]
`;

const PATH = '/workspace/api.yaml';

function check(workspace: Workspace, text: string): void {
  workspace.open.set(PATH, { uri: `file://${PATH}`, path: PATH, text });
  const { byFile } = analyse(workspace);
  const lines = text.split('\n');
  for (const finding of byFile.get(PATH) ?? []) {
    const { line, column, endLine, endColumn } = finding.location;
    const where = `${finding.ruleId} at ${line}:${column}-${endLine}:${endColumn} in ${JSON.stringify(text)}`;
    assert.ok(line >= 1 && line <= lines.length, where);
    assert.ok(endLine >= line && endLine <= lines.length, where);
    assert.ok(column >= 1 && column <= lines[line - 1]!.length + 1, where);
    assert.ok(endColumn >= 1 && endColumn <= lines[endLine - 1]!.length + 1, where);
  }
  for (const file of byFile.keys()) assert.ok(!file.includes('#berth-last-good'), `stand-in leaked: ${file}`);
}

test('typing the manifest from the first character to the last never throws, and positions stay inside the buffer', () => {
  const workspace = { ...emptyWorkspace(), rules: RULES };
  for (let end = 0; end <= manifest.length; end += 3) check(workspace, manifest.slice(0, end));
  check(workspace, manifest);
});

test('random deletions and insertions in a manifest with a good past never throw', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ at: fc.nat(), length: fc.nat({ max: 12 }), insert: fc.constantFrom('', ':', '- ', '  ', '{', '[', '"', "'", '|\n', '\n', 'x: ', '---\n', '#') }), { minLength: 1, maxLength: 6 }),
      (edits) => {
        const workspace = { ...emptyWorkspace(), rules: RULES };
        check(workspace, manifest); // the last good version
        let text = manifest;
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.length);
          check(workspace, text);
        }
      },
    ),
    { numRuns: 80, seed: 20261122 },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandInputs } from '../../src/read/files.js';

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-files-'));
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), 'kind: X\n');
  }
  return root;
}

test('a directory yields its manifests sorted, without hidden entries, node_modules or .git', async () => {
  const root = tree([
    'b.yaml', 'a.yml', 'c.json', 'Upper.YAML', 'mixed.Yaml', 'notes.txt', '.hidden.yaml',
    'sub/z.yaml', 'sub/deeper/y.yml', '.github/workflows/ci.yaml', 'node_modules/pkg/x.yaml', '.git/config.yaml',
    'a-dir/k.yaml',
  ]);
  try {
    const { files, problems } = await expandInputs([root]);
    assert.deepEqual(problems, []);
    assert.deepEqual(files.map((f) => f.path.slice(root.length + 1)), ['Upper.YAML', 'a-dir/k.yaml', 'a.yml', 'b.yaml', 'c.json', 'sub/deeper/y.yml', 'sub/z.yaml']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('symbolic links: to files followed, to directories not (as glob **)', async () => {
  const root = tree(['real/a.yaml', 'other/b.yaml']);
  try {
    symlinkSync(join(root, 'other/b.yaml'), join(root, 'real/link.yaml'));
    symlinkSync(join(root, 'other'), join(root, 'real/linked-dir'));
    symlinkSync(join(root, 'other'), join(root, 'real/dir-link.yaml'));
    const { files } = await expandInputs([join(root, 'real')]);
    assert.deepEqual(files.map((f) => f.path.slice(root.length + 1)), ['real/a.yaml', 'real/link.yaml']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('files, globs and stdin keep the order given; missing paths and empty globs are problems', async () => {
  const root = tree(['x/one.yaml', 'x/two.yaml', 'y/three.json']);
  try {
    const { files, problems } = await expandInputs(
      [join(root, 'y/three.json'), `${root}/x/*.yaml`, '-', join(root, 'missing.yaml'), `${root}/none/*.yaml`],
      () => 'kind: Y\n',
    );
    assert.deepEqual(files.map((f) => f.path.replace(root, '')), ['/y/three.json', '/x/one.yaml', '/x/two.yaml', '<stdin>']);
    assert.deepEqual(problems.map((p) => p.message), ['no such file or directory', 'no files match this pattern']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root (where package.json, schemas/ and examples/ live). Found by walking up from
 * this module, so it works from dist/, from a private build directory and from a global npm install alike.
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'berth') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find berth package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
})();

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  homepage: string;
};

export const TOOL_NAME = pkg.name;
export const TOOL_VERSION = pkg.version;
export const HOMEPAGE = pkg.homepage;
/** Rule docs are generated into this page (`npm run docs`); each rule's help URI is an anchor in it. */
export const RULES_DOC_URL = `${HOMEPAGE}/blob/main/docs/rules.md`;

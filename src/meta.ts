import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  homepage: string;
};

export const TOOL_NAME = pkg.name;
export const TOOL_VERSION = pkg.version;
export const HOMEPAGE = pkg.homepage;
/** Rule docs are generated into this page (`npm run docs`); each rule's help URI is an anchor in it. */
export const RULES_DOC_URL = `${HOMEPAGE}/blob/main/docs/rules.md`;

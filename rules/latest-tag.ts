import { defineRule } from '../src/rules/rule.js';
import { containersOf, describeContainer } from '../src/model/workload.js';
import { asString } from '../src/model/object.js';

/**
 * The tag of an image reference (`[registry[:port]/]repository[:tag][@digest]`): the text after the last
 * `:` that follows the last `/`, so `localhost:5000/app` has no tag. Undefined when pinned by digest.
 */
export function imageTag(image: string): { pinned: true } | { pinned: false; tag: string | undefined } {
  if (image.includes('@')) return { pinned: true };
  const colon = image.lastIndexOf(':');
  return { pinned: false, tag: colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined };
}

/**
 * A placeholder for a tool to fill in (`$IMAGE`, `${IMAGE_URI}`, `{IMAGE}`, `<image>`, `CONTAINER_IMAGE`) is
 * not an image yet, and the value substituted for it usually carries the tag. An explicit `:latest` after
 * a placeholder (`REGION-docker.pkg.dev/PROJECT_ID/app:latest`) is still reported: that tag is literal.
 */
function isPlaceholder(image: string): boolean {
  return /[${}<>]/.test(image) || /^[A-Z][A-Z0-9_]*$/.test(image);
}

export default defineRule({
  id: 'latest-tag',
  level: 'warning',
  description: 'Container image uses the latest tag or no tag',
  details:
    'An image without a tag means `:latest`, and `:latest` moves: two nodes can run different code under the ' +
    'same manifest, a rollback does not roll the code back, and with the default `imagePullPolicy: Always` ' +
    'for `:latest` every start depends on the registry. Pin a version tag (`nginx:1.27.2`) or, better, a ' +
    'digest (`nginx@sha256:...`), which is never reported.',
  messages: {
    latest: '{{kind}} {{name}}: {{container}} uses image {{image}}; the latest tag moves, so pin a version or a digest',
    untagged: '{{kind}} {{name}}: {{container}} uses image {{image}} without a tag, which means :latest; pin a version or a digest',
  },
  check(context) {
    for (const workload of context.workloads) {
      for (const container of containersOf(workload)) {
        const image = asString(container.container.image)?.trim();
        if (!image) continue; // a template may leave the image to a controller or a tool; the schema rule checks pods
        const reference = imageTag(image);
        if (reference.pinned || (reference.tag !== undefined && reference.tag !== 'latest')) continue;
        if (reference.tag === undefined && isPlaceholder(image)) continue;
        context.report(
          reference.tag === 'latest' ? 'latest' : 'untagged',
          { kind: workload.ref.kind, name: workload.ref.name, container: describeContainer(container), image },
          { object: workload.object, path: [...container.path, 'image'], container: container.name },
        );
      }
    }
  },
});

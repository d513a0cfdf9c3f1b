import rule from '../../rules/selector-mismatch.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

/** A Deployment whose selector block is given verbatim (indented under `spec:`). */
const deployment = (selector: string, labels = 'app: web\n          tier: frontend') => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: 2
    ${selector}
    template:
      metadata:
        labels:
          ${labels}
      spec:
        containers:
          - name: web
            image: nginx:1.27
`;

const MISMATCH = (requirement: string, labels: string) =>
  `Deployment web: spec.selector does not match the template labels (${requirement} is not true for ${labels}); the API server rejects it: selector does not match template labels`;

ruleTable(rule, {
  valid: [
    { name: 'matchLabels is a subset of the template labels', text: deployment('selector:\n      matchLabels:\n        app: web') },
    {
      name: 'matchExpressions In / NotIn / Exists / DoesNotExist all hold',
      text: deployment(
        'selector:\n      matchExpressions:\n        - {key: app, operator: In, values: [web, api]}\n        - {key: tier, operator: NotIn, values: [backend]}\n        - {key: tier, operator: Exists}\n        - {key: canary, operator: DoesNotExist}',
      ),
    },
    { name: 'no selector at all is left to the schema rule (required) or defaulting', text: deployment('paused: false') },
    {
      name: 'a ReplicationController without a selector defaults it from the template labels',
      text: yaml`
        apiVersion: v1
        kind: ReplicationController
        metadata:
          name: legacy
        spec:
          template:
            metadata:
              labels:
                app: legacy
            spec:
              containers:
                - name: app
                  image: nginx:1.27
      `,
    },
    {
      name: 'a ReplicationController selector is a plain map',
      text: yaml`
        apiVersion: v1
        kind: ReplicationController
        metadata:
          name: legacy
        spec:
          selector:
            app: legacy
          template:
            metadata:
              labels:
                app: legacy
                version: "2"
            spec:
              containers:
                - name: app
                  image: nginx:1.27
      `,
    },
    {
      name: 'a Job with manualSelector selects its template labels',
      text: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          manualSelector: true
          selector:
            matchLabels:
              run: migrate-42
          template:
            metadata:
              labels:
                run: migrate-42
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: app:1.0
      `,
    },
    {
      name: 'a Job without manualSelector may select the labels the controller generates',
      text: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          selector:
            matchLabels:
              batch.kubernetes.io/job-name: migrate
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: app:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'matchLabels value differs from the template label',
      text: deployment('selector:\n      matchLabels:\n        app: website'),
      errors: [{ line: 7, column: 3, message: MISMATCH('app=website', 'template labels {app=web, tier=frontend}') }],
    },
    {
      name: 'a matchExpressions requirement fails',
      text: deployment('selector:\n      matchLabels:\n        app: web\n      matchExpressions:\n        - key: tier\n          operator: In\n          values: [backend, worker]'),
      errors: [{ line: 7, column: 3, message: MISMATCH('tier in (backend, worker)', 'template labels {app=web, tier=frontend}') }],
    },
    {
      name: 'a template without labels',
      text: deployment('selector:\n      matchLabels:\n        app: web', '{}'),
      errors: [{ line: 7, column: 3, message: MISMATCH('app=web', 'a template without labels') }],
    },
    {
      name: 'an unknown operator makes the selector invalid',
      text: deployment('selector:\n      matchExpressions:\n        - {key: app, operator: Equals, values: [web]}'),
      errors: [{ line: 7, column: 3, message: 'Deployment web: spec.selector is not a valid label selector ("Equals" is not a valid operator (In, NotIn, Exists, DoesNotExist)); the API server rejects it' }],
    },
    {
      name: 'In without values makes the selector invalid',
      text: deployment('selector:\n      matchExpressions:\n        - {key: app, operator: In, values: []}'),
      errors: [{ line: 7, column: 3, message: 'Deployment web: spec.selector is not a valid label selector (In needs at least one value); the API server rejects it' }],
    },
    {
      name: 'Exists with values makes the selector invalid',
      text: deployment('selector:\n      matchExpressions:\n        - {key: app, operator: Exists, values: [web]}'),
      errors: [{ line: 7, column: 3, message: 'Deployment web: spec.selector is not a valid label selector (Exists takes no values); the API server rejects it' }],
    },
    {
      name: 'an unrendered envsubst placeholder is not a valid label value',
      text: deployment('selector:\n      matchLabels:\n        app: ${APP_NAME:-web}'),
      errors: [{ line: 7, column: 3, message: 'Deployment web: spec.selector is not a valid label selector ("${APP_NAME:-web}" is not a valid label value); the API server rejects it' }],
    },
    {
      name: 'a label key that is not a qualified name',
      text: deployment('selector:\n      matchLabels:\n        Example.com/app: web'),
      errors: [{ line: 7, column: 3, message: 'Deployment web: spec.selector is not a valid label selector ("Example.com/app" is not a valid label key); the API server rejects it' }],
    },
    {
      name: 'an empty selector is rejected for apps/v1 controllers',
      text: deployment('selector: {}'),
      errors: [{ line: 7, column: 3, message: 'Deployment web: spec.selector is empty, which the API server rejects for this kind; select the template labels' }],
    },
    {
      name: 'a ReplicationController map selector that the template does not satisfy',
      text: yaml`
        apiVersion: v1
        kind: ReplicationController
        metadata:
          name: legacy
        spec:
          selector:
            app: legacy
            version: "3"
          template:
            metadata:
              labels:
                app: legacy
                version: "2"
            spec:
              containers:
                - name: app
                  image: nginx:1.27
      `,
      errors: [{
        line: 6,
        column: 3,
        message: 'ReplicationController legacy: spec.selector does not match the template labels (version=3 is not true for template labels {app=legacy, version=2}); the API server rejects it: selector does not match template labels',
      }],
    },
    {
      name: 'a DaemonSet inside a List',
      text: yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: agent
            spec:
              selector:
                matchLabels:
                  app: agent
              template:
                metadata:
                  labels:
                    app: node-agent
                spec:
                  containers:
                    - name: agent
                      image: agent:2.1
      `,
      errors: [{
        line: 9,
        column: 7,
        message: 'DaemonSet agent: spec.selector does not match the template labels (app=agent is not true for template labels {app=node-agent}); the API server rejects it: selector does not match template labels',
      }],
    },
    {
      name: 'a Job selector without manualSelector: true',
      text: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          selector:
            matchLabels:
              app: migrate
          template:
            metadata:
              labels:
                app: migrate
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: app:1.0
      `,
      errors: [{
        line: 6,
        column: 3,
        message: 'Job migrate: spec.selector is set without manualSelector: true, so it must select the labels the Job controller generates; the API server rejects it: `selector` not auto-generated',
      }],
    },
  ],
});

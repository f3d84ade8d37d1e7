import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { pythonTool } from '../tools/python-tools';

/**
 * The CustomResourceDefinitions kubeshift's manifests use, vendored (each file says from where),
 * and a strict check of custom objects against them: kubernetes-validate knows only the
 * built-in kinds, so it skips these with a warning.
 */

/** The AWS Load Balancer Controller's TargetGroupBinding CRD, as its Helm chart installs it. */
export const TARGET_GROUP_BINDING_CRD = join(__dirname, 'targetgroupbindings.elbv2.k8s.aws.yaml');
/** The Secrets Store CSI driver's SecretProviderClass CRD, as its Helm chart installs it (services with secrets). */
export const SECRET_PROVIDER_CLASS_CRD = join(__dirname, 'secretproviderclasses.secrets-store.csi.x-k8s.io.yaml');
export const VENDORED_CRDS = [TARGET_GROUP_BINDING_CRD, SECRET_PROVIDER_CLASS_CRD] as const;

/** The vendored CRD objects, parsed. */
export function vendoredCrds(): Record<string, any>[] {
  return VENDORED_CRDS.flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJS()));
}

/** `group/version` and kind of every kind the vendored CRDs serve. */
export function customKinds(): { apiVersion: string; kind: string }[] {
  return vendoredCrds().flatMap((crd) =>
    crd.spec.versions.map((version: { name: string }) => ({ apiVersion: `${crd.spec.group}/${version.name}`, kind: crd.spec.names.kind })),
  );
}

/**
 * Validates each object against the openAPIV3Schema of its CRD version with the jsonschema
 * package that kubernetes-validate brings into .venv/, strictly: an object schema that lists its
 * properties takes no others (the API server would prune them with a warning). One line per
 * problem; empty when every object is valid.
 */
const SCRIPT = String.raw`
import json, sys, yaml, jsonschema

def strict(schema):
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if schema.get('type') == 'object' and 'properties' in schema and 'additionalProperties' not in schema:
            schema['additionalProperties'] = False
    elif isinstance(schema, list):
        schema = [strict(item) for item in schema]
    return schema

schemas = {}
for path in sys.argv[1:]:
    for crd in yaml.safe_load_all(open(path)):
        for version in crd['spec']['versions']:
            key = (crd['spec']['group'] + '/' + version['name'], crd['spec']['names']['kind'])
            schemas[key] = strict(version['schema']['openAPIV3Schema'])

for obj in json.load(sys.stdin):
    name = '%s %s/%s' % (obj.get('kind'), obj.get('metadata', {}).get('namespace', ''), obj.get('metadata', {}).get('name'))
    schema = schemas.get((obj.get('apiVersion'), obj.get('kind')))
    if schema is None:
        print('%s: no vendored CRD serves %s' % (name, obj.get('apiVersion')))
        continue
    for error in jsonschema.Draft7Validator(schema).iter_errors(obj):
        print('%s: %s: %s' % (name, '.'.join(str(p) for p in error.absolute_path) or '.', error.message))
`;

export function customResourceProblems(objects: readonly object[]): string[] {
  const result = spawnSync(pythonTool('python'), ['-c', SCRIPT, ...VENDORED_CRDS], { input: JSON.stringify(objects), encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new Error(`CRD validation did not run: ${result.error?.message ?? result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

// Writes the JSON schemas kubeconform validates the rendered chart with (deploy/helm/schemas), from
// Kubernetes' OpenAPI (v2, api/openapi-spec/swagger.json) and the operators' CRDs. Each schema is
// standalone (every $ref inlined) and strict: an object that lists its properties admits no other,
// unless its source leaves it open (additionalProperties, x-kubernetes-preserve-unknown-fields).
// Only the kinds the chart renders are written; deploy/helm/schemas/README.md says where the
// sources come from and how to run this again.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../infra/settings';

export const SCHEMA_DIR = join(repoRoot, 'deploy/helm/schemas');

/** The Kubernetes release the schemas are of; the chart is rendered and linted for it. */
export const SCHEMA_KUBERNETES_VERSION = 'v1.35.4';

/** The kinds the chart renders, with the version of the source each comes from (for the $comment). */
export const KUBERNETES_KINDS = [
  { group: 'apps', version: 'v1', kind: 'Deployment' },
  { group: '', version: 'v1', kind: 'Service' },
  { group: '', version: 'v1', kind: 'ConfigMap' },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' },
] as const;
export const CRD_KINDS = [
  { group: 'kafka.strimzi.io', version: 'v1', kind: 'Kafka' },
  { group: 'kafka.strimzi.io', version: 'v1', kind: 'KafkaNodePool' },
  { group: 'kafka.strimzi.io', version: 'v1', kind: 'KafkaTopic' },
  { group: 'postgresql.cnpg.io', version: 'v1', kind: 'Cluster' },
] as const;

export type Schema = { [key: string]: unknown };

/** The keywords kept: validation only (descriptions, formats, defaults and x-kubernetes-* go). */
const KEPT = new Set([
  'type',
  'enum',
  'required',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);

/** kubeconform's file name for a kind: <kind>-<first label of the group>-<version>.json (core: <kind>-<version>.json). */
export function schemaFileName(group: string, version: string, kind: string): string {
  const groupLabel = group === '' ? '' : `-${group.split('.')[0]}`;
  return `${kind.toLowerCase()}${groupLabel}-${version}.json`;
}

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One schema node made standalone and strict. `resolve` inlines a $ref; `structural` is false under
 * allOf/anyOf/oneOf/not, whose branches (all the way down) only add constraints and must not close
 * an object.
 */
export function convert(node: Schema, resolve: (ref: string) => Schema, structural = true): Schema {
  if (typeof node.$ref === 'string') return resolve(node.$ref);
  if (node['x-kubernetes-int-or-string'] === true) {
    return { oneOf: [{ type: 'string', ...(node.pattern ? { pattern: node.pattern } : {}) }, { type: 'integer' }] };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) if (KEPT.has(key)) out[key] = value;
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (isObject(node.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, child]) => [name, convert(child as Schema, resolve, structural)]),
    );
  }
  if (isObject(node.items)) out.items = convert(node.items, resolve, structural);
  if (isObject(node.additionalProperties)) {
    out.additionalProperties = convert(node.additionalProperties, resolve, structural);
  } else if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  else if (structural && isObject(node.properties) && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[combinator];
    if (Array.isArray(branches)) out[combinator] = branches.map((branch) => convert(branch as Schema, resolve, false));
  }
  if (isObject(node.not)) out.not = convert(node.not, resolve, false);
  return out;
}

/** Kubernetes' definitions, $refs inlined; the two types that take a string or a number made so. */
export function kubernetesResolver(definitions: Record<string, Schema>): (ref: string) => Schema {
  const resolving = new Set<string>();
  const resolve = (ref: string): Schema => {
    const name = ref.replace('#/definitions/', '');
    if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') {
      return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    }
    if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') {
      return { oneOf: [{ type: 'string' }, { type: 'number' }] };
    }
    const definition = definitions[name];
    if (definition === undefined) throw new Error(`no definition ${name}`);
    if (resolving.has(name)) throw new Error(`${name} refers to itself: a standalone schema can't inline it`);
    resolving.add(name);
    try {
      return convert(definition, resolve);
    } finally {
      resolving.delete(name);
    }
  };
  return resolve;
}

const apiVersion = (group: string, version: string): string => (group === '' ? version : `${group}/${version}`);

/** apiVersion and kind pinned to the one kind the schema is for; status left out (set by the cluster, never rendered). */
function pinKind(schema: Schema, group: string, version: string, kind: string): Schema {
  const properties = schema.properties as Schema;
  delete properties.status;
  properties.apiVersion = { type: 'string', enum: [apiVersion(group, version)] };
  properties.kind = { type: 'string', enum: [kind] };
  schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
  return schema;
}

interface Sources {
  /** Kubernetes' api/openapi-spec/swagger.json */
  kubernetes: string;
  /** the version it is of, e.g. k8s.io/kubernetes v1.35.4 */
  kubernetesVersion: string;
  /** folders holding CRD YAML files, each with the version it is of */
  crds: { dir: string; version: string }[];
}

/** Every schema by file name. */
export function buildSchemas(sources: Sources): Record<string, Schema> {
  const swagger = JSON.parse(readFileSync(sources.kubernetes, 'utf8')) as { definitions: Record<string, Schema> };
  const resolve = kubernetesResolver(swagger.definitions);
  const out: Record<string, Schema> = {};
  const gvkOf = (definition: Schema) =>
    (definition['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined) ??
    [];

  for (const { group, version, kind } of KUBERNETES_KINDS) {
    const name = Object.keys(swagger.definitions).find((key) =>
      gvkOf(swagger.definitions[key] ?? {}).some((g) => g.group === group && g.version === version && g.kind === kind),
    );
    if (name === undefined) throw new Error(`${apiVersion(group, version)} ${kind} is not in ${sources.kubernetes}`);
    out[schemaFileName(group, version, kind)] = {
      $comment: `${apiVersion(group, version)} ${kind}: ${name} of ${sources.kubernetesVersion} api/openapi-spec/swagger.json, by scripts/helm/schemas.ts`,
      ...pinKind(resolve(`#/definitions/${name}`), group, version, kind),
    };
  }

  // a custom resource's metadata is an ObjectMeta, which its CRD leaves as a bare object
  const objectMeta = resolve('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  for (const { dir, version: sourceVersion } of sources.crds) {
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
      for (const document of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const crd = document.toJS() as {
          kind?: string;
          spec?: {
            group: string;
            names: { kind: string };
            versions: { name: string; schema?: { openAPIV3Schema: Schema } }[];
          };
        };
        if (crd?.kind !== 'CustomResourceDefinition' || crd.spec === undefined) continue;
        const { group, names } = crd.spec;
        for (const served of crd.spec.versions) {
          const wanted = CRD_KINDS.some((k) => k.group === group && k.version === served.name && k.kind === names.kind);
          if (!wanted || served.schema === undefined) continue;
          const schema = convert(served.schema.openAPIV3Schema, (ref) => {
            throw new Error(`a CRD schema has no $ref (${ref})`);
          });
          (schema.properties as Schema).metadata = objectMeta;
          out[schemaFileName(group, served.name, names.kind)] = {
            $comment: `${group}/${served.name} ${names.kind}: ${basename(file)} of ${sourceVersion}, by scripts/helm/schemas.ts`,
            ...pinKind(schema, group, served.name, names.kind),
          };
        }
      }
    }
  }
  const missing = CRD_KINDS.filter((k) => out[schemaFileName(k.group, k.version, k.kind)] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `no CRD in ${sources.crds.map((c) => c.dir).join(', ')} for ${missing.map((k) => k.kind).join(', ')}`,
    );
  }
  return out;
}

/** Replaces the schema folder's JSON files with those of the sources (its README stays). */
export function writeSchemas(sources: Sources): string[] {
  const schemas = buildSchemas(sources);
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'))) rmSync(join(SCHEMA_DIR, file));
  for (const [file, schema] of Object.entries(schemas)) {
    writeFileSync(join(SCHEMA_DIR, file), `${JSON.stringify(schema, null, 1)}\n`);
  }
  return Object.keys(schemas).sort();
}

import { convert, kubernetesResolver, schemaFileName, type Schema } from './schemas';

const noRef = (ref: string): Schema => {
  throw new Error(`unexpected ${ref}`);
};

describe('the schema converter (CRD and Kubernetes OpenAPI to strict kubeconform schemas)', () => {
  it('closes an object that lists its properties, and leaves open what its source leaves open', () => {
    const crd: Schema = {
      type: 'object',
      description: 'dropped',
      properties: {
        spec: {
          type: 'object',
          properties: {
            replicas: { type: 'integer', minimum: 1, format: 'int32' },
            config: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
              properties: { a: { type: 'string' } },
            },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            anything: { type: 'object' },
            size: {
              'x-kubernetes-int-or-string': true,
              anyOf: [{ type: 'integer' }, { type: 'string' }],
              pattern: '^[0-9]+Gi$',
            },
            note: { type: 'string', nullable: true },
          },
          oneOf: [{ required: ['replicas'] }, { properties: { anything: { type: 'object', properties: {} } } }],
        },
      },
    };
    expect(convert(crd, noRef)).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        spec: {
          type: 'object',
          additionalProperties: false,
          properties: {
            replicas: { type: 'integer', minimum: 1 },
            config: { type: 'object', properties: { a: { type: 'string' } } },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            anything: { type: 'object' },
            size: { oneOf: [{ type: 'string', pattern: '^[0-9]+Gi$' }, { type: 'integer' }] },
            note: { type: ['string', 'null'] },
          },
          // a branch adds constraints; closing it would refuse the other properties
          oneOf: [{ required: ['replicas'] }, { properties: { anything: { type: 'object', properties: {} } } }],
        },
      },
    });
  });

  it("inlines Kubernetes' $refs, quantities and int-or-strings taking either form, and refuses a cycle", () => {
    const resolve = kubernetesResolver({
      'io.k8s.api.x.Pod': {
        type: 'object',
        properties: {
          port: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
          cpu: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' },
          meta: { $ref: '#/definitions/io.k8s.api.x.Meta' },
        },
      },
      'io.k8s.api.x.Meta': { type: 'object', properties: { name: { type: 'string' } } },
      'io.k8s.api.x.Loop': { type: 'object', properties: { next: { $ref: '#/definitions/io.k8s.api.x.Loop' } } },
    });
    expect(resolve('#/definitions/io.k8s.api.x.Pod')).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        port: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        cpu: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        meta: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } },
      },
    });
    expect(() => resolve('#/definitions/io.k8s.api.x.Loop')).toThrow('io.k8s.api.x.Loop refers to itself');
  });

  it("names a schema as kubeconform's {{ .ResourceKind }}{{ .KindSuffix }}.json does", () => {
    expect(schemaFileName('apps', 'v1', 'Deployment')).toBe('deployment-apps-v1.json');
    expect(schemaFileName('', 'v1', 'Service')).toBe('service-v1.json');
    expect(schemaFileName('kafka.strimzi.io', 'v1', 'KafkaTopic')).toBe('kafkatopic-kafka-v1.json');
    expect(schemaFileName('postgresql.cnpg.io', 'v1', 'Cluster')).toBe('cluster-postgresql-v1.json');
  });
});

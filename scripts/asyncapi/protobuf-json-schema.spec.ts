import { create, createFileRegistry, toJson, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  file_google_protobuf_duration,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  FileDescriptorProtoSchema,
} from '@bufbuild/protobuf/wkt';
import { closed, validatorOf } from './json-samples';
import { ProtobufJsonSchemas, type JsonSchema } from './protobuf-json-schema';

// A message of every kind of field the JSON mapping writes in its own way, which no event of
// parkledger has yet: the schemas must hold for the next event that uses one.
const field = (name: string, number: number, type: Type, extra: Record<string, unknown> = {}) => ({
  name,
  number,
  type,
  label: Label.OPTIONAL,
  jsonName: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
  ...extra,
});
const repeated = { label: Label.REPEATED };
const entry = (name: string, key: Type, value: Type) => ({
  name,
  field: [field('key', 1, key), field('value', 2, value)],
  options: { mapEntry: true },
});

const file = create(FileDescriptorProtoSchema, {
  name: 'kinds/v1/kinds.proto',
  package: 'kinds.v1',
  syntax: 'proto3',
  dependency: [
    'google/protobuf/timestamp.proto',
    'google/protobuf/duration.proto',
    'google/protobuf/wrappers.proto',
    'google/protobuf/struct.proto',
  ],
  enumType: [
    {
      name: 'Colour',
      value: [
        { name: 'COLOUR_UNSPECIFIED', number: 0 },
        { name: 'COLOUR_RED', number: 1 },
      ],
    },
  ],
  messageType: [
    {
      name: 'Kinds',
      field: [
        field('ratio', 1, Type.DOUBLE),
        field('big', 2, Type.INT64),
        field('count', 3, Type.UINT32),
        field('blob', 4, Type.BYTES),
        field('colour', 5, Type.ENUM, { typeName: '.kinds.v1.Colour' }),
        field('colours', 6, Type.ENUM, { typeName: '.kinds.v1.Colour', ...repeated }),
        field('totals', 7, Type.MESSAGE, { typeName: '.kinds.v1.Kinds.TotalsEntry', ...repeated }),
        field('names', 8, Type.MESSAGE, { typeName: '.kinds.v1.Kinds.NamesEntry', ...repeated }),
        field('child', 9, Type.MESSAGE, { typeName: '.kinds.v1.Kinds' }),
        field('at', 10, Type.MESSAGE, { typeName: '.google.protobuf.Timestamp' }),
        field('took', 11, Type.MESSAGE, { typeName: '.google.protobuf.Duration' }),
        field('maybe', 12, Type.MESSAGE, { typeName: '.google.protobuf.Int64Value' }),
        field('meta', 13, Type.MESSAGE, { typeName: '.google.protobuf.Struct' }),
        field('text', 14, Type.STRING, { oneofIndex: 0 }),
        field('number', 15, Type.INT32, { oneofIndex: 0 }),
        field('note', 16, Type.STRING, { oneofIndex: 1, proto3Optional: true }),
      ],
      oneofDecl: [{ name: 'choice' }, { name: '_note' }],
      nestedType: [entry('TotalsEntry', Type.STRING, Type.INT64), entry('NamesEntry', Type.INT32, Type.STRING)],
    },
  ],
});
const wellKnown = new Map(
  [
    file_google_protobuf_timestamp,
    file_google_protobuf_duration,
    file_google_protobuf_wrappers,
    file_google_protobuf_struct,
  ].map((desc) => [desc.proto.name, desc]),
);
const Kinds = createFileRegistry(file, (name) => wellKnown.get(name)).getMessage('kinds.v1.Kinds') as DescMessage;

const schemas = new ProtobufJsonSchemas((name) => `#/schemas/${name}`);
const root = schemas.message(Kinds);
const document: JsonSchema = { schemas: schemas.all() };
const validate = validatorOf(closed(document));
const kinds = validate('/schemas/kinds.v1.Kinds');

const full: MessageInitShape<DescMessage> = {
  ratio: Number.NaN,
  big: -9007199254740993n,
  count: 4294967295,
  blob: new Uint8Array([251, 255, 0]),
  colour: 1,
  colours: [1, 0],
  totals: { 'a b': 12n },
  names: { [-3]: 'minus three' },
  child: { ratio: Number.POSITIVE_INFINITY, big: 1n },
  at: { seconds: 1767225600n, nanos: 500_000_000 },
  took: { seconds: 90n, nanos: 5 },
  maybe: 3n, // a wrapper field holds its value unboxed
  meta: { level: 2 }, // and a Struct field its JSON object
  choice: { case: 'number', value: 0 },
  note: '',
};
const json = toJson(Kinds, create(Kinds, full)) as Record<string, unknown>;

describe('the JSON Schema of a protobuf message', () => {
  it('is a reference to one schema per message and enum, named by its protobuf name', () => {
    expect(root).toEqual({ $ref: '#/schemas/kinds.v1.Kinds' });
    expect(Object.keys(document.schemas as object)).toEqual(['kinds.v1.Colour', 'kinds.v1.Kinds']);
  });

  it('accepts what toJson writes of every kind of field, each property listed', () => {
    expect(json).toEqual({
      ratio: 'NaN',
      big: '-9007199254740993',
      count: 4294967295,
      blob: '+/8A',
      colour: 'COLOUR_RED',
      colours: ['COLOUR_RED', 'COLOUR_UNSPECIFIED'],
      totals: { 'a b': '12' },
      names: { '-3': 'minus three' },
      child: { ratio: 'Infinity', big: '1' },
      at: '2026-01-01T00:00:00.500Z',
      took: '90.000000005s',
      maybe: '3',
      meta: { level: 2 },
      number: 0,
      note: '',
    });
    expect(kinds(json)).toBe(true);
    expect(kinds.errors).toBeNull();
  });

  it('accepts the empty message: every field is optional in JSON', () => {
    expect(kinds(toJson(Kinds, create(Kinds)))).toBe(true);
    expect(toJson(Kinds, create(Kinds))).toEqual({});
  });

  it.each([
    ['a 64-bit integer as a JSON number', { big: 5 }, '/big'],
    ['a 64-bit integer with a fraction', { big: '1.5' }, '/big'],
    ['a uint32 above its range', { count: 4294967296 }, '/count'],
    ['a float as a word JSON has no number for, misspelt', { ratio: 'nan' }, '/ratio'],
    ['bytes that are not base64', { blob: 'not base64!' }, '/blob'],
    ['an enum by a name it does not have', { colour: 'COLOUR_BLUE' }, '/colour'],
    ['a map of int32 keys keyed by a word', { names: { three: 'x' } }, '/names'],
    ['a map value of the wrong type', { totals: { a: 12 } }, '/totals/a'],
    ['a timestamp that is not RFC 3339', { at: '1 January 2026' }, '/at'],
    ['a duration without its unit', { took: '90' }, '/took'],
    ['two fields of one oneof', { text: 'x', number: 1 }, ''],
    ['a nested message with a field of the wrong type', { child: { count: -1 } }, '/child/count'],
  ])('refuses %s', (_, value, path) => {
    expect(kinds(value)).toBe(false);
    expect(kinds.errors?.map((error) => error.instancePath)).toContain(path);
  });

  it('takes its descriptions from the proto comments, none here', () => {
    const schema = (document.schemas as Record<string, JsonSchema>)['kinds.v1.Kinds'];
    expect(schema?.description).toBeUndefined();
    expect(schema?.title).toBe('kinds.v1.Kinds');
  });
});

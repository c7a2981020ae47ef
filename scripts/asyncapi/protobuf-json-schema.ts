import { ScalarType, type DescEnum, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { commentsOf } from './proto-source';

/** A JSON Schema (draft-07, which the AsyncAPI 3 schema format extends), as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** int64 and its kin, as the JSON mapping writes them: a decimal string. */
const INT64: JsonSchema = { type: 'string', pattern: '^-?(0|[1-9][0-9]*)$' };
const UINT64: JsonSchema = { type: 'string', pattern: '^(0|[1-9][0-9]*)$' };
const INT32: JsonSchema = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
const UINT32: JsonSchema = { type: 'integer', minimum: 0, maximum: 4294967295 };
/** a float or double: a number, or one of the three strings for what JSON has no number for */
const FLOATING: JsonSchema = {
  anyOf: [{ type: 'number' }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }],
};
const BYTES: JsonSchema = { type: 'string', contentEncoding: 'base64', pattern: '^[A-Za-z0-9+/]*={0,2}$' };

function scalarSchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return FLOATING;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return INT64;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return UINT64;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return INT32;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return UINT32;
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BYTES:
      return BYTES;
  }
}

/** A map's key, which JSON always writes as a string. */
function mapKeySchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.BOOL:
      return { enum: ['true', 'false'] };
    case ScalarType.STRING:
      return {};
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { pattern: '^-?(0|[1-9][0-9]*)$' };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { pattern: '^(0|[1-9][0-9]*)$' };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
    case ScalarType.BYTES:
      throw new Error(`a map key can't be ${ScalarType[scalar]}`);
  }
}

/** The well-known types the JSON mapping writes in a form of their own, not as objects of their fields. */
const WELL_KNOWN: Record<string, JsonSchema> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$' },
  'google.protobuf.FieldMask': { type: 'string' },
  'google.protobuf.Empty': { type: 'object', maxProperties: 0 },
  'google.protobuf.Struct': { type: 'object' },
  'google.protobuf.Value': {},
  'google.protobuf.ListValue': { type: 'array' },
  'google.protobuf.Any': { type: 'object', required: ['@type'], properties: { '@type': { type: 'string' } } },
  'google.protobuf.DoubleValue': FLOATING,
  'google.protobuf.FloatValue': FLOATING,
  'google.protobuf.Int64Value': INT64,
  'google.protobuf.UInt64Value': UINT64,
  'google.protobuf.Int32Value': INT32,
  'google.protobuf.UInt32Value': UINT32,
  'google.protobuf.BoolValue': { type: 'boolean' },
  'google.protobuf.StringValue': { type: 'string' },
  'google.protobuf.BytesValue': BYTES,
};

const withDescription = (schema: JsonSchema, description: string): JsonSchema =>
  description === '' ? schema : { ...schema, description };

/**
 * JSON Schemas of protobuf messages in protobuf's canonical JSON mapping (protobuf.dev/programming-guides/json),
 * as `toJson` of @bufbuild/protobuf writes it: fields by their JSON name (lowerCamelCase), a field at
 * its default value left out (so none is required), 64-bit integers as decimal strings, bytes as
 * base64, enums by value name, floats as numbers or "NaN", "Infinity", "-Infinity". Each message and
 * enum is one schema, named by its full protobuf name, that others reference; a message's schema takes
 * no stand on fields it does not know (a consumer may meet fields added later), and lets at most one
 * field of a oneof be set. Descriptions are the comments of proto/.
 */
export class ProtobufJsonSchemas {
  private readonly schemas = new Map<string, JsonSchema>();

  /** @param reference the $ref of a named schema, e.g. `#/components/schemas/<name>` */
  constructor(private readonly reference: (typeName: string) => string) {}

  /** The schema of a message as a reference, adding it and every message and enum it uses. */
  message(desc: DescMessage): JsonSchema {
    const known = WELL_KNOWN[desc.typeName];
    if (known !== undefined) return known;
    if (!this.schemas.has(desc.typeName)) {
      this.schemas.set(desc.typeName, {}); // a placeholder first: a message may contain itself
      this.schemas.set(desc.typeName, this.messageSchema(desc));
    }
    return { $ref: this.reference(desc.typeName) };
  }

  /** Every schema added, by full protobuf name, sorted. */
  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.schemas.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  private enumSchema(desc: DescEnum): JsonSchema {
    if (desc.typeName === 'google.protobuf.NullValue') return { type: 'null' };
    if (!this.schemas.has(desc.typeName)) {
      const values = desc.values.map((value) => ({ name: value.name, comment: commentsOf(value).leading }));
      const described = values.filter((value) => value.comment !== '');
      const comment = [
        commentsOf(desc).leading,
        ...described.map((value) => `${value.name}: ${value.comment.replace(/\n/g, ' ')}`),
      ]
        .filter((line) => line !== '')
        .join('\n');
      this.schemas.set(
        desc.typeName,
        withDescription({ type: 'string', enum: values.map((value) => value.name) }, comment),
      );
    }
    return { $ref: this.reference(desc.typeName) };
  }

  private fieldSchema(field: DescField): JsonSchema {
    switch (field.fieldKind) {
      case 'scalar':
        return scalarSchema(field.scalar);
      case 'enum':
        return this.enumSchema(field.enum);
      case 'message':
        return this.message(field.message);
      case 'list':
        switch (field.listKind) {
          case 'scalar':
            return { type: 'array', items: scalarSchema(field.scalar) };
          case 'enum':
            return { type: 'array', items: this.enumSchema(field.enum) };
          case 'message':
            return { type: 'array', items: this.message(field.message) };
        }
        break;
      case 'map': {
        const key = mapKeySchema(field.mapKey);
        const value = (() => {
          switch (field.mapKind) {
            case 'scalar':
              return scalarSchema(field.scalar);
            case 'enum':
              return this.enumSchema(field.enum);
            case 'message':
              return this.message(field.message);
          }
        })();
        return {
          type: 'object',
          ...(Object.keys(key).length === 0 ? {} : { propertyNames: key }),
          additionalProperties: value,
        };
      }
    }
  }

  private messageSchema(desc: DescMessage): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    for (const field of desc.fields) {
      const comment = commentsOf(field).leading;
      const oneof = field.oneof === undefined ? '' : `one of ${field.oneof.name}: at most one of its fields is set`;
      const schema = this.fieldSchema(field);
      // a $ref's siblings are ignored by draft-07: a described reference goes in an allOf
      const described = [comment, oneof].filter((text) => text !== '').join('\n');
      properties[field.jsonName] =
        described === ''
          ? schema
          : '$ref' in schema
            ? { allOf: [schema], description: described }
            : { ...schema, description: described };
    }
    const exclusive = desc.oneofs.flatMap((oneof) =>
      oneof.fields.flatMap((a, i) => oneof.fields.slice(i + 1).map((b) => ({ required: [a.jsonName, b.jsonName] }))),
    );
    return withDescription(
      {
        type: 'object',
        title: desc.typeName,
        properties,
        ...(exclusive.length === 0 ? {} : { not: { anyOf: exclusive } }),
      },
      commentsOf(desc).leading,
    );
  }
}

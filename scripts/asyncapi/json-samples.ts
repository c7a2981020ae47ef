import { create, ScalarType, toJson, type DescField, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type JsonSchema } from './protobuf-json-schema';

/** A value of every scalar type that is not its default, and shows how JSON writes it. */
export function scalarSample(scalar: ScalarType): unknown {
  switch (scalar) {
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return 1.5;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return -9007199254740993n; // beyond a double's exact integers: JSON has to write it as a string
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return 18446744073709551615n;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return -7;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return 4294967295;
    case ScalarType.BOOL:
      return true;
    case ScalarType.STRING:
      return 'text';
    case ScalarType.BYTES:
      return new Uint8Array([251, 255, 0]); // "+/8A": the two characters base64 has beyond letters and digits
  }
}

function fieldSample(field: DescField, depth: number): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarSample(field.scalar);
    case 'enum':
      return field.enum.values[field.enum.values.length - 1]?.number ?? 0;
    case 'message':
      return filledInit(field.message, depth + 1);
    case 'list': {
      const item = (): unknown => {
        switch (field.listKind) {
          case 'scalar':
            return scalarSample(field.scalar);
          case 'enum':
            return field.enum.values[field.enum.values.length - 1]?.number ?? 0;
          case 'message':
            return filledInit(field.message, depth + 1);
        }
      };
      return [item(), item()];
    }
    case 'map': {
      const key = String(scalarSample(field.mapKey));
      const value = (() => {
        switch (field.mapKind) {
          case 'scalar':
            return scalarSample(field.scalar);
          case 'enum':
            return field.enum.values[field.enum.values.length - 1]?.number ?? 0;
          case 'message':
            return filledInit(field.message, depth + 1);
        }
      })();
      return { [key]: value };
    }
  }
}

/**
 * What `create` takes to make a message with every field set to a value other than its default
 * (a oneof to its first field), down to a depth of 4 (a message that holds itself stops there).
 */
export function filledInit(desc: DescMessage, depth = 0): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  if (depth > 4) return init;
  for (const member of desc.members) {
    if (member.kind === 'oneof') {
      const [field] = member.fields;
      if (field !== undefined) init[member.localName] = { case: field.localName, value: fieldSample(field, depth) };
    } else {
      init[member.localName] = fieldSample(member, depth);
    }
  }
  return init;
}

/** The JSON mapping of a message with every field set, as @bufbuild/protobuf writes it. */
export const filledJson = (desc: DescMessage): JsonValue => toJson(desc, create<DescMessage>(desc, filledInit(desc)));

/** A copy of a document whose object schemas refuse any property they don't list: to prove each one is listed. */
export function closed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(closed) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: JsonSchema = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, closed(inner)]));
  if (copy.type === 'object' && copy.properties !== undefined && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy as T;
}

/** A validator of the schemas of a document (draft-07, formats checked), reached by JSON pointer from its root. */
export function validatorOf(document: JsonSchema): (pointer: string) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'document');
  return (pointer) => {
    const validate = ajv.getSchema(`document#${pointer}`);
    if (validate === undefined) throw new Error(`no schema at ${pointer}`);
    return validate;
  };
}

import { type INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { type OpenAPIObject } from '@nestjs/swagger';
import { type ParameterObject, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { IDEMPOTENCY_KEY_PATTERN } from '../auth/gateway-caller';

/** What a string may never hold, as the RawInputPipe refuses it: control characters. */
const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001F\\u007F]*$';

type Schema = SchemaObject;

/** Where @ApiProperty keeps a property's declared type (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/** A path parameter that names an object: `id`, or `partnerId` and the like below it. */
const ID_PARAMETER = /^(id|[a-z][A-Za-z]*Id)$/;

/** The Idempotency-Key the gateway takes (gatewayCallerOf): 1 to 200 visible ASCII characters, else a 400. */
const IDEMPOTENCY_KEY: Schema = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: IDEMPOTENCY_KEY_PATTERN.source,
};

/** The validators that set one bound, and the schema keyword each one sets. */
const BOUNDS = new Map<string | undefined, 'minLength' | 'maxLength' | 'minimum' | 'maximum'>([
  ['minLength', 'minLength'],
  ['maxLength', 'maxLength'],
  ['min', 'minimum'],
  ['max', 'maximum'],
]);

/** One validator's rule, written into the schema of the value it checks. */
function apply(schema: Schema, name: string | undefined, constraints: unknown[]): void {
  const [first, second] = constraints;
  const bound = BOUNDS.get(name);
  if (bound !== undefined) {
    schema[bound] = first as number;
    return;
  }
  switch (name) {
    case 'isIn':
      schema.enum = first as unknown[];
      break;
    case 'isLength':
      schema.minLength = first as number;
      if (typeof second === 'number') schema.maxLength = second;
      break;
    case 'matches':
      schema.pattern = first instanceof RegExp ? first.source : String(first);
      break;
    case 'isUuid':
      schema.format = 'uuid';
      break;
    case 'isCalendarDate':
      schema.type = 'string';
      schema.format = 'date';
      break;
    case 'isInstant':
      schema.type = 'string';
      schema.format = 'date-time';
      break;
    case 'isInt':
      schema.type = 'integer';
      break;
    case 'isString':
      schema.type = 'string';
      break;
    case 'arrayUnique':
      schema.uniqueItems = true;
      break;
    case undefined:
    default:
      break; // a rule with nothing to say in a schema (isOptional, nested validation, currency decimals)
  }
}

const isReference = (schema: Schema | ReferenceObject): schema is ReferenceObject => '$ref' in schema;

/** A string that no rule constrains further still may not hold control characters. */
function guardText(schema: Schema): void {
  if (
    schema.type === 'string' &&
    schema.pattern === undefined &&
    schema.enum === undefined &&
    schema.format === undefined
  ) {
    schema.pattern = NO_CONTROL_CHARACTERS;
  }
}

/** Writes the rules class-validator enforces on a class's properties into their schemas. */
function describe(target: Dto, propertySchema: (property: string) => Schema | undefined): void {
  const rules = rulesOf(target);
  const touched = new Set<Schema>();
  for (const rule of rules) {
    const schema = propertySchema(rule.propertyName);
    if (schema === undefined) continue;
    const items = schema.items;
    const where = rule.each === true && items !== undefined && !isReference(items) ? items : schema;
    apply(where, rule.name, rule.constraints ?? []);
    touched.add(where);
  }
  for (const schema of touched) guardText(schema);
}

type Dto = new () => unknown;

const rulesOf = (target: Dto) => getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);

/** A body DTO and the classes nested in it (MoneyDto in a project), by class name, as the spec names them. */
function addModel(models: Map<string, Dto>, target: Dto): void {
  if (models.has(target.name)) return;
  models.set(target.name, target);
  for (const rule of rulesOf(target)) {
    const nested = Reflect.getMetadata('design:type', target.prototype as object, rule.propertyName) as unknown;
    if (typeof nested === 'function' && rulesOf(nested as Dto).length > 0) addModel(models, nested as Dto);
    // a list of objects is an Array to TypeScript: the item class is the one the spec names
    const items = (
      Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype as object, rule.propertyName) as
        { type?: unknown; isArray?: boolean } | undefined
    )?.type;
    if (nested === Array && typeof items === 'function' && rulesOf(items as Dto).length > 0) {
      addModel(models, items as Dto);
    }
  }
}

/** The DTO classes of the routes: bodies (with what they nest) by name, queries by operation id. */
function routeClasses(app: INestApplication): { models: Map<string, Dto>; queries: Map<string, Dto> } {
  const models = new Map<string, Dto>();
  const queries = new Map<string, Dto>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Dto | null;
      if (controller === null) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, unknown>;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as (
          Dto | undefined
        )[];
        for (const key of Object.keys(args)) {
          const [type, index] = key.split(':').map(Number);
          const dto = types[index ?? -1];
          if (dto === undefined) continue;
          if (type === RouteParamtypes.QUERY) queries.set(`${controller.name}_${method}`, dto);
          if (type === RouteParamtypes.BODY) addModel(models, dto);
        }
      }
    }
  }
  return { models, queries };
}

/**
 * The spec states what the validators enforce, taken from the validators themselves so the two
 * cannot drift: enums, lengths, patterns, uuid and date formats, integers and their bounds. Path
 * parameters are ids (uuid); free text may not hold control characters; bodies take no other fields.
 */
export function describeValidation(app: INestApplication, document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const { models, queries } = routeClasses(app);
  for (const [name, schema] of Object.entries(schemas)) {
    const target = models.get(name);
    if (target === undefined || isReference(schema)) continue;
    describe(target, (property) => {
      const found = schema.properties?.[property];
      return found === undefined || isReference(found) ? undefined : found;
    });
    schema.additionalProperties = false; // the ValidationPipe refuses unknown fields
  }
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.post, path.patch, path.put, path.delete]) {
      if (operation === undefined) continue;
      const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => !('$ref' in p));
      for (const parameter of parameters) {
        if (parameter.in === 'path' && ID_PARAMETER.test(parameter.name)) {
          parameter.schema = { type: 'string', format: 'uuid' };
        }
        if (parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key') {
          parameter.schema = IDEMPOTENCY_KEY;
        }
      }
      const dto = queries.get(operation.operationId ?? '');
      if (dto === undefined) continue;
      describe(dto, (property) => {
        const parameter = parameters.find((p) => p.in === 'query' && p.name === property);
        if (parameter === undefined) return undefined;
        parameter.schema ??= {};
        return isReference(parameter.schema) ? undefined : parameter.schema;
      });
    }
  }
}

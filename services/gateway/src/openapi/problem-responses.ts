import { type OpenAPIObject } from '@nestjs/swagger';
import { type OperationObject, type ResponseObject, type SchemaObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@parkledger/platform';

/** RFC 9457 problem details as the gateway writes them (libs/platform/src/errors/problem.ts). */
const PROBLEM: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:parkledger:problem:invalid-request' },
    title: { type: 'string', example: 'invalid' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'stable per error', example: 'invalid-request' },
    correlationId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: {
          field: { type: 'string', example: 'plannedInvestment.amount' },
          rule: { type: 'string', example: 'currency-decimals' },
          message: { type: 'string' },
        },
      },
    },
  },
};

export const problem = (description: string): ResponseObject => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

const WRITES = new Set(['post', 'patch', 'put', 'delete']);

/** The 4xx answers an operation can give, from what the gateway does before and around it. */
function problemsOf(path: string, method: string, operation: OperationObject): Record<string, ResponseObject> {
  const guarded = (operation.security ?? []).length > 0;
  const hasBody = operation.requestBody !== undefined;
  const hasInput = hasBody || (operation.parameters ?? []).length > 0;
  const byStatus: Record<string, ResponseObject> = {};
  const keyed = (operation.parameters ?? []).some((p) => 'name' in p && p.name.toLowerCase() === 'idempotency-key');
  if (hasBody || keyed)
    byStatus['400'] = problem('the body is missing or not valid JSON, or the Idempotency-Key is malformed');
  if (guarded) {
    byStatus['401'] = problem('no valid bearer token');
    byStatus['403'] = problem('the token’s role may not call this operation');
  }
  if (/\{(id|policy)\}/.test(path)) byStatus['404'] = problem('no such object, or one the caller may not read');
  // every write takes an Idempotency-Key; a POST that writes nothing (a simulation) has nothing to conflict with
  if (WRITES.has(method) && keyed)
    byStatus['409'] = problem(
      'conflicts with the current state, or a request with the same Idempotency-Key still runs',
    );
  if (hasBody) {
    byStatus['413'] = problem('the body is larger than the gateway accepts');
    byStatus['415'] = problem('the body is not application/json');
  }
  if (hasInput) byStatus['422'] = problem('a field breaks a rule; errors[] names each field and rule');
  byStatus['429'] = problem('over the rate limit');
  return byStatus;
}

/** Every operation documents its problem+json answers, with one Problem schema. */
export function describeProblems(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      const operation = item[method];
      if (operation === undefined) continue;
      operation.responses = { ...problemsOf(path, method, operation), ...operation.responses };
    }
  }
}

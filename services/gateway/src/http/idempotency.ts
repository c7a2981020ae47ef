/** The header every write takes, as OpenAPI documents it. */
export const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'a retry with the same key and body gets the first answer',
};

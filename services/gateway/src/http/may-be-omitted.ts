import { ValidateIf } from 'class-validator';

/**
 * A field a request may leave out. When it is there, null included, every other rule applies:
 * class-validator's IsOptional lets null through unchecked, which the OpenAPI schema does not allow.
 */
export const MayBeOmitted = (): PropertyDecorator => ValidateIf((_: object, value: unknown) => value !== undefined);

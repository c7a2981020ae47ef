import { serviceDataSource } from '@parkledger/platform';
import { type DataSource } from 'typeorm';
import { type GatewayConfig } from '../config/gateway.config';
import { CreateIdempotencyKeys1763810000000 } from './migrations/1763810000000-create-idempotency-keys';
import { StoreIdempotencyAnswersAsText1764900000000 } from './migrations/1764900000000-store-idempotency-answers-as-text';

export const GATEWAY_SCHEMA = 'gateway';

/** The gateway keeps no business state: only idempotency records, in its own schema. */
export const createDataSource = (config: GatewayConfig, schema = GATEWAY_SCHEMA): DataSource =>
  serviceDataSource(config, schema, [CreateIdempotencyKeys1763810000000, StoreIdempotencyAnswersAsText1764900000000]);

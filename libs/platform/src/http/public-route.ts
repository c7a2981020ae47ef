import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'parkledger:public';

/** No token needed: health, metrics. Every other route is guarded. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

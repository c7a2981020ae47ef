import { Metadata } from '@grpc/grpc-js';
import { type CallHandler, type ExecutionContext } from '@nestjs/common';
import { currentCorrelationId } from '@parkledger/platform';
import { defer, firstValueFrom, of } from 'rxjs';
import { CallContextInterceptor } from './call-context.interceptor';

const rpcCall = (correlationId?: string): ExecutionContext => {
  const metadata = new Metadata();
  if (correlationId !== undefined) metadata.set('x-correlation-id', correlationId);
  return {
    getType: () => 'rpc',
    switchToRpc: () => ({ getContext: () => metadata }),
    getArgByIndex: () => ({ getPath: () => '/parkledger.park_registry.v1.ParkRegistryService/RegisterPark' }),
    getHandler: () => function registerPark() {},
  } as unknown as ExecutionContext;
};

/** The handler, as Nest calls it: when next.handle() is subscribed, in the context it was called in. */
const handler: CallHandler = { handle: () => defer(() => of(currentCorrelationId())) };

describe('CallContextInterceptor', () => {
  const interceptor = new CallContextInterceptor();

  it('runs the call inside the correlation id the gateway sent', async () => {
    await expect(firstValueFrom(interceptor.intercept(rpcCall('e2e-corr-7'), handler))).resolves.toBe('e2e-corr-7');
  });

  it('makes a correlation id of its own for a call without one, or with one that is not sane', async () => {
    for (const sent of [undefined, 'two words', 'x'.repeat(65)]) {
      const seen = await firstValueFrom(interceptor.intercept(rpcCall(sent), handler));
      expect(seen).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    }
  });

  it('lets an HTTP request (health, metrics) pass as it is', async () => {
    const http = { getType: () => 'http' } as unknown as ExecutionContext;
    await expect(firstValueFrom(interceptor.intercept(http, handler))).resolves.toBeUndefined();
  });

  it('passes the handler’s failure on', async () => {
    const failing: CallHandler = { handle: () => defer(() => Promise.reject(new Error('broken'))) };
    await expect(firstValueFrom(interceptor.intercept(rpcCall('c'), failing))).rejects.toThrow('broken');
  });
});

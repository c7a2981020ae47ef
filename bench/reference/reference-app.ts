import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type BearerCheck } from './bearer-token';
import { RegisterProjectDto } from './project.dto';
import { ProjectsController } from './projects.controller';
import { type Database } from './projects.repository';
import { ReferenceModule } from './reference.module';

/**
 * Whether the build kept TypeScript's decorator metadata. Without it (tsx and esbuild drop it)
 * ValidationPipe sees no DTO class and lets every body through unchecked, and Nest cannot inject by class.
 */
export function decoratorMetadataKept(): boolean {
  const types = Reflect.getMetadata('design:paramtypes', ProjectsController.prototype, 'register') as
    unknown[] | undefined;
  return types?.[0] === RegisterProjectDto;
}

/** The reference app, configured but not yet listening. */
export async function createReferenceApp(
  check: BearerCheck,
  db: Database,
  options: { logger?: false } = {},
): Promise<INestApplication> {
  if (!decoratorMetadataKept()) {
    throw new Error(
      'built without emitDecoratorMetadata, so validation would be skipped: build with `npx tsc -p bench/reference/tsconfig.json`',
    );
  }
  const app = await NestFactory.create(ReferenceModule.register(check, db), options);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  return app;
}

import { Module, type DynamicModule } from '@nestjs/common';
import { BEARER_CHECK, BearerGuard } from './bearer.guard';
import { type BearerCheck } from './bearer-token';
import { HealthController } from './health.controller';
import { ProjectsController } from './projects.controller';
import { DATABASE, ProjectsRepository, type Database } from './projects.repository';

@Module({})
export class ReferenceModule {
  static register(check: BearerCheck, db: Database): DynamicModule {
    return {
      module: ReferenceModule,
      controllers: [ProjectsController, HealthController],
      providers: [
        { provide: BEARER_CHECK, useValue: check },
        { provide: DATABASE, useValue: db },
        BearerGuard,
        ProjectsRepository,
      ],
    };
  }
}

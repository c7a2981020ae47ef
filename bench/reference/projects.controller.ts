import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { BearerGuard } from './bearer.guard';
import { RegisterProjectDto } from './project.dto';
import { ProjectsRepository, type ProjectView } from './projects.repository';

/** B1's write, the plain way: guard, ValidationPipe, one transaction, 201 with the new row. */
@Controller('api/v1/projects')
@UseGuards(BearerGuard)
export class ProjectsController {
  constructor(private readonly projects: ProjectsRepository) {}

  @Post()
  register(@Body() project: RegisterProjectDto): Promise<ProjectView> {
    return this.projects.register(project);
  }
}

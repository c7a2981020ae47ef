import { ErrorKind, isUuid } from '@parkledger/platform';
import { seesAllParks, type Caller } from '@parkledger/service-kit';
import { type EntityManager } from 'typeorm';
import { type KnownParksRepository } from './known-parks.repository';
import { ProjectError, ProjectErrorCode } from './project.errors';
import { type ProjectRow, type ProjectsRepository } from './projects.repository';

/** A project the caller may not see answers exactly as a missing one. */
const projectNotFound = (id: string) =>
  new ProjectError(ProjectErrorCode.NotFound, ErrorKind.NotFound, `no project ${id}`);

/** So does a park. */
const parkNotFound = (id: string) =>
  new ProjectError(ProjectErrorCode.UnknownPark, ErrorKind.NotFound, `no park ${id}`);

/** Everyone but a park manager reads every park's projects; a park manager those of its subtrees. */
export async function parkInScope(
  known: KnownParksRepository,
  tx: EntityManager,
  caller: Caller,
  parkId: string,
): Promise<boolean> {
  return seesAllParks(caller) || known.withinSubtrees(tx, parkId, caller.parkScope);
}

/** A project the caller may see (locked for a change when asked), or the same NotFound as a missing one. */
export async function visibleProject(
  deps: { projects: ProjectsRepository; known: KnownParksRepository },
  tx: EntityManager,
  caller: Caller,
  id: string,
  lock = false,
): Promise<ProjectRow> {
  const row = isUuid(id) ? await deps.projects.find(tx, id, lock) : undefined;
  if (row === undefined || !(await parkInScope(deps.known, tx, caller, row.park_id))) throw projectNotFound(id);
  return row;
}

/** A park known to the pipeline (not removed) that the caller may see, or NotFound. */
export async function assertVisiblePark(
  known: KnownParksRepository,
  tx: EntityManager,
  caller: Caller,
  parkId: string,
): Promise<void> {
  if (!isUuid(parkId) || !(await known.parkExists(tx, parkId)) || !(await parkInScope(known, tx, caller, parkId))) {
    throw parkNotFound(parkId);
  }
}

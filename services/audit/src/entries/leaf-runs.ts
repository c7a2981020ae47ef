import { type LeafRunJson, type ListLeavesResponseJson } from '@parkledger/contracts';
import { entryLeaf } from '@parkledger/tlog';
import { type EntryCopy } from './entries.repository';

/**
 * Entries as the leaves of the log's tree: each one's leaf hash computed from its copy, and where
 * they were read, in runs of consecutive positions read at consecutive offsets of one partition (a
 * log reads a partition in order, so a run is as long as a batch of one partition).
 */
export function leafRuns(copies: readonly EntryCopy[]): Required<Pick<ListLeavesResponseJson, 'runs' | 'leafHashes'>> {
  const runs: LeafRunJson[] = [];
  const leafHashes: string[] = [];
  let run: { json: LeafRunJson; position: number; offset: number; count: number } | undefined;
  for (const copy of copies) {
    leafHashes.push(entryLeaf(copy).toString('base64'));
    const position = Number(copy.position);
    const offset = Number(copy.offset);
    if (
      run !== undefined &&
      position === run.position + run.count &&
      offset === run.offset + run.count &&
      copy.partition === run.json.partition &&
      copy.topic === run.json.topic
    ) {
      run.count += 1;
      run.json.count = run.count;
    } else {
      const json = { position: copy.position, topic: copy.topic, partition: copy.partition, offset: copy.offset };
      run = { json: { ...json, count: 1 }, position, offset, count: 1 };
      runs.push(run.json);
    }
  }
  return { runs, leafHashes };
}

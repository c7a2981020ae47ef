import { ApiProperty } from '@nestjs/swagger';
import {
  type CheckpointJson,
  type GetConsistencyProofResponseJson,
  type GetInclusionProofResponseJson,
  type ListEntriesResponseJson,
} from '@parkledger/contracts';

export class CheckpointView {
  @ApiProperty({ example: '7', description: '1, 2, 3, ...: the order the log signed them in' }) sequence!: string;
  @ApiProperty({ example: '1000', description: 'the number of entries the tree holds' }) size!: string;
  @ApiProperty({ description: 'the tree’s root hash, base64' }) rootHash!: string;
  @ApiProperty({
    description: 'the signed note (c2sp.org/tlog-checkpoint, Ed25519): verify it with the log’s public key',
  })
  note!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
}

export class CheckpointPage {
  @ApiProperty({ type: [CheckpointView], description: 'newest first' }) items!: CheckpointView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' }) nextCursor!:
    string | null;
}

export class InclusionProofView {
  @ApiProperty({ example: '41' }) position!: string;
  @ApiProperty({ example: '1000', description: 'a signed checkpoint’s tree size' }) treeSize!: string;
  @ApiProperty({ description: 'the entry’s leaf hash, base64 (RFC 6962: SHA-256 of 0x00 and the entry)' })
  leafHash!: string;
  @ApiProperty({ type: [String], description: 'the audit path, leaf to root, each base64' }) hashes!: string[];
}

export class ConsistencyProofView {
  @ApiProperty({ example: '1000' }) fromSize!: string;
  @ApiProperty({ example: '2000' }) toSize!: string;
  @ApiProperty({ type: [String], description: 'RFC 6962 PROOF(fromSize, D[toSize]), each base64' }) hashes!: string[];
}

export const checkpointView = (checkpoint: CheckpointJson): CheckpointView => ({
  sequence: checkpoint.sequence ?? '0',
  size: checkpoint.size ?? '0',
  rootHash: checkpoint.rootHash ?? '',
  note: checkpoint.note ?? '',
  signedAt: checkpoint.signedAt ?? '',
});

export const inclusionProofView = (proof: GetInclusionProofResponseJson): InclusionProofView => ({
  position: proof.position ?? '0',
  treeSize: proof.treeSize ?? '0',
  leafHash: proof.leafHash ?? '',
  hashes: proof.hashes ?? [],
});

export const consistencyProofView = (proof: GetConsistencyProofResponseJson): ConsistencyProofView => ({
  fromSize: proof.fromSize ?? '0',
  toSize: proof.toSize ?? '0',
  hashes: proof.hashes ?? [],
});

export class EntryView {
  @ApiProperty({ example: '41', description: 'its position in the log, from 0: its leaf’s index' }) position!: string;
  @ApiProperty({ example: 'parkledger.parks.v1', description: 'where its first copy was read' }) topic!: string;
  @ApiProperty({ example: 0 }) partition!: number;
  @ApiProperty({ example: '17' }) offset!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'the record’s headers, as read (CloudEvents)',
  })
  headers!: Record<string, string>;
  @ApiProperty({ description: 'the record’s value (protobuf), base64' }) value!: string;
  @ApiProperty({ example: 1, description: 'times it was read, the copies a relay republished included' })
  deliveries!: number;
}

export class EntriesPage {
  @ApiProperty({ type: [EntryView], description: 'in log order' }) items!: EntryView[];
  @ApiProperty({ example: '1000', description: 'the number of entries the log holds' }) size!: string;
}

export const entriesPage = (response: ListEntriesResponseJson): EntriesPage => ({
  items: (response.entries ?? []).map((entry) => ({
    position: entry.position ?? '0',
    topic: entry.topic ?? '',
    partition: entry.partition ?? 0,
    offset: entry.offset ?? '0',
    headers: entry.headers ?? {},
    value: entry.value ?? '',
    deliveries: entry.deliveries ?? 0,
  })),
  size: response.size ?? '0',
});

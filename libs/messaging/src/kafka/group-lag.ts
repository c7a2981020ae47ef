import { type Admin } from 'kafkajs';

/**
 * How many records a consumer group has yet to commit: per partition of each topic, the end offset
 * less the group's committed offset (nothing committed counts from 0, as a group reading from the
 * beginning starts), summed. Given `topics`, those topics, so a group that has not joined yet is
 * behind by all of them; without, the topics the group has committed offsets for.
 */
export async function groupLag(admin: Admin, groupId: string, topics?: readonly string[]): Promise<bigint> {
  const committed = await admin.fetchOffsets(topics === undefined ? { groupId } : { groupId, topics: [...topics] });
  let behind = 0n;
  for (const { topic, partitions } of committed) {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, BigInt(end.high)]));
    for (const [partition, end] of ends) {
      const offset = BigInt(partitions.find((p) => p.partition === partition)?.offset ?? '-1');
      behind += end - (offset < 0n ? 0n : offset);
    }
  }
  return behind;
}

import { fromJson, toBinary } from '@bufbuild/protobuf';
import { TailEntrySchema, TailResponseSchema, type TailEntryJson, type TailResponseJson } from '@parkledger/contracts';
import { type PackageDefinition, type ServiceDefinition } from '@grpc/proto-loader';

/** TailResponse.entries is field 2 of wire type 2 (length-delimited): the byte before each entry. */
const ENTRIES_TAG = (2 << 3) | 2;

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

/**
 * Writes Tail's messages, each entry's bytes made once for every stream. The hub hands every stream
 * the same entry objects, so an entry logged is encoded once, not once per caller: a message of
 * entries is, in protobuf's wire format, each entry's bytes behind its field tag and length. Kept
 * while some stream still holds the entry (a WeakMap).
 */
export class TailSerializer {
  private readonly encoded = new WeakMap<TailEntryJson, Uint8Array>();

  readonly serialize = (message: TailResponseJson): Buffer => {
    if (message.opened !== undefined || message.entries === undefined) {
      return Buffer.from(toBinary(TailResponseSchema, fromJson(TailResponseSchema, message)));
    }
    const parts: Uint8Array[] = [];
    for (const entry of message.entries) {
      let bytes = this.encoded.get(entry);
      if (bytes === undefined) {
        bytes = toBinary(TailEntrySchema, fromJson(TailEntrySchema, entry));
        this.encoded.set(entry, bytes);
      }
      parts.push(Uint8Array.of(ENTRIES_TAG), varint(bytes.length), bytes);
    }
    return Buffer.concat(parts);
  };

  /** Puts this serializer on Tail in the service's loaded contract, before the gRPC server takes it. */
  install(definition: PackageDefinition): void {
    const service = definition['parkledger.audit.v1.AuditService'] as ServiceDefinition | undefined;
    const tail = service?.Tail;
    if (tail === undefined) throw new Error('the audit contract has no AuditService.Tail');
    tail.responseSerialize = this.serialize;
  }
}

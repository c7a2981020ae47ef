import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  createFileRegistry,
  fromBinary,
  type DescEnum,
  type DescEnumValue,
  type DescField,
  type DescFile,
  type DescMessage,
  type FileRegistry,
} from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

const root = join(__dirname, '..', '..');

/**
 * proto/ as buf compiles it, with its comments: the descriptors the generated code embeds leave
 * the source's comments out, and the document takes its descriptions from them.
 */
export function buildProtoRegistry(): FileRegistry {
  const result = spawnSync(join(root, 'node_modules/.bin/buf'), ['build', '--output', '-'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`buf build failed: ${result.stderr?.toString() ?? result.error?.message ?? 'no output'}`);
  }
  // a buf image is a FileDescriptorSet with fields of buf's own, which the set's reader skips
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, result.stdout));
}

/** The place of a declaration in its file, as source code info numbers it (descriptor.proto's field numbers). */
function pathOf(desc: DescMessage | DescField | DescEnum | DescEnumValue): number[] {
  switch (desc.kind) {
    case 'message':
      return desc.parent === undefined
        ? [4, desc.file.proto.messageType.indexOf(desc.proto)]
        : [...pathOf(desc.parent), 3, desc.parent.proto.nestedType.indexOf(desc.proto)];
    case 'field':
      return [...pathOf(desc.parent), 2, desc.parent.proto.field.indexOf(desc.proto)];
    case 'enum':
      return desc.parent === undefined
        ? [5, desc.file.proto.enumType.indexOf(desc.proto)]
        : [...pathOf(desc.parent), 4, desc.parent.proto.enumType.indexOf(desc.proto)];
    case 'enum_value':
      return [...pathOf(desc.parent), 2, desc.parent.proto.value.indexOf(desc.proto)];
  }
}

const fileOf = (desc: DescMessage | DescField | DescEnum | DescEnumValue): DescFile =>
  desc.kind === 'field' || desc.kind === 'enum_value' ? desc.parent.file : desc.file;

/** `// one\n// two` as the compiler keeps it (" one\n two\n"): the lines without their first space. */
const clean = (comment: string): string =>
  comment
    .split('\n')
    .map((line) => line.replace(/^ /, '').trimEnd())
    .join('\n')
    .trim();

/** What a declaration's source says of it: its leading comment, and the comments set apart above it. */
export function commentsOf(desc: DescMessage | DescField | DescEnum | DescEnumValue): {
  leading: string;
  detached: string[];
} {
  const path = pathOf(desc);
  const location = fileOf(desc).proto.sourceCodeInfo?.location.find(
    (candidate) => candidate.path.length === path.length && candidate.path.every((n, i) => n === path[i]),
  );
  return {
    leading: clean(location?.leadingComments ?? ''),
    detached: (location?.leadingDetachedComments ?? []).map(clean).filter((text) => text !== ''),
  };
}

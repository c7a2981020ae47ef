import fc from 'fast-check';
import {
  consistencyProof,
  EMPTY_ROOT,
  Frontier,
  frontierOf,
  type Hash,
  inclusionProof,
  leafHash,
  MemoryTree,
  nodeHash,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const hex = (hash: Uint8Array) => Buffer.from(hash).toString('hex');
const unhex = (text: string) => Buffer.from(text, 'hex');

// The RFC 6962 reference leaves and the root of each tree size 0..8, as Certificate Transparency's
// implementations and transparency-dev/merkle test against them.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CT_CONSISTENCY = [
  {
    from: 2,
    to: 8,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

function treeOf(entries: readonly Uint8Array[]): MemoryTree {
  const tree = new MemoryTree();
  for (const entry of entries) tree.append(leafHash(entry));
  return tree;
}

/** MTH straight from its definition, the yardstick for the tree that keeps its nodes. */
function definitionRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] as Hash;
  const k = splitPoint(leaves.length);
  return nodeHash(definitionRoot(leaves.slice(0, k)), definitionRoot(leaves.slice(k)));
}

describe('the Merkle tree, against RFC 6962 reference vectors', () => {
  const ct = treeOf(CT_LEAVES.map(unhex));

  it('gives the reference root of every tree size 0..8', async () => {
    for (let size = 0; size <= 8; size += 1) expect(hex(await ct.root(size))).toBe(CT_ROOTS[size]);
  });

  it.each(CT_INCLUSION)(
    'proves leaf $index in a tree of $size with the reference path',
    async ({ index, size, proof }) => {
      expect((await inclusionProof(ct.read, index, size)).map(hex)).toEqual(proof);
      const leaf = leafHash(unhex(CT_LEAVES[index] ?? ''));
      expect(verifyInclusion(leaf, index, size, proof.map(unhex), unhex(CT_ROOTS[size] ?? ''))).toBeUndefined();
    },
  );

  it.each(CT_CONSISTENCY)(
    'proves the tree of $from a prefix of the tree of $to with the reference proof',
    async ({ from, to, proof }) => {
      expect((await consistencyProof(ct.read, from, to)).map(hex)).toEqual(proof);
      const roots = [unhex(CT_ROOTS[from] ?? ''), unhex(CT_ROOTS[to] ?? '')] as const;
      expect(verifyConsistency(from, to, roots[0], roots[1], proof.map(unhex))).toBeUndefined();
    },
  );
});

describe("the Merkle tree, against c2sp.org/merkle-tree's 7-entry example", () => {
  const entries = CT_LEAVES.slice(0, 7).map(unhex);
  const [a, b, c, d, e, f, g] = entries.map(leafHash) as [Hash, Hash, Hash, Hash, Hash, Hash, Hash];
  const h = nodeHash(a, b);
  const i = nodeHash(c, d);
  const j = nodeHash(e, f);
  const k = nodeHash(h, i);
  const l = nodeHash(j, g);
  const root = nodeHash(k, l);
  const tree = treeOf(entries);

  it('has the example root', async () => {
    expect(hex(await tree.root())).toBe(hex(root));
  });

  it.each([
    [0, [b, i, l]],
    [3, [c, h, l]],
    [4, [f, g, k]],
    [6, [j, k]],
  ] as const)('proves d[%i] with the example path', async (index, path) => {
    expect((await inclusionProof(tree.read, index, 7)).map(hex)).toEqual(path.map(hex));
  });

  it.each([
    [3, [c, d, h, l]],
    [4, [l]],
    [6, [j, g, k]],
  ] as const)('proves size %i a prefix of size 7 with the example proof', async (from, proof) => {
    expect((await consistencyProof(tree.read, from, 7)).map(hex)).toEqual(proof.map(hex));
    expect(verifyConsistency(from, 7, await tree.root(from), root, [...proof])).toBeUndefined();
  });
});

describe('proofs of every shape', () => {
  const entries = Array.from({ length: 40 }, (_, n) => Buffer.from([n, n * 7]));
  const leaves = entries.map(leafHash);
  const tree = treeOf(entries);

  it('keeps the nodes whose root is the definition’s, at every size', async () => {
    for (let size = 0; size <= leaves.length; size += 1) {
      expect(hex(await tree.root(size))).toBe(hex(definitionRoot(leaves.slice(0, size))));
    }
  });

  it('proves every leaf of every tree size, and refuses a wrong index, leaf or hash', async () => {
    for (let size = 1; size <= leaves.length; size += 1) {
      const root = await tree.root(size);
      for (let index = 0; index < size; index += 1) {
        const leaf = leaves[index] as Hash;
        const proof = await inclusionProof(tree.read, index, size);
        expect(verifyInclusion(leaf, index, size, proof, root)).toBeUndefined();
        if (size > 1) {
          expect(verifyInclusion(leaves[(index + 1) % size] as Hash, index, size, proof, root)).toBeDefined();
          expect(verifyInclusion(leaf, (index + 1) % size, size, proof, root)).toBeDefined();
        }
        expect(verifyInclusion(leaf, index, size, [...proof, root], root)).toBeDefined();
        proof.forEach((_, n) => {
          const bent = proof.map((hash, m) => (m === n ? nodeHash(hash, hash) : hash));
          expect(verifyInclusion(leaf, index, size, bent, root)).toBeDefined();
        });
      }
    }
  });

  it('proves every smaller tree a prefix of every larger one, and refuses a rewritten history', async () => {
    for (let to = 1; to <= leaves.length; to += 1) {
      const newRoot = await tree.root(to);
      for (let from = 1; from <= to; from += 1) {
        const oldRoot = await tree.root(from);
        const proof = await consistencyProof(tree.read, from, to);
        expect(verifyConsistency(from, to, oldRoot, newRoot, proof)).toBeUndefined();
        // the same size, another history: leaf 0 rewritten
        const forged = definitionRoot([leafHash(Buffer.from('forged')), ...leaves.slice(1, from)]);
        expect(verifyConsistency(from, to, forged, newRoot, proof)).toBeDefined();
        if (from < to) {
          expect(verifyConsistency(from, to, oldRoot, oldRoot, proof)).toBeDefined();
          expect(verifyConsistency(from, to, oldRoot, newRoot, proof.slice(1))).toBeDefined();
        }
      }
    }
  });

  it('finds any one flipped bit of any proof (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 2, max: leaves.length })
          .chain((to) =>
            fc.tuple(fc.constant(to), fc.integer({ min: 1, max: to - 1 }), fc.nat(), fc.integer({ min: 0, max: 255 })),
          ),
        async ([to, from, pick, bit]) => {
          const proof = await consistencyProof(tree.read, from, to);
          const at = pick % proof.length;
          const flipped = proof.map((hash, n) => {
            if (n !== at) return hash;
            const copy = Buffer.from(hash);
            copy[bit % 32] = (copy[bit % 32] ?? 0) ^ (1 << (bit % 8));
            return copy;
          });
          expect(verifyConsistency(from, to, await tree.root(from), await tree.root(to), flipped)).toBeDefined();
        },
      ),
    );
  });

  it('refuses a leaf index or size out of range', async () => {
    await expect(inclusionProof(tree.read, 5, 5)).rejects.toThrow(RangeError);
    await expect(consistencyProof(tree.read, 6, 5)).rejects.toThrow(RangeError);
    expect(verifyInclusion(leaves[0] as Hash, -1, 5, [], EMPTY_ROOT)).toBeDefined();
    expect(verifyConsistency(0, 5, EMPTY_ROOT, EMPTY_ROOT, [])).toBeUndefined();
    expect(verifyConsistency(0, 5, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBeDefined();
  });
});

describe('the frontier of a tree', () => {
  const entries = Array.from({ length: 70 }, (_, n) => Buffer.from([n]));
  const tree = treeOf(entries);

  it('names the right edge’s perfect subtrees, largest first', () => {
    expect(frontierOf(0)).toEqual([]);
    expect(frontierOf(1)).toEqual([{ level: 0, index: 0 }]);
    expect(frontierOf(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(frontierOf(8)).toEqual([{ level: 3, index: 0 }]);
  });

  it('resumed at any size, appends the nodes the whole tree makes and gives its roots', async () => {
    for (let start = 0; start < entries.length; start += 1) {
      const edge: Hash[] = [];
      for (const { level, index } of frontierOf(start)) edge.push(await tree.read(level, index));
      const frontier = Frontier.of(start, edge);
      expect(hex(frontier.root())).toBe(hex(await tree.root(start)));
      for (let size = start; size < Math.min(entries.length, start + 9); size += 1) {
        for (const node of frontier.append(leafHash(entries[size] as Buffer))) {
          expect(hex(node.hash)).toBe(hex(await tree.read(node.level, node.index)));
        }
        expect(hex(frontier.root())).toBe(hex(await tree.root(size + 1)));
      }
    }
  });

  it('refuses a frontier of the wrong length', () => {
    expect(() => Frontier.of(7, [EMPTY_ROOT])).toThrow(RangeError);
  });
});

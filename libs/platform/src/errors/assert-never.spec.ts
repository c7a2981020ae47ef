import ts from 'typescript';
import { assertNever } from './assert-never';

/** Type-checks one in-memory file with the project's strictness; returns its error messages. */
function typeErrors(source: string): string[] {
  const fileName = 'switch-check.ts';
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: [] };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  host.fileExists = (
    (exists) => (name: string) =>
      name === fileName || exists(name)
  )(host.fileExists.bind(host));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version);
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

const eventSwitch = (cases: string) => `
  declare function assertNever(value: never, what?: string): never;
  type Event =
    | { type: 'parkledger.park.registered.v1'; parkId: string }
    | { type: 'parkledger.park.moved.v1'; parkId: string }
    | { type: 'parkledger.park.retired.v1'; parkId: string };
  export function handle(event: Event): string {
    switch (event.type) {
      ${cases}
    }
    assertNever(event, 'event');
  }`;

describe('assertNever', () => {
  it('makes a switch that misses an event type a compile error', () => {
    const missing = eventSwitch(`
      case 'parkledger.park.registered.v1':
      case 'parkledger.park.moved.v1':
        return event.parkId;`);
    expect(typeErrors(missing)).toEqual([
      expect.stringContaining(
        `'{ type: "parkledger.park.retired.v1"; parkId: string; }' is not assignable to parameter of type 'never'`,
      ),
    ]);
  });

  it('compiles a switch with every event type and no default', () => {
    const complete = eventSwitch(`
      case 'parkledger.park.registered.v1':
      case 'parkledger.park.moved.v1':
      case 'parkledger.park.retired.v1':
        return event.parkId;`);
    expect(typeErrors(complete)).toEqual([]);
  });

  it('throws, naming the value, when a value outside the type reaches it at run time', () => {
    expect(() => assertNever({ type: 'parkledger.park.renamed.v9' } as never, 'event')).toThrow(
      'unhandled event: {"type":"parkledger.park.renamed.v9"}',
    );
  });
});

import { DomainError } from '@parkledger/platform';
import { RawInputPipe } from './raw-input.pipe';

const pipe = new RawInputPipe();

function refusal(run: () => unknown): { field: string; rule: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError)
      return error.toProblem().errors?.map(({ field, rule }) => ({ field, rule })) ?? [];
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('RawInputPipe', () => {
  it('lets ordinary input through unchanged, and refuses every C0 control, tab included', () => {
    const body = {
      nameZh: '济南生命科学城',
      nameEn: 'Jinan 🧬 City',
      areas: ['1.5'],
      money: { amount: '1', currency: 'JPY' },
    };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(refusal(() => pipe.transform({ nameEn: 'a\tb' }, { type: 'body' }))).toEqual([
      { field: 'nameEn', rule: 'no-control-characters' },
    ]);
  });

  it('names the field of a control character in nested values, array items, keys, queries and path ids', () => {
    expect(refusal(() => pipe.transform({ a: { b: ['ok', 'x\u007f'] } }, { type: 'body' }))).toEqual([
      { field: 'a.b.1', rule: 'no-control-characters' },
    ]);
    expect(refusal(() => pipe.transform({ 'k\u0000': 1 }, { type: 'body' }))).toEqual([
      { field: 'k\\u0000', rule: 'no-control-characters' },
    ]);
    expect(refusal(() => pipe.transform({ q: '\u0000' }, { type: 'query' }))).toEqual([
      { field: 'q', rule: 'no-control-characters' },
    ]);
    expect(refusal(() => pipe.transform('\u0000', { type: 'param', data: 'id' }))).toEqual([
      { field: 'id', rule: 'no-control-characters' },
    ]);
  });

  it('refuses lone surrogates, keeping the field name printable', () => {
    expect(refusal(() => pipe.transform({ ['\ud800x']: 'y', name: 'z\udc00' }, { type: 'body' }))).toEqual([
      { field: '\\ud800x', rule: 'well-formed-unicode' },
      { field: 'name', rule: 'well-formed-unicode' },
    ]);
  });

  it('refuses the keys class-transformer would drop silently', () => {
    const body = JSON.parse('{"__proto__":{"admin":true},"x":{"constructor":1}}') as unknown;
    expect(refusal(() => pipe.transform(body, { type: 'body' }))).toEqual([
      { field: '__proto__', rule: 'unknown-field' },
      { field: 'x.constructor', rule: 'unknown-field' },
    ]);
  });
});

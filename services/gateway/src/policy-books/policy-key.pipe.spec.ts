import { DomainError } from '@parkledger/platform';
import { PolicyKeyPipe } from './policy-key.pipe';

const outcome = (key: string): string => {
  try {
    return new PolicyKeyPipe().transform(key);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.kind} ${error.code} ${error.fields.map((f) => `${f.field} ${f.rule}`).join()}`;
  }
};

describe('a policy key in a path', () => {
  it('passes a key as the awards service writes it', () => {
    expect(outcome('jinan-2019-biomedical')).toBe('jinan-2019-biomedical');
    expect(outcome('a'.repeat(80))).toBe('a'.repeat(80));
  });

  it('is a 400 naming the policy field otherwise', () => {
    for (const key of ['Jinan-2019', 'jinan_2019', '-jinan', 'jinan--2019', 'jinan-', '', 'a'.repeat(81), '济南']) {
      expect(outcome(key)).toBe('bad-request policy-key-invalid policy policy-key');
    }
  });
});

import { DomainError } from '@parkledger/platform';

/**
 * What a call of a service ended in, for a spec to compare: 'ok', or the refusal's code and the
 * rule of its first field ("award-invalid at-most-paid"). Anything but a refusal is thrown on.
 */
export async function outcomeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const rule = error.fields[0]?.rule;
    return rule === undefined ? String(error.code) : `${String(error.code)} ${rule}`;
  }
}

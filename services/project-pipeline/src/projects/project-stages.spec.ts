import { advance, STAGES, stageOn, type Stage, type StageHistory } from './project-stages';
import { ProjectError, ProjectErrorCode } from './project.errors';

const at = (stage: Stage, on = '2023-01-01'): StageHistory => ({ stage, dates: { [stage]: on } });

function refusal(fn: () => unknown): ProjectError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProjectError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('project stages', () => {
  const legal: [Stage, Stage][] = [
    ['LEAD', 'NEGOTIATING'],
    ['LEAD', 'SIGNED'],
    ['LEAD', 'UNDER_CONSTRUCTION'],
    ['LEAD', 'IN_OPERATION'],
    ['NEGOTIATING', 'SIGNED'],
    ['NEGOTIATING', 'UNDER_CONSTRUCTION'],
    ['NEGOTIATING', 'IN_OPERATION'],
    ['SIGNED', 'UNDER_CONSTRUCTION'],
    ['SIGNED', 'IN_OPERATION'],
    ['UNDER_CONSTRUCTION', 'IN_OPERATION'],
    ['LEAD', 'TERMINATED'],
    ['NEGOTIATING', 'TERMINATED'],
    ['SIGNED', 'TERMINATED'],
    ['UNDER_CONSTRUCTION', 'TERMINATED'],
  ];
  const all = STAGES.flatMap((from) => STAGES.map((to) => [from, to] as [Stage, Stage]));
  const illegal = all.filter(([from, to]) => !legal.some(([f, t]) => f === from && t === to));

  it.each(legal)('allows %s → %s', (from, to) => {
    expect(advance(at(from), to, '2023-02-01')).toEqual({
      stage: to,
      dates: { [from]: '2023-01-01', [to]: '2023-02-01' },
    });
  });

  it.each(illegal)('refuses %s → %s with 409 naming the rule', (from, to) => {
    const error = refusal(() => advance(at(from), to, '2023-02-01'));
    expect(error.code).toBe(ProjectErrorCode.IllegalTransition);
    expect(error.toProblem().status).toBe(409);
    expect(error.message).toMatch(/only forward|is final/);
  });

  it('has exactly 14 legal moves out of 36', () => {
    expect(legal).toHaveLength(14);
    expect(illegal).toHaveLength(22);
  });

  it('refuses a date before the previous stage with 422 naming both dates', () => {
    const error = refusal(() => advance(at('SIGNED', '2023-05-10'), 'UNDER_CONSTRUCTION', '2023-05-09'));
    expect(error.code).toBe(ProjectErrorCode.DateOutOfOrder);
    expect(error.toProblem().status).toBe(422);
    expect(error.message).toBe('UNDER_CONSTRUCTION on 2023-05-09 would come before SIGNED on 2023-05-10');
  });

  it('represents the nearshore protein project: signed, built and in operation within one year', () => {
    let history = at('SIGNED', '2022-02-18');
    history = advance(history, 'UNDER_CONSTRUCTION', '2022-03-01');
    history = advance(history, 'IN_OPERATION', '2022-12-28');
    expect(history).toEqual({
      stage: 'IN_OPERATION',
      dates: { SIGNED: '2022-02-18', UNDER_CONSTRUCTION: '2022-03-01', IN_OPERATION: '2022-12-28' },
    });
  });

  it('allows moves on the same day', () => {
    expect(advance(at('SIGNED', '2022-02-18'), 'UNDER_CONSTRUCTION', '2022-02-18').stage).toBe('UNDER_CONSTRUCTION');
  });

  it('gives the stage a project had on a date from its stage dates', () => {
    const dates = { SIGNED: '2022-03-01', UNDER_CONSTRUCTION: '2022-03-01', TERMINATED: '2023-01-10' };
    expect(stageOn(dates, '2022-02-28')).toBeUndefined();
    expect(stageOn(dates, '2022-03-01')).toBe('UNDER_CONSTRUCTION');
    expect(stageOn(dates, '2023-01-09')).toBe('UNDER_CONSTRUCTION');
    expect(stageOn(dates, '2023-01-10')).toBe('TERMINATED');
  });
});

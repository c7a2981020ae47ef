import { jinan2019, yuan } from '../testing/jinan-2019';
import { capFigures, type CapUsageRow } from './cap-figures';

const usage = (item: string, limit: string, key: unknown[], used: string): CapUsageRow => ({
  item,
  limit,
  key: JSON.stringify(key),
  used: yuan(used).toString(),
});
const shown = (caps: ReturnType<typeof capFigures>) =>
  caps.map((c) => `${c.item} per ${c.per.join(',')} ${JSON.stringify(c.key)}: ${c.bound}/${c.used}/${c.remaining}`);

describe('the caps report: each money cap kept per enterprise, bound, used and remaining', () => {
  const rows = [
    usage('2a', 'cap:enterprise,year', ['qilu', '2021'], '5,500,000.00'),
    usage('2a', 'cap:enterprise,year', ['qilu', '2022'], '1,000,000.00'),
    usage('2a', 'cap:enterprise,year', ['acv', '2021'], '6,000,000.00'),
    usage('5d', 'cap:enterprise', ['qilu'], '3,000,000.00'),
    usage('4b', 'cap:enterprise,project', ['qilu', 'Pilot plant'], '3,000,000.00'),
    usage('4b', 'cap:enterprise,project', ['qilu', 'Cell lab'], '400,000.00'),
    usage('4b', 'cap:enterprise,project', ['acv', 'Pilot plant'], '100,000.00'),
  ];

  it('gives the yearly cap of the year asked, the caps in total, and a cap per project for each project used', () => {
    expect(shown(capFigures(jinan2019(), 'qilu', 2021, rows))).toEqual([
      `2a per enterprise,year {"year":"2021"}: ${yuan('6,000,000.00')}/${yuan('5,500,000.00')}/${yuan('500,000.00')}`,
      `4b per enterprise,project {"project":"Cell lab"}: ${yuan('3,000,000.00')}/${yuan('400,000.00')}/${yuan('2,600,000.00')}`,
      `4b per enterprise,project {"project":"Pilot plant"}: ${yuan('3,000,000.00')}/${yuan('3,000,000.00')}/0`,
      `5d per enterprise {}: ${yuan('5,000,000.00')}/${yuan('3,000,000.00')}/${yuan('2,000,000.00')}`,
    ]);
  });

  it('answers a cap nothing has used with all of it left, and another year with its own', () => {
    expect(shown(capFigures(jinan2019(), 'xuanzhu', 2021, rows))).toEqual([
      `2a per enterprise,year {"year":"2021"}: ${yuan('6,000,000.00')}/0/${yuan('6,000,000.00')}`,
      `5d per enterprise {}: ${yuan('5,000,000.00')}/0/${yuan('5,000,000.00')}`,
    ]);
    expect(shown(capFigures(jinan2019(), 'qilu', 2022, rows))[0]).toBe(
      `2a per enterprise,year {"year":"2022"}: ${yuan('6,000,000.00')}/${yuan('1,000,000.00')}/${yuan('5,000,000.00')}`,
    );
  });

  it('never answers a remaining below 0, when a later version lowered a bound already used', () => {
    const lowered = jinan2019();
    const item = lowered.items.find((i) => i.id === '5d');
    const cap = item?.limits.find((l) => l.kind === 'cap');
    if (cap?.kind === 'cap') cap.amount = yuan('2,000,000.00');
    expect(shown(capFigures(lowered, 'qilu', 2021, rows)).at(-1)).toBe(
      `5d per enterprise {}: ${yuan('2,000,000.00')}/${yuan('3,000,000.00')}/0`,
    );
  });
});

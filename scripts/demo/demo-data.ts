// The demo world, from shared/domain/README.md. Keys are stable: they become Idempotency-Keys,
// so loading twice creates nothing new. Names marked (placeholder) are not in the sources.

export interface DemoPark {
  key: string;
  parent?: string;
  kind: 'city-or-district' | 'high-tech-zone' | 'park' | 'zone-or-area';
  nameZh: string;
  nameEn: string;
  plannedAreaKm2?: string;
  focusIndustries?: string[];
  operator?: string;
}

export interface DemoEnterprise {
  key: string;
  name: string;
  /** administrative division code of the registering authority, for the generated USCC */
  division: string;
  foundedOn?: string;
  registeredCapital?: { amount: string; currency: 'CNY' };
  industryFields: string[];
  /** founded by people who returned from study or work abroad (海归创办); left out: not */
  returneeFounded?: boolean;
  settlesIn?: { park: string; on: string };
}

const BIO = ['biological-medicine', 'chemical-medicine', 'tcm-and-natural-medicine', 'medical-devices'];

export const DEMO_PARKS: DemoPark[] = [
  {
    key: 'jiz',
    kind: 'high-tech-zone',
    nameZh: '济南高新技术产业开发区',
    nameEn: 'Jinan High-tech Zone (Jinan Innovation Zone)',
    focusIndustries: BIO,
    operator: 'Jinan High-tech Zone Management Committee',
  },
  {
    key: 'jinan-medical-valley',
    parent: 'jiz',
    kind: 'park',
    nameZh: '济南药谷',
    nameEn: 'Jinan Medical Valley',
    focusIndustries: BIO,
    operator: 'National Shandong Innovative Drug Incubation Base',
  },
  {
    key: 'jinan-life-science-city',
    parent: 'jiz',
    kind: 'park',
    nameZh: '济南生命科学城',
    nameEn: 'Jinan Life Science City',
    plannedAreaKm2: '53.8',
    focusIndustries: [...BIO, 'health-services'],
  },
  {
    key: 'jlsc-industrial',
    parent: 'jinan-life-science-city',
    kind: 'zone-or-area',
    nameZh: '产业集聚区（经十东路以北）',
    nameEn: 'Industrial cluster area (north of Jingshi East Road)',
    plannedAreaKm2: '21.6',
  },
  {
    key: 'jlsc-medical',
    parent: 'jinan-life-science-city',
    kind: 'zone-or-area',
    nameZh: '医疗服务区（经十东路以南）',
    nameEn: 'Medical service area (south of Jingshi East Road)',
    plannedAreaKm2: '32.2',
    focusIndustries: ['health-services'],
  },
  // 10,000 mu = 6.6667 km² (1 mu = 666.67 m²)
  {
    key: 'lianghe',
    parent: 'jiz',
    kind: 'park',
    nameZh: '孙村片区两河生物医药产业园',
    nameEn: 'Lianghe Biomedical Industrial Park (Sun Village)',
    plannedAreaKm2: '6.6667',
    focusIndustries: BIO,
  },
  {
    key: 'lianghe-sme',
    parent: 'lianghe',
    kind: 'zone-or-area',
    nameZh: '中小企业发展区',
    nameEn: 'SME development zone',
  },
  {
    key: 'lianghe-sme-bio',
    parent: 'lianghe-sme',
    kind: 'zone-or-area',
    nameZh: '生物医药区',
    nameEn: 'Biological medicine sub-area',
    focusIndustries: ['biological-medicine'],
  },
  {
    key: 'lianghe-sme-chem',
    parent: 'lianghe-sme',
    kind: 'zone-or-area',
    nameZh: '化学医药区',
    nameEn: 'Chemical medicine sub-area',
    focusIndustries: ['chemical-medicine'],
  },
  {
    key: 'lianghe-sme-tcm',
    parent: 'lianghe-sme',
    kind: 'zone-or-area',
    nameZh: '中药及天然药物区',
    nameEn: 'TCM and natural medicine sub-area',
    focusIndustries: ['tcm-and-natural-medicine'],
  },
  {
    key: 'lianghe-sme-devices',
    parent: 'lianghe-sme',
    kind: 'zone-or-area',
    nameZh: '医疗器械区',
    nameEn: 'Medical devices sub-area',
    focusIndustries: ['medical-devices'],
  },
  {
    key: 'lianghe-large',
    parent: 'lianghe',
    kind: 'zone-or-area',
    nameZh: '大企业区',
    nameEn: 'Large-enterprise zone',
  },

  {
    key: 'heze-port',
    kind: 'park',
    nameZh: '菏泽现代医药港',
    nameEn: 'Heze Modern Medical Port',
    focusIndustries: BIO,
    operator: 'Heze Modern Medical Port management service centre',
  },
  {
    key: 'heze-park-bio',
    parent: 'heze-port',
    kind: 'park',
    nameZh: '菏泽生物医药专业园（暂名）',
    nameEn: 'Heze Biological Medicine Park (placeholder)',
    focusIndustries: ['biological-medicine'],
  },
  {
    key: 'heze-park-chem',
    parent: 'heze-port',
    kind: 'park',
    nameZh: '菏泽化学制药专业园（暂名）',
    nameEn: 'Heze Chemical Pharmaceutical Park (placeholder)',
    focusIndustries: ['chemical-medicine'],
  },
  {
    key: 'heze-park-devices',
    parent: 'heze-port',
    kind: 'park',
    nameZh: '菏泽医疗器械专业园（暂名）',
    nameEn: 'Heze Medical Devices Park (placeholder)',
    focusIndustries: ['medical-devices'],
  },
  {
    key: 'heze-park-tcm',
    parent: 'heze-port',
    kind: 'park',
    nameZh: '菏泽中医药专业园（暂名）',
    nameEn: 'Heze TCM Park (placeholder)',
    focusIndustries: ['tcm-and-natural-medicine'],
  },

  { key: 'nanjing', kind: 'city-or-district', nameZh: '南京市', nameEn: 'Nanjing' },
  {
    key: 'nanjing-valley',
    parent: 'nanjing',
    kind: 'park',
    nameZh: '南京江北新区生物医药谷',
    nameEn: 'Nanjing Jiangbei New District Biomedical Valley',
    plannedAreaKm2: '14.92',
    focusIndustries: ['biological-medicine', 'chemical-medicine', 'medical-devices'],
  },
  {
    key: 'jiangning-town',
    parent: 'nanjing',
    kind: 'park',
    nameZh: '江宁高新区生命科技小镇',
    nameEn: 'Jiangning Hi-Tech Life Science and Technology Town',
    focusIndustries: ['biological-medicine'],
  },
  {
    key: 'nanjing-newport',
    parent: 'nanjing',
    kind: 'park',
    nameZh: '南京新港生物医药产业园',
    nameEn: 'Nanjing Newport Biomedical Industrial Park',
    focusIndustries: ['biological-medicine'],
  },

  {
    key: 'urumqi',
    kind: 'high-tech-zone',
    nameZh: '乌鲁木齐高新区（新市区）',
    nameEn: 'Urumqi High-tech Zone (New District)',
    focusIndustries: ['biological-medicine', 'chemical-medicine'],
  },
  {
    key: 'changsha',
    kind: 'park',
    nameZh: '长沙湘江数字健康产业园',
    nameEn: 'Changsha Xiangjiang Digital Health Industrial Park',
    focusIndustries: ['health-services', 'medical-devices'],
  },

  { key: 'guangzhou-huangpu', kind: 'city-or-district', nameZh: '广州市黄埔区', nameEn: 'Guangzhou Huangpu District' },
  {
    key: 'huangpu-returnee-town',
    parent: 'guangzhou-huangpu',
    kind: 'park',
    nameZh: '广州黄埔海归小镇',
    nameEn: 'Guangzhou Huangpu Overseas Returnee Town',
    focusIndustries: [...BIO, 'diagnostics'],
  },
];

/** How many enterprises Guangzhou Huangpu's sci-tech mother fund invested in, as reported. */
export const HUANGPU_ENTERPRISE_COUNT = 274;

function isoPlusDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const ALL_FIELDS = [
  'biological-medicine',
  'chemical-medicine',
  'tcm-and-natural-medicine',
  'medical-devices',
  'diagnostics',
  'health-services',
  'other',
];

/**
 * The 274 enterprises of Guangzhou Huangpu that its sci-tech mother fund invested in (the sources
 * give the count, not the names): all placeholders, settled in the Overseas Returnee Town between
 * 2016 and mid-2020, one in four (69) founded by returnees.
 */
function huangpuEnterprises(): DemoEnterprise[] {
  return Array.from({ length: HUANGPU_ENTERPRISE_COUNT }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    const settledOn = isoPlusDays('2016-01-04', i * 6);
    const first = ALL_FIELDS[i % ALL_FIELDS.length] as string;
    const second = ALL_FIELDS[(i * 3 + 1) % ALL_FIELDS.length] as string;
    return {
      key: `huangpu-enterprise-${n}`,
      name: `Huangpu sci-tech enterprise ${n} (placeholder)`,
      division: '440112',
      foundedOn: isoPlusDays(settledOn, -(200 + ((i * 97) % 1500))),
      industryFields: i % 3 === 0 && second !== first ? [first, second] : [first],
      ...(i % 4 === 0 ? { returneeFounded: true } : {}),
      settlesIn: { park: 'huangpu-returnee-town', on: settledOn },
    };
  });
}

export const HUANGPU_ENTERPRISES: DemoEnterprise[] = huangpuEnterprises();

export const DEMO_ENTERPRISES: DemoEnterprise[] = [
  {
    key: 'qilu',
    name: '齐鲁制药有限公司 (Qilu Pharmaceutical)',
    division: '370100',
    industryFields: ['chemical-medicine', 'biological-medicine'],
    settlesIn: { park: 'jinan-medical-valley', on: '2010-01-01' },
  },
  {
    key: 'xuanzhu',
    name: '轩竹生物科技 (Xuanzhu Biopharm)',
    division: '370100',
    foundedOn: '2002-01-01',
    registeredCapital: { amount: '50000000.00', currency: 'CNY' },
    industryFields: ['chemical-medicine'],
    settlesIn: { park: 'jinan-medical-valley', on: '2002-01-01' },
  },
  {
    key: 'acv',
    name: 'Shandong ACV Biotech',
    division: '370100',
    industryFields: ['biological-medicine'],
    settlesIn: { park: 'jlsc-industrial', on: '2016-01-01' },
  },
  {
    key: 'yinfeng',
    name: '银丰生物集团 (Yinfeng Biological Group)',
    division: '370100',
    foundedOn: '2011-01-01',
    industryFields: ['biological-medicine', 'health-services'],
    settlesIn: { park: 'jlsc-medical', on: '2011-01-01' },
  },
  {
    key: 'yipu',
    name: 'Shanghai Yipu Technology',
    division: '310000',
    industryFields: ['diagnostics'],
    settlesIn: { park: 'heze-park-bio', on: '2021-03-01' },
  },
  {
    key: 'huamu',
    name: 'Huamu Medical',
    division: '371700',
    industryFields: ['medical-devices'],
    settlesIn: { park: 'heze-park-devices', on: '2021-06-01' },
  },
  {
    key: 'zhihe',
    name: 'Nanjing Zhihe Pharmaceutical Factory',
    division: '320100',
    industryFields: ['tcm-and-natural-medicine'],
    settlesIn: { park: 'heze-park-tcm', on: '2021-09-01' },
  },
  {
    key: 'hecheng',
    name: 'Hecheng Pharmaceutical',
    division: '371700',
    industryFields: ['chemical-medicine'],
    settlesIn: { park: 'heze-park-chem', on: '2022-01-10' },
  },
  {
    key: 'nuohe',
    name: 'Nuohe Pharmaceutical',
    division: '371700',
    industryFields: ['chemical-medicine'],
    settlesIn: { park: 'heze-park-chem', on: '2022-04-01' },
  },
  {
    key: 'xinqikang',
    name: 'Xinqikang Pharmaceutical',
    division: '650100',
    industryFields: ['chemical-medicine'],
    settlesIn: { park: 'urumqi', on: '2024-01-01' },
  },
  {
    key: 'nearshore',
    name: 'Heze nearshore protein company (placeholder)',
    division: '371700',
    industryFields: ['biological-medicine'],
    settlesIn: { park: 'heze-port', on: '2021-02-18' },
  },
  {
    key: 'sphcc-results',
    name: 'Shanghai Public Health Clinical Center results company (placeholder)',
    division: '371700',
    industryFields: ['biological-medicine'],
    settlesIn: { park: 'heze-park-bio', on: '2021-03-01' },
  },
  ...HUANGPU_ENTERPRISES,
];

export interface DemoProject {
  key: string;
  park: string;
  enterprise: string;
  industryField: string;
  nameZh: string;
  nameEn: string;
  /** CNY, decimal string */
  planned: string;
  /** the stages after LEAD, with their dates, in order */
  stages: [stage: 'NEGOTIATING' | 'SIGNED' | 'UNDER_CONSTRUCTION' | 'IN_OPERATION' | 'TERMINATED', on: string][];
  leadOn: string;
  reports?: [asOf: string, cumulative: string][];
}

const HEZE_PARKS = ['heze-port', 'heze-park-bio', 'heze-park-chem', 'heze-park-devices', 'heze-park-tcm'];
const HEZE_ENTERPRISES = ['yipu', 'huamu', 'zhihe', 'hecheng', 'nuohe', 'nearshore'];
const HEZE_TOTAL_FEN = 1_300_000_000_000n; // RMB 13,000,000,000.00, the reported figure

const yuan = (fen: bigint): string => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

/** Heze Modern Medical Port: 40 projects signed in two years whose plans sum to exactly RMB 13 billion. */
function hezeProjects(): DemoProject[] {
  const named: Omit<DemoProject, 'planned' | 'stages' | 'leadOn'>[] = [
    {
      key: 'heze-nearshore-protein',
      park: 'heze-park-bio',
      enterprise: 'nearshore',
      industryField: 'biological-medicine',
      nameZh: '近岸蛋白（mRNA原料）项目',
      nameEn: 'Nearshore protein project (mRNA raw materials)',
    },
    {
      key: 'heze-full-cancer-screening',
      park: 'heze-park-bio',
      enterprise: 'yipu',
      industryField: 'diagnostics',
      nameZh: '“全癌”筛查试剂项目',
      nameEn: '"Full cancer" screening reagent (Shanghai Yipu Technology)',
    },
    {
      key: 'heze-orthopedic',
      park: 'heze-park-devices',
      enterprise: 'huamu',
      industryField: 'medical-devices',
      nameZh: '骨科器械项目',
      nameEn: 'Orthopedic equipment (Huamu Medical)',
    },
    {
      key: 'heze-zhihe',
      park: 'heze-park-tcm',
      enterprise: 'zhihe',
      industryField: 'tcm-and-natural-medicine',
      nameZh: '南京制药厂项目',
      nameEn: 'Nanjing Zhihe Pharmaceutical Factory project',
    },
    {
      key: 'heze-hecheng',
      park: 'heze-park-chem',
      enterprise: 'hecheng',
      industryField: 'chemical-medicine',
      nameZh: '和成制药项目',
      nameEn: 'Hecheng Pharmaceutical project',
    },
    {
      key: 'heze-nuohe',
      park: 'heze-park-chem',
      enterprise: 'nuohe',
      industryField: 'chemical-medicine',
      nameZh: '诺和制药项目',
      nameEn: 'Nuohe Pharmaceutical project',
    },
    {
      key: 'heze-sphcc-anti-coronavirus',
      park: 'heze-park-bio',
      enterprise: 'sphcc-results',
      industryField: 'biological-medicine',
      nameZh: '上海市公共卫生临床中心抗新冠药物成果转化项目',
      nameEn: "Shanghai Public Health Clinical Center's anti-coronavirus drug project (research results)",
    },
  ];
  const fields = [
    'biological-medicine',
    'chemical-medicine',
    'medical-devices',
    'tcm-and-natural-medicine',
    'diagnostics',
  ];
  const all = Array.from({ length: 40 }, (_, i) => {
    const base = named[i] ?? {
      key: `heze-project-${String(i + 1).padStart(2, '0')}`,
      park: HEZE_PARKS[i % HEZE_PARKS.length] as string,
      enterprise: HEZE_ENTERPRISES[i % HEZE_ENTERPRISES.length] as string,
      industryField: fields[i % fields.length] as string,
      nameZh: `菏泽招商项目 ${i + 1}（暂名）`,
      nameEn: `Heze investment project ${i + 1} (placeholder)`,
    };
    // 39 plans between RMB 200 and 440 million; the 40th makes the total exactly 13 billion
    return { ...base, fen: (200_000_000n + BigInt((i * 37) % 25) * 10_000_000n) * 100n };
  });
  const first39 = all.slice(0, 39).reduce((sum, p) => sum + p.fen, 0n);
  (all[39] as { fen: bigint }).fen = HEZE_TOTAL_FEN - first39;
  return all.map(({ fen, ...project }, i) => {
    const signedOn = i === 0 ? '2021-02-18' : isoPlusDays('2021-01-15', i * 17);
    const leadOn = isoPlusDays(signedOn, -60);
    const stages: DemoProject['stages'] =
      i === 0
        ? [
            ['SIGNED', signedOn],
            ['UNDER_CONSTRUCTION', '2021-03-10'],
            ['IN_OPERATION', '2021-12-28'],
          ]
        : i % 4 === 1
          ? [
              ['NEGOTIATING', isoPlusDays(leadOn, 20)],
              ['SIGNED', signedOn],
              ['UNDER_CONSTRUCTION', isoPlusDays(signedOn, 90)],
            ]
          : [['SIGNED', signedOn]];
    const reports: DemoProject['reports'] =
      i === 0 ? [['2021-12-31', yuan(fen)]] : i % 4 === 1 ? [['2023-06-30', yuan(fen / 3n)]] : undefined;
    return { ...project, planned: yuan(fen), leadOn, stages, ...(reports === undefined ? {} : { reports }) };
  });
}

export const DEMO_PROJECTS: DemoProject[] = [
  ...hezeProjects(),
  {
    key: 'urumqi-xinqikang',
    park: 'urumqi',
    enterprise: 'xinqikang',
    industryField: 'chemical-medicine',
    nameZh: '新齐康药业新项目',
    nameEn: "Xinqikang Pharmaceutical's new project",
    planned: '210000000.00',
    leadOn: '2023-10-01',
    stages: [
      ['NEGOTIATING', '2023-12-01'],
      ['SIGNED', '2024-03-01'],
    ],
  },
  {
    key: 'jinan-qilu-expansion',
    park: 'jinan-medical-valley',
    enterprise: 'qilu',
    industryField: 'chemical-medicine',
    nameZh: '齐鲁制药扩产项目',
    nameEn: 'Qilu Pharmaceutical capacity expansion',
    planned: '1500000000.00',
    leadOn: '2022-09-01',
    stages: [
      ['SIGNED', '2023-05-10'],
      ['UNDER_CONSTRUCTION', '2023-08-01'],
    ],
    reports: [['2024-06-30', '600000000.00']],
  },
  {
    key: 'jinan-yinfeng-stalled',
    park: 'jlsc-medical',
    enterprise: 'yinfeng',
    industryField: 'health-services',
    nameZh: '银丰细胞治疗中心',
    nameEn: 'Yinfeng cell therapy centre (signed, not started)',
    planned: '320000000.00',
    leadOn: '2022-11-01',
    stages: [['SIGNED', '2023-01-15']],
  },
  {
    key: 'jinan-xuanzhu-negotiating',
    park: 'lianghe-sme-chem',
    enterprise: 'xuanzhu',
    industryField: 'chemical-medicine',
    nameZh: '轩竹新药产业化项目',
    nameEn: 'Xuanzhu new drug industrialisation',
    planned: '450000000.00',
    leadOn: '2024-02-01',
    stages: [['NEGOTIATING', '2024-04-15']],
  },
  {
    key: 'jinan-acv-terminated',
    park: 'jlsc-industrial',
    enterprise: 'acv',
    industryField: 'biological-medicine',
    nameZh: '亚康生物疫苗项目',
    nameEn: 'Shandong ACV vaccine project (terminated)',
    planned: '180000000.00',
    leadOn: '2021-06-01',
    stages: [
      ['NEGOTIATING', '2021-08-01'],
      ['TERMINATED', '2022-01-20'],
    ],
  },
  {
    key: 'nanjing-zhihe',
    park: 'nanjing-valley',
    enterprise: 'zhihe',
    industryField: 'tcm-and-natural-medicine',
    nameZh: '南京中药创新项目',
    nameEn: 'Nanjing TCM innovation project',
    planned: '800000000.00',
    leadOn: '2024-01-10',
    stages: [['SIGNED', '2024-05-17']],
  },
];

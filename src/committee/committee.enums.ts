import { registerEnumType } from '@nestjs/graphql';

export enum Generation {
  UNDER_13 = 'UNDER_13',
  TEENS = 'TEENS',
  TWENTIES = 'TWENTIES',
  THIRTIES = 'THIRTIES',
  FORTIES = 'FORTIES',
  FIFTIES = 'FIFTIES',
  SIXTIES = 'SIXTIES',
  SEVENTY_PLUS = 'SEVENTY_PLUS',
}
registerEnumType(Generation, { name: 'Generation', description: 'self-declared age band; only ever shown in aggregate' });

export enum Sector {
  STUDENT = 'STUDENT',
  RESIDENT = 'RESIDENT',
  BUSINESS = 'BUSINESS',
  NPO = 'NPO',
  WELFARE = 'WELFARE',
  GOVERNMENT = 'GOVERNMENT',
  EDUCATION = 'EDUCATION',
  MEDICAL = 'MEDICAL',
  OTHER = 'OTHER',
}
registerEnumType(Sector, { name: 'Sector', description: 'self-declared field of activity; only ever shown in aggregate' });

export enum Stance {
  AGREE = 'AGREE',
  DISAGREE = 'DISAGREE',
  PASS = 'PASS',
}
registerEnumType(Stance, { name: 'Stance' });

export enum StanceDirection {
  AGREE = 'AGREE',
  DISAGREE = 'DISAGREE',
}
registerEnumType(StanceDirection, { name: 'StanceDirection', description: 'the direction in which a group stands out on a perspective' });

export const GENERATION_LABEL: Record<Generation, string> = {
  UNDER_13: '13歳未満',
  TEENS: '10代',
  TWENTIES: '20代',
  THIRTIES: '30代',
  FORTIES: '40代',
  FIFTIES: '50代',
  SIXTIES: '60代',
  SEVENTY_PLUS: '70代以上',
};

export const SECTOR_LABEL: Record<Sector, string> = {
  STUDENT: '学生',
  RESIDENT: '住民',
  BUSINESS: '企業',
  NPO: 'NPO',
  WELFARE: '福祉',
  GOVERNMENT: '行政',
  EDUCATION: '教育',
  MEDICAL: '医療',
  OTHER: 'その他',
};

export const GENERATIONS = Object.values(Generation);
export const SECTORS = Object.values(Sector);

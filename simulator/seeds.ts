/**
 * The sandbox's synthetic identities and partners: the same on every reset (simulator-spec.md).
 * CNICs are repeated digits so nobody mistakes them for real ones.
 */
import type { CitizenRecord, PartnerRecord, PurposeRecord, SimRecord } from './store/schema.js';

export const SHORT_CODE = '9000';
export const DEFAULT_PARTNER_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

export const SEED_CITIZENS: readonly CitizenRecord[] = [
  {
    id: 'cit_ayesha',
    cnic: '3520211111111',
    name: 'Ayesha Raza',
    cardStatus: 'active',
    mobile: '03001111111',
    scenario: 'happy path',
  },
  {
    id: 'cit_bilal',
    cnic: '4210122222222',
    name: 'Bilal Ahmed',
    cardStatus: 'active',
    mobile: '03212222222',
    scenario: 'happy path, Urdu SMS',
  },
  {
    id: 'cit_chand',
    cnic: '6110133333333',
    name: 'Chand Bibi',
    cardStatus: 'active',
    mobile: null,
    scenario: 'no registered mobile; enrolling works',
  },
  {
    id: 'cit_danish',
    cnic: '3740544444444',
    name: 'Danish Iqbal',
    cardStatus: 'expired',
    mobile: '03454444444',
    scenario: 'expired card',
  },
  {
    id: 'cit_erum',
    cnic: '5440055555555',
    name: 'Erum Shah',
    cardStatus: 'cancelled',
    mobile: '03065555555',
    scenario: 'cancelled card',
  },
  {
    id: 'cit_farhan',
    cnic: '1560166666666',
    name: 'Farhan Ali',
    cardStatus: 'active',
    mobile: null,
    scenario:
      "enrollment refused: SIM is someone else's (registered to Ayesha's CNIC: enrolling hers is held 24 h and she is told)",
  },
];

export const SEED_SIMS: readonly SimRecord[] = [
  { id: 'sim_ayesha', mobile: '03001111111', ownerCnic: '3520211111111', holderId: 'cit_ayesha' },
  { id: 'sim_bilal', mobile: '03212222222', ownerCnic: '4210122222222', holderId: 'cit_bilal' },
  { id: 'sim_chand', mobile: '03333333333', ownerCnic: '6110133333333', holderId: 'cit_chand' },
  { id: 'sim_danish', mobile: '03454444444', ownerCnic: '3740544444444', holderId: 'cit_danish' },
  { id: 'sim_erum', mobile: '03065555555', ownerCnic: '5440055555555', holderId: 'cit_erum' },
  { id: 'sim_farhan', mobile: '03126666666', ownerCnic: '3520211111111', holderId: 'cit_farhan' },
];

const accountOpening: PurposeRecord = {
  id: 'account-opening',
  title: { en: 'Account opening', ur: 'اکاؤنٹ کھولنا' },
  description: {
    en: 'Sandbox Bank checks that your CNIC is active and records your full name to open your account.',
    ur: 'سینڈ باکس بینک آپ کا اکاؤنٹ کھولنے کے لیے دیکھتا ہے کہ آپ کا شناختی کارڈ فعال ہے اور آپ کا پورا نام درج کرتا ہے۔',
  },
  smsReason: { en: 'account opening', ur: 'اکاؤنٹ کھولنے' },
  dataItems: ['cnic_status', 'full_name'],
};

const statusCheck: PurposeRecord = {
  id: 'status-check',
  title: { en: 'CNIC status check', ur: 'شناختی کارڈ کی حیثیت کی جانچ' },
  description: {
    en: 'Sandbox Bank learns only whether your CNIC is active, expired or cancelled.',
    ur: 'سینڈ باکس بینک صرف یہ جانتا ہے کہ آپ کا شناختی کارڈ فعال ہے، میعاد ختم ہو چکی ہے یا منسوخ ہے۔',
  },
  smsReason: { en: 'a CNIC status check', ur: 'شناختی کارڈ کی حیثیت کی جانچ' },
  dataItems: ['cnic_status'],
};

const simIssuance: PurposeRecord = {
  id: 'sim-issuance',
  title: { en: 'SIM issuance', ur: 'سم کا اجرا' },
  description: {
    en: 'Sandbox Telecom checks that your CNIC is active and records your full name to issue your SIM.',
    ur: 'سینڈ باکس ٹیلی کام آپ کو سم جاری کرنے کے لیے دیکھتا ہے کہ آپ کا شناختی کارڈ فعال ہے اور آپ کا پورا نام درج کرتا ہے۔',
  },
  smsReason: { en: 'SIM issuance', ur: 'سم کے اجرا' },
  dataItems: ['cnic_status', 'full_name'],
};

export function seedPartners(extraOrigins: readonly string[] = []): PartnerRecord[] {
  const origins = [...DEFAULT_PARTNER_ORIGINS, ...extraOrigins];
  return [
    {
      id: 'prt_sandbox_bank',
      displayName: { en: 'Sandbox Bank', ur: 'سینڈ باکس بینک' },
      publishableKey: 'pk_test_sandbox_bank',
      secretKey: 'sk_test_sandbox_bank',
      origins,
      purposes: [accountOpening, statusCheck],
    },
    {
      id: 'prt_sandbox_telecom',
      displayName: { en: 'Sandbox Telecom', ur: 'سینڈ باکس ٹیلی کام' },
      publishableKey: 'pk_test_sandbox_telecom',
      secretKey: 'sk_test_sandbox_telecom',
      origins,
      purposes: [simIssuance],
    },
  ];
}

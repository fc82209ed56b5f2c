/**
 * Fixed catalogue of the Ang Thong (province 15) demo: agencies, police stations, places, texts.
 *
 * The totals are the official Dec 2016 figures (shared/DOMAIN.md): 55 agencies answered, 43 own
 * cameras, 860 cameras of which 734 work and 126 are damaged or under repair/replacement. The
 * district offices' own cameras are the working points the district offices reported
 * (เมืองอ่างทอง 2, วิเศษชัยชาญ 8, โพธิ์ทอง 6, ป่าโมก 8, ไชโย 4, แสวงหา 8 of which 7 work, สามโก้ 8).
 * Everything else (names of LAOs and shops, places, texts) is synthetic but plausible; contact names
 * and phone numbers are obviously fake (surname ตัวอย่าง/สมมติ, numbers 0xx-000-xxxx).
 */

export const PROVINCE_CODE = '15';
export const PROVINCE_TH = 'อ่างทอง';

export const OFFICIAL = {
  agencies: 55,
  agenciesWithCameras: 43,
  cameras: 860,
  working: 734,
  damaged: 126,
} as const;

export interface DistrictDef {
  th: string;
  postcode: string;
  /** The subdistrict holding the district office and the town (district seat). */
  seat: string;
  /** Share of province-wide cameras and risk points (Mueang Ang Thong dominates). */
  weight: number;
  /** Cameras of the district office itself, as reported in Dec 2016; `officeBroken` do not work. */
  officeCameras: number;
  officeBroken: number;
}

export const DISTRICTS: readonly DistrictDef[] = [
  { th: 'เมืองอ่างทอง', postcode: '14000', seat: 'ตลาดหลวง', weight: 4, officeCameras: 2, officeBroken: 0 },
  { th: 'วิเศษชัยชาญ', postcode: '14110', seat: 'ไผ่ดำพัฒนา', weight: 1.4, officeCameras: 8, officeBroken: 0 },
  { th: 'โพธิ์ทอง', postcode: '14120', seat: 'อินทประมูล', weight: 1.2, officeCameras: 6, officeBroken: 0 },
  { th: 'ป่าโมก', postcode: '14130', seat: 'ป่าโมก', weight: 1, officeCameras: 8, officeBroken: 0 },
  { th: 'ไชโย', postcode: '14140', seat: 'ไชยภูมิ', weight: 0.9, officeCameras: 4, officeBroken: 0 },
  { th: 'แสวงหา', postcode: '14150', seat: 'แสวงหา', weight: 0.9, officeCameras: 8, officeBroken: 1 },
  { th: 'สามโก้', postcode: '14160', seat: 'สามโก้', weight: 0.7, officeCameras: 8, officeBroken: 0 },
];

/** Subdistrict spellings differ between sources (ไผ่จำศีล in police names, ไผ่จำศิล in the boundary file). */
export const SUBDISTRICT_ALIASES: Record<string, string[]> = {
  ไผ่จำศีล: ['ไผ่จำศิล'],
  ไผ่จำศิล: ['ไผ่จำศีล'],
};

export interface StationDef {
  th: string;
  en: string;
  district: string;
  subdistrict: string;
}

/** Provincial police stations (สภ.) of Ang Thong: the seven district stations and five more. */
export const STATIONS: readonly StationDef[] = [
  { th: 'สภ.เมืองอ่างทอง', en: 'Mueang Ang Thong Police Station', district: 'เมืองอ่างทอง', subdistrict: 'ตลาดหลวง' },
  { th: 'สภ.โพสะ', en: 'Phosa Police Station', district: 'เมืองอ่างทอง', subdistrict: 'โพสะ' },
  { th: 'สภ.วิเศษชัยชาญ', en: 'Wiset Chai Chan Police Station', district: 'วิเศษชัยชาญ', subdistrict: 'ไผ่ดำพัฒนา' },
  { th: 'สภ.ไผ่จำศีล', en: 'Phai Cham Sin Police Station', district: 'วิเศษชัยชาญ', subdistrict: 'ไผ่จำศีล' },
  { th: 'สภ.ท่าช้าง', en: 'Tha Chang Police Station', district: 'วิเศษชัยชาญ', subdistrict: 'ท่าช้าง' },
  { th: 'สภ.โพธิ์ทอง', en: 'Pho Thong Police Station', district: 'โพธิ์ทอง', subdistrict: 'อินทประมูล' },
  { th: 'สภ.บางเจ้าฉ่า', en: 'Bang Chao Cha Police Station', district: 'โพธิ์ทอง', subdistrict: 'บางเจ้าฉ่า' },
  { th: 'สภ.ป่าโมก', en: 'Pa Mok Police Station', district: 'ป่าโมก', subdistrict: 'ป่าโมก' },
  { th: 'สภ.ไชโย', en: 'Chaiyo Police Station', district: 'ไชโย', subdistrict: 'ไชยภูมิ' },
  { th: 'สภ.แสวงหา', en: 'Sawaeng Ha Police Station', district: 'แสวงหา', subdistrict: 'แสวงหา' },
  { th: 'สภ.สีบัวทอง', en: 'Si Bua Thong Police Station', district: 'แสวงหา', subdistrict: 'สีบัวทอง' },
  { th: 'สภ.สามโก้', en: 'Samko Police Station', district: 'สามโก้', subdistrict: 'สามโก้' },
];

export type AgencyType = 'government' | 'state_enterprise' | 'local_administration' | 'private';

/** How an agency's cameras are placed and described. */
export type Profile =
  | 'provincial_hall'
  | 'district_office'
  | 'police'
  | 'highway'
  | 'hospital'
  | 'utility'
  | 'bank'
  | 'gold'
  | 'convenience'
  | 'mall'
  | 'lao_town'
  | 'lao_rural'
  | 'pao';

export interface AgencyDef {
  /** Stable suffix of the external id (demo-15-ag-<key>). */
  key: string;
  name: string;
  /** Abbreviated LAO name as the DLA survey writes it (ทม./ทต./อบต./อบจ.). */
  short?: string;
  type: AgencyType;
  /** The district of the agency's office. */
  district: string;
  /** Subdistricts its cameras cluster in; absent = spread over the province, weighted by district. */
  home?: string[];
  cameras: number;
  broken: number;
  profile: Profile;
  /** How its premises are called in place names (default: the name without the parenthesis). */
  facility?: string;
}

const office = (d: DistrictDef, i: number): AgencyDef => ({
  key: `district-office-${i + 1}`,
  name: `ที่ว่าการอำเภอ${d.th}`,
  type: 'government',
  district: d.th,
  home: [d.seat],
  cameras: d.officeCameras,
  broken: d.officeBroken,
  profile: 'district_office',
});

export const AGENCIES: readonly AgencyDef[] = [
  // Government (16, of which 11 own cameras)
  { key: 'provincial-office', name: 'สำนักงานจังหวัดอ่างทอง (ศาลากลางจังหวัด)', type: 'government', district: 'เมืองอ่างทอง', home: ['บางแก้ว'], cameras: 30, broken: 2, profile: 'provincial_hall' },
  { key: 'provincial-police', name: 'ตำรวจภูธรจังหวัดอ่างทอง', type: 'government', district: 'เมืองอ่างทอง', cameras: 106, broken: 17, profile: 'police' },
  ...DISTRICTS.map(office),
  { key: 'highways', name: 'แขวงทางหลวงอ่างทอง', type: 'government', district: 'เมืองอ่างทอง', cameras: 30, broken: 6, profile: 'highway' },
  { key: 'hospital', name: 'โรงพยาบาลอ่างทอง', type: 'government', district: 'เมืองอ่างทอง', home: ['ตลาดหลวง'], cameras: 24, broken: 1, profile: 'hospital' },
  { key: 'land-transport', name: 'สำนักงานขนส่งจังหวัดอ่างทอง', type: 'government', district: 'เมืองอ่างทอง', cameras: 0, broken: 0, profile: 'utility' },
  { key: 'public-health', name: 'สำนักงานสาธารณสุขจังหวัดอ่างทอง', type: 'government', district: 'เมืองอ่างทอง', cameras: 0, broken: 0, profile: 'utility' },
  { key: 'primary-education', name: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอ่างทอง', type: 'government', district: 'เมืองอ่างทอง', cameras: 0, broken: 0, profile: 'utility' },
  { key: 'disaster-prevention', name: 'สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดอ่างทอง', type: 'government', district: 'เมืองอ่างทอง', cameras: 0, broken: 0, profile: 'utility' },
  { key: 'irrigation', name: 'โครงการชลประทานอ่างทอง', type: 'government', district: 'เมืองอ่างทอง', cameras: 0, broken: 0, profile: 'utility' },

  // State enterprises (6, of which 5 own cameras)
  { key: 'pea', name: 'การไฟฟ้าส่วนภูมิภาคจังหวัดอ่างทอง', type: 'state_enterprise', district: 'เมืองอ่างทอง', home: ['บ้านแห', 'ตลาดหลวง'], cameras: 12, broken: 1, profile: 'utility' },
  { key: 'pwa', name: 'การประปาส่วนภูมิภาคสาขาอ่างทอง', type: 'state_enterprise', district: 'เมืองอ่างทอง', home: ['บางแก้ว', 'ย่านซื่อ'], cameras: 8, broken: 1, profile: 'utility' },
  { key: 'post', name: 'บริษัท ไปรษณีย์ไทย จำกัด (ที่ทำการไปรษณีย์อ่างทอง)', type: 'state_enterprise', district: 'เมืองอ่างทอง', home: ['ตลาดหลวง'], cameras: 6, broken: 0, profile: 'utility', facility: 'ที่ทำการไปรษณีย์อ่างทอง' },
  { key: 'gsb', name: 'ธนาคารออมสิน สาขาอ่างทอง', type: 'state_enterprise', district: 'เมืองอ่างทอง', home: ['ตลาดหลวง', 'ไผ่ดำพัฒนา', 'อินทประมูล'], cameras: 10, broken: 0, profile: 'bank' },
  { key: 'baac', name: 'ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาอ่างทอง', type: 'state_enterprise', district: 'เมืองอ่างทอง', home: ['บางแก้ว', 'แสวงหา', 'ป่าโมก'], cameras: 8, broken: 1, profile: 'bank' },
  { key: 'tot', name: 'บริษัท ทีโอที จำกัด (มหาชน) ส่วนบริการลูกค้าอ่างทอง', type: 'state_enterprise', district: 'เมืองอ่างทอง', cameras: 0, broken: 0, profile: 'utility' },

  // Local administration (24, of which 20 own cameras)
  { key: 'pao', name: 'องค์การบริหารส่วนจังหวัดอ่างทอง', short: 'อบจ.อ่างทอง', type: 'local_administration', district: 'เมืองอ่างทอง', cameras: 60, broken: 12, profile: 'pao' },
  { key: 'town-angthong', name: 'เทศบาลเมืองอ่างทอง', short: 'ทม.อ่างทอง', type: 'local_administration', district: 'เมืองอ่างทอง', home: ['ตลาดหลวง', 'บางแก้ว', 'ย่านซื่อ'], cameras: 150, broken: 24, profile: 'lao_town' },
  { key: 'tm-phosa', name: 'เทศบาลตำบลโพสะ', short: 'ทต.โพสะ', type: 'local_administration', district: 'เมืองอ่างทอง', home: ['โพสะ'], cameras: 18, broken: 4, profile: 'lao_town' },
  { key: 'sao-ban-hae', name: 'องค์การบริหารส่วนตำบลบ้านแห', short: 'อบต.บ้านแห', type: 'local_administration', district: 'เมืองอ่างทอง', home: ['บ้านแห'], cameras: 8, broken: 2, profile: 'lao_rural' },
  { key: 'sao-champa-lo', name: 'องค์การบริหารส่วนตำบลจำปาหล่อ', short: 'อบต.จำปาหล่อ', type: 'local_administration', district: 'เมืองอ่างทอง', home: ['จำปาหล่อ'], cameras: 10, broken: 3, profile: 'lao_rural' },
  { key: 'sao-talat-kruat', name: 'องค์การบริหารส่วนตำบลตลาดกรวด', short: 'อบต.ตลาดกรวด', type: 'local_administration', district: 'เมืองอ่างทอง', home: ['ตลาดกรวด'], cameras: 8, broken: 2, profile: 'lao_rural' },
  { key: 'tm-wiset', name: 'เทศบาลตำบลวิเศษไชยชาญ', short: 'ทต.วิเศษไชยชาญ', type: 'local_administration', district: 'วิเศษชัยชาญ', home: ['ไผ่ดำพัฒนา', 'ศาลเจ้าโรงทอง'], cameras: 36, broken: 6, profile: 'lao_town' },
  { key: 'tm-tha-chang', name: 'เทศบาลตำบลท่าช้าง', short: 'ทต.ท่าช้าง', type: 'local_administration', district: 'วิเศษชัยชาญ', home: ['ท่าช้าง'], cameras: 14, broken: 3, profile: 'lao_town' },
  { key: 'sao-phai-cham-sin', name: 'องค์การบริหารส่วนตำบลไผ่จำศีล', short: 'อบต.ไผ่จำศีล', type: 'local_administration', district: 'วิเศษชัยชาญ', home: ['ไผ่จำศีล'], cameras: 10, broken: 2, profile: 'lao_rural' },
  { key: 'sao-huai-khan-laen', name: 'องค์การบริหารส่วนตำบลห้วยคันแหลน', short: 'อบต.ห้วยคันแหลน', type: 'local_administration', district: 'วิเศษชัยชาญ', home: ['ห้วยคันแหลน'], cameras: 6, broken: 2, profile: 'lao_rural' },
  { key: 'tm-pho-thong', name: 'เทศบาลตำบลโพธิ์ทอง', short: 'ทต.โพธิ์ทอง', type: 'local_administration', district: 'โพธิ์ทอง', home: ['อินทประมูล', 'บางพลับ'], cameras: 30, broken: 5, profile: 'lao_town' },
  { key: 'tm-bang-chao-cha', name: 'เทศบาลตำบลบางเจ้าฉ่า', short: 'ทต.บางเจ้าฉ่า', type: 'local_administration', district: 'โพธิ์ทอง', home: ['บางเจ้าฉ่า'], cameras: 10, broken: 2, profile: 'lao_town' },
  { key: 'sao-kham-yat', name: 'องค์การบริหารส่วนตำบลคำหยาด', short: 'อบต.คำหยาด', type: 'local_administration', district: 'โพธิ์ทอง', home: ['คำหยาด'], cameras: 8, broken: 2, profile: 'lao_rural' },
  { key: 'tm-pa-mok', name: 'เทศบาลตำบลป่าโมก', short: 'ทต.ป่าโมก', type: 'local_administration', district: 'ป่าโมก', home: ['ป่าโมก', 'บางปลากด'], cameras: 28, broken: 5, profile: 'lao_town' },
  { key: 'sao-bang-sadet', name: 'องค์การบริหารส่วนตำบลบางเสด็จ', short: 'อบต.บางเสด็จ', type: 'local_administration', district: 'ป่าโมก', home: ['บางเสด็จ'], cameras: 8, broken: 2, profile: 'lao_rural' },
  { key: 'tm-chaiyo', name: 'เทศบาลตำบลไชโย', short: 'ทต.ไชโย', type: 'local_administration', district: 'ไชโย', home: ['ไชยภูมิ', 'ไชโย'], cameras: 24, broken: 4, profile: 'lao_town' },
  { key: 'sao-chai-rit', name: 'องค์การบริหารส่วนตำบลชัยฤทธิ์', short: 'อบต.ชัยฤทธิ์', type: 'local_administration', district: 'ไชโย', home: ['ชัยฤทธิ์'], cameras: 6, broken: 1, profile: 'lao_rural' },
  { key: 'tm-sawaeng-ha', name: 'เทศบาลตำบลแสวงหา', short: 'ทต.แสวงหา', type: 'local_administration', district: 'แสวงหา', home: ['แสวงหา'], cameras: 22, broken: 4, profile: 'lao_town' },
  { key: 'sao-si-bua-thong', name: 'องค์การบริหารส่วนตำบลสีบัวทอง', short: 'อบต.สีบัวทอง', type: 'local_administration', district: 'แสวงหา', home: ['สีบัวทอง'], cameras: 8, broken: 2, profile: 'lao_rural' },
  { key: 'tm-samko', name: 'เทศบาลตำบลสามโก้', short: 'ทต.สามโก้', type: 'local_administration', district: 'สามโก้', home: ['สามโก้'], cameras: 16, broken: 3, profile: 'lao_town' },
  { key: 'sao-mahatthai', name: 'องค์การบริหารส่วนตำบลมหาดไทย', short: 'อบต.มหาดไทย', type: 'local_administration', district: 'เมืองอ่างทอง', home: ['มหาดไทย'], cameras: 0, broken: 0, profile: 'lao_rural' },
  { key: 'sao-phong-pheng', name: 'องค์การบริหารส่วนตำบลโผงเผง', short: 'อบต.โผงเผง', type: 'local_administration', district: 'ป่าโมก', home: ['โผงเผง'], cameras: 0, broken: 0, profile: 'lao_rural' },
  { key: 'sao-si-phran', name: 'องค์การบริหารส่วนตำบลศรีพราน', short: 'อบต.ศรีพราน', type: 'local_administration', district: 'แสวงหา', home: ['ศรีพราน'], cameras: 0, broken: 0, profile: 'lao_rural' },
  { key: 'sao-mongkhon', name: 'องค์การบริหารส่วนตำบลมงคลธรรมนิมิต', short: 'อบต.มงคลธรรมนิมิต', type: 'local_administration', district: 'สามโก้', home: ['มงคลธรรมนิมิต'], cameras: 0, broken: 0, profile: 'lao_rural' },

  // Private (9, of which 7 own cameras facing public areas)
  { key: 'kbank', name: 'ธนาคารกสิกรไทย สาขาอ่างทอง', type: 'private', district: 'เมืองอ่างทอง', home: ['ตลาดหลวง', 'ไผ่ดำพัฒนา', 'อินทประมูล'], cameras: 10, broken: 0, profile: 'bank' },
  { key: 'scb', name: 'ธนาคารไทยพาณิชย์ สาขาอ่างทอง', type: 'private', district: 'เมืองอ่างทอง', home: ['ตลาดหลวง', 'ป่าโมก'], cameras: 9, broken: 1, profile: 'bank' },
  { key: 'bbl', name: 'ธนาคารกรุงเทพ สาขาอ่างทอง', type: 'private', district: 'เมืองอ่างทอง', home: ['ตลาดหลวง', 'แสวงหา'], cameras: 8, broken: 0, profile: 'bank' },
  { key: 'gold-yaowarat', name: 'ห้างทองเยาวราชอ่างทอง', type: 'private', district: 'เมืองอ่างทอง', home: ['ตลาดหลวง'], cameras: 6, broken: 1, profile: 'gold' },
  { key: 'gold-thongsuk', name: 'ห้างทองทองสุข วิเศษชัยชาญ', type: 'private', district: 'วิเศษชัยชาญ', home: ['ศาลเจ้าโรงทอง'], cameras: 5, broken: 0, profile: 'gold' },
  { key: 'cpall', name: 'บริษัท ซีพี ออลล์ จำกัด (มหาชน) (ร้าน 7-Eleven ในจังหวัดอ่างทอง)', type: 'private', district: 'เมืองอ่างทอง', cameras: 48, broken: 3, profile: 'convenience' },
  { key: 'lotus', name: 'ห้างสรรพสินค้าเทสโก้ โลตัส สาขาอ่างทอง', type: 'private', district: 'เมืองอ่างทอง', home: ['ศาลาแดง'], cameras: 16, broken: 1, profile: 'mall', facility: 'ห้างเทสโก้ โลตัส สาขาอ่างทอง' },
  { key: 'krungsri', name: 'ธนาคารกรุงศรีอยุธยา สาขาอ่างทอง', type: 'private', district: 'เมืองอ่างทอง', cameras: 0, broken: 0, profile: 'bank' },
  { key: 'fuel-station', name: 'ห้างหุ้นส่วนจำกัด อ่างทองปิโตรเลียม (สถานีบริการน้ำมัน)', type: 'private', district: 'เมืองอ่างทอง', cameras: 0, broken: 0, profile: 'utility' },
];

// Control centres and networks -------------------------------------------------------------------

export const CONTROL_CENTRES = {
  police: 'ศูนย์ปฏิบัติการตำรวจภูธรจังหวัดอ่างทอง',
  province: 'ศูนย์ปฏิบัติการจังหวัดอ่างทอง (ศาลากลางจังหวัด)',
  town: 'ศูนย์ควบคุมกล้องโทรทัศน์วงจรปิด เทศบาลเมืองอ่างทอง',
  pao: 'ศูนย์ควบคุมกล้อง CCTV องค์การบริหารส่วนจังหวัดอ่างทอง',
  highway: 'ศูนย์ควบคุมการจราจร แขวงทางหลวงอ่างทอง',
} as const;

export const NETWORK_TYPES = [
  'ใยแก้วนำแสง (Fiber optic)',
  'VPN ผ่านอินเทอร์เน็ตความเร็วสูง',
  'Wireless Point-to-Point 5 GHz',
  'เครือข่ายโทรศัพท์เคลื่อนที่ 4G',
  'LAN ภายในหน่วยงาน',
] as const;

export const NETWORK_PROVIDERS = [
  'บริษัท ทีโอที จำกัด (มหาชน)',
  'บริษัท กสท โทรคมนาคม จำกัด (มหาชน)',
  'บริษัท ทริปเปิลที บรอดแบนด์ จำกัด (มหาชน)',
  'บริษัท ทรู อินเทอร์เน็ต คอร์ปอเรชั่น จำกัด',
  'โครงข่ายของหน่วยงานเอง',
] as const;

export const LINKED_NETWORK = 'โครงข่ายกล้องโทรทัศน์วงจรปิดจังหวัดอ่างทอง';

// Equipment ----------------------------------------------------------------------------------------

export interface Equipment {
  brand: string;
  analogRecorder?: string;
  ipRecorder?: string;
  format: string;
  formatH265?: string;
}

export const EQUIPMENT: readonly (readonly [Equipment, number])[] = [
  [{ brand: 'Hikvision', analogRecorder: 'Hikvision DS-7216HGHI-F1 (DVR)', ipRecorder: 'Hikvision DS-7616NI-K2 (NVR)', format: '.mp4 (H.264)', formatH265: '.mp4 (H.265)' }, 5],
  [{ brand: 'Dahua', analogRecorder: 'Dahua XVR5116HS (XVR)', ipRecorder: 'Dahua NVR4216-4KS2 (NVR)', format: '.dav (H.264)', formatH265: '.dav (H.265)' }, 4],
  [{ brand: 'Uniview', ipRecorder: 'Uniview NVR302-16S (NVR)', format: '.mp4 (H.264)', formatH265: '.mp4 (H.265)' }, 1],
  [{ brand: 'Samsung', analogRecorder: 'Samsung SRD-1676D (DVR)', ipRecorder: 'Samsung SRN-1673S (NVR)', format: '.sec (H.264)' }, 1],
  [{ brand: 'Watashi', analogRecorder: 'Watashi WVR016X (DVR)', ipRecorder: 'Watashi WNR016 (NVR)', format: '.avi (H.264)' }, 1.5],
  [{ brand: 'Hi-view', analogRecorder: 'Hi-view HA-98516 (DVR)', ipRecorder: 'Hi-view HP-9716 (NVR)', format: '.avi (H.264)' }, 1],
  [{ brand: 'Bosch', ipRecorder: 'Bosch DIVAR IP 5000 (NVR)', format: '.mp4 (H.264)' }, 0.5],
  [{ brand: 'Axis', ipRecorder: 'Milestone XProtect บนเครื่องแม่ข่าย', format: '.mkv (H.264)', formatH265: '.mkv (H.265)' }, 0.4],
];

export const STORAGE_PROCESSES = [
  'บันทึกลงฮาร์ดดิสก์ในเครื่องบันทึก เขียนทับอัตโนมัติเมื่อครบกำหนด',
  'บันทึกลงฮาร์ดดิสก์ในเครื่องบันทึก สำรองเหตุการณ์สำคัญลงแฟลชไดรฟ์/ดีวีดี',
  'บันทึกลงเครื่องแม่ข่ายที่ศูนย์ควบคุม สำรองข้อมูลรายสัปดาห์',
  'บันทึกแบบ RAID ที่ศูนย์ควบคุม เก็บสำเนาเหตุการณ์ที่ตำรวจขอไว้ 1 ปี',
] as const;

export const PURPOSE_ORDER = ['deterrence', 'investigation', 'traffic'] as const;
export type Purpose = (typeof PURPOSE_ORDER)[number];

// Contacts (obviously fake) ------------------------------------------------------------------------

export const FIRST_NAMES = [
  'นายสมชาย', 'นายสมศักดิ์', 'นายวิชัย', 'นายประเสริฐ', 'นายอนุชา', 'นายธนพล', 'นายกิตติพงษ์', 'นายณัฐวุฒิ',
  'นายสุริยา', 'นายเอกชัย', 'นางสมใจ', 'นางมาลี', 'นางสาวสุภาพร', 'นางวันเพ็ญ', 'นางสาวอรุณี', 'นางกาญจนา',
  'นางสาวศิริพร', 'นางสาวนภาพร', 'ร.ต.อ.สมบัติ', 'ด.ต.ประยูร',
] as const;
export const FAKE_SURNAMES = ['ตัวอย่าง', 'สมมติ', 'ทดสอบ', 'ข้อมูลจำลอง'] as const;

// Risk points ------------------------------------------------------------------------------------------

export type RiskCategory = 'robbery' | 'escape_route' | 'accident_black_spot' | 'crime_hotspot' | 'tourist_site' | 'other';

/** Real places people visit (placed at the subdistrict's centre). */
export const TOURIST_SITES: readonly { name: string; subdistrict: string; weight: number }[] = [
  { name: 'วัดไชโยวรวิหาร', subdistrict: 'ไชโย', weight: 4 },
  { name: 'วัดขุนอินทประมูล (พระนอนองค์ใหญ่)', subdistrict: 'อินทประมูล', weight: 4 },
  { name: 'วัดม่วง (พระพุทธรูปองค์ใหญ่)', subdistrict: 'หัวตะพาน', weight: 5 },
  { name: 'วัดป่าโมกวรวิหาร', subdistrict: 'ป่าโมก', weight: 3 },
  { name: 'ตลาดศาลเจ้าโรงทอง (ตลาดร้อยปี)', subdistrict: 'ศาลเจ้าโรงทอง', weight: 3 },
  { name: 'หมู่บ้านทำกลองเอกราช', subdistrict: 'เอกราช', weight: 2 },
  { name: 'ศูนย์ตุ๊กตาชาววังบ้านบางเสด็จ', subdistrict: 'บางเสด็จ', weight: 2 },
  { name: 'วัดต้นสน', subdistrict: 'ตลาดหลวง', weight: 2 },
  { name: 'วัดสี่ร้อย', subdistrict: 'สี่ร้อย', weight: 2 },
];

/** Subdistricts on the province border, by the neighbouring province an escape route leads to. */
export const EXITS: readonly { to: string; subdistricts: string[] }[] = [
  { to: 'สิงห์บุรี', subdistricts: ['ชะไว', 'ตรีณรงค์', 'ไชยภูมิ'] },
  { to: 'สุพรรณบุรี', subdistricts: ['สาวร้องไห้', 'อบทม', 'สีบัวทอง', 'ไผ่วง'] },
  { to: 'พระนครศรีอยุธยา', subdistricts: ['บางเสด็จ', 'โผงเผง', 'สายทอง'] },
  { to: 'ลพบุรี', subdistricts: ['หลักฟ้า', 'ห้วยไผ่'] },
];

export const RISK_NAMES: Record<Exclude<RiskCategory, 'tourist_site'>, readonly string[]> = {
  robbery: [
    'ร้านทองย่านตลาด{sub}', 'หน้าตู้ ATM ตลาด{sub}', 'ร้านสะดวกซื้อริมถนน ต.{sub}', 'ถนนสายรองเปลี่ยว ต.{sub}',
    'สถานีบริการน้ำมันริมทางหลวง ต.{sub}', 'ทางเข้าหมู่บ้าน หมู่ที่ {n} ต.{sub} (วิ่งราวทรัพย์)',
  ],
  crime_hotspot: [
    'ตลาดนัดกลางคืน{sub}', 'ร้านเกมและร้านสุราย่าน{sub}', 'ลานจอดรถตลาด{sub}', 'บ้านร้าง/จุดมั่วสุม หมู่ที่ {n} ต.{sub}',
    'หอพักย่าน{sub}', 'ศาลาริมน้ำ ต.{sub} (แหล่งมั่วสุมยาเสพติด)',
  ],
  accident_black_spot: [
    'ทางโค้ง ทล.309 ช่วง ต.{sub}', 'ทางแยก ถนนสายเอเชีย ต.{sub}', 'จุดกลับรถ ถนนสายเอเชีย ต.{sub}',
    'สามแยก ต.{sub} (อุบัติเหตุซ้ำซาก)', 'สะพานข้ามคลอง หมู่ที่ {n} ต.{sub}', 'สี่แยกไม่มีสัญญาณไฟ ต.{sub}',
  ],
  escape_route: [
    'สะพานข้ามแม่น้ำ ต.{sub}', 'ถนนเลียบคลอง ต.{sub}', 'ท่าเรือข้ามฟาก ต.{sub}', 'ทางลัดออกถนนใหญ่ หมู่ที่ {n} ต.{sub}',
  ],
  other: ['หน้าโรงเรียน ต.{sub} (ช่วงเลิกเรียน)', 'จุดเสี่ยงน้ำท่วม ต.{sub}', 'ลานกิจกรรมชุมชน ต.{sub}'],
};

export const RISK_NOTES: Record<RiskCategory, readonly string[]> = {
  robbery: ['เกิดเหตุชิงทรัพย์/วิ่งราวทรัพย์ซ้ำในรอบปี', 'คนร้ายใช้รถจักรยานยนต์ก่อเหตุแล้วหลบหนี', 'ตำรวจแจ้งว่าเป็นจุดเสี่ยงลักทรัพย์ช่วงกลางคืน'],
  escape_route: ['เส้นทางที่คนร้ายใช้หลบหนีออกนอกพื้นที่', 'ตำรวจขอให้ติดตั้งกล้องเพื่อติดตามเส้นทางหลบหนี', 'เชื่อมต่อไปยังจังหวัดใกล้เคียง'],
  accident_black_spot: ['เกิดอุบัติเหตุรุนแรงซ้ำซาก', 'ทัศนวิสัยไม่ดีช่วงกลางคืน ไม่มีไฟส่องสว่าง', 'ช่วงเทศกาลมีผู้บาดเจ็บหลายราย'],
  crime_hotspot: ['แหล่งมั่วสุมของกลุ่มวัยรุ่นช่วงกลางคืน', 'มีการร้องเรียนเรื่องยาเสพติด', 'เกิดเหตุทะเลาะวิวาทบ่อย'],
  tourist_site: ['นักท่องเที่ยวหนาแน่นช่วงวันหยุดและเทศกาล', 'มีเหตุลักทรัพย์นักท่องเที่ยว', 'จัดงานประจำปี ผู้คนหนาแน่น'],
  other: ['ชุมชนร้องขอให้เฝ้าระวัง', 'จุดรวมคนช่วงเช้าและเย็น', 'ใช้เฝ้าระวังสถานการณ์น้ำ'],
};

export const CATEGORY_TH: Record<RiskCategory, string> = {
  robbery: 'เส้นทางโจร',
  escape_route: 'เส้นทางหลบหนี',
  accident_black_spot: 'เส้นทางอันตราย',
  crime_hotspot: 'เส้นทางเสี่ยงอาชญากรรม',
  tourist_site: 'เส้นทางท่องเที่ยว',
  other: 'เส้นทางเฝ้าระวัง',
};

/** Road corridors approximated by polylines through subdistrict centres. */
export const CORRIDORS: readonly { name: string; via: string[] }[] = [
  { name: 'ทางหลวงหมายเลข 309 (ป่าโมก–อ่างทอง)', via: ['โผงเผง', 'ป่าโมก', 'โพสะ', 'บ้านแห', 'ตลาดหลวง'] },
  { name: 'ทางหลวงหมายเลข 309 (อ่างทอง–ไชโย)', via: ['ตลาดหลวง', 'ย่านซื่อ', 'ตลาดกรวด', 'เทวราช', 'หลักฟ้า', 'ไชยภูมิ'] },
  { name: 'ถนนสายเอเชีย (ทางหลวงหมายเลข 32)', via: ['สายทอง', 'หัวไผ่', 'บ้านอิฐ', 'บ้านรี', 'ชัยฤทธิ์', 'จรเข้ร้อง', 'ตรีณรงค์'] },
  { name: 'ถนนสายอ่างทอง–โพธิ์ทอง', via: ['บางแก้ว', 'ศาลาแดง', 'ป่างิ้ว', 'บางพลับ', 'อินทประมูล'] },
  { name: 'ถนนสายอ่างทอง–วิเศษชัยชาญ', via: ['บ้านแห', 'คลองวัว', 'มหาดไทย', 'หัวตะพาน', 'ศาลเจ้าโรงทอง'] },
  { name: 'ถนนสายวิเศษชัยชาญ–สามโก้', via: ['ศาลเจ้าโรงทอง', 'ยี่ล้น', 'สามโก้', 'อบทม'] },
  { name: 'ถนนสายโพธิ์ทอง–แสวงหา', via: ['อินทประมูล', 'อ่างแก้ว', 'ทางพระ', 'คำหยาด', 'แสวงหา'] },
  { name: 'ถนนเลียบแม่น้ำน้อย (วิเศษชัยชาญ)', via: ['บางจัก', 'ไผ่ดำพัฒนา', 'สี่ร้อย', 'ไผ่จำศิล', 'ม่วงเตี้ย'] },
  { name: 'ถนนเลียบแม่น้ำเจ้าพระยา', via: ['นรสิงห์', 'บ้านแห', 'บางแก้ว', 'ย่านซื่อ', 'ราชสถิตย์', 'ไชโย'] },
  { name: 'ถนนสายแสวงหา–สีบัวทอง', via: ['ศรีพราน', 'แสวงหา', 'สีบัวทอง'] },
];

/** The ~15 risk routes: corridor index and category. */
export const ROUTES: readonly [number, RiskCategory][] = [
  [2, 'escape_route'], [0, 'robbery'], [1, 'escape_route'], [2, 'accident_black_spot'], [3, 'robbery'],
  [4, 'robbery'], [5, 'escape_route'], [6, 'crime_hotspot'], [7, 'escape_route'], [8, 'accident_black_spot'],
  [9, 'escape_route'], [0, 'accident_black_spot'], [4, 'escape_route'], [8, 'robbery'], [6, 'other'],
];

// Planned sites ------------------------------------------------------------------------------------

export const PLANNED_REASONS: Record<RiskCategory | 'replacement', readonly string[]> = {
  robbery: ['เกิดเหตุชิงทรัพย์และวิ่งราวทรัพย์บ่อย ยังไม่มีกล้องครอบคลุม', 'ร้านทองและตู้ ATM หนาแน่น ตำรวจขอให้ติดตั้งเพิ่ม'],
  escape_route: ['เป็นเส้นทางหลบหนีของคนร้าย ตำรวจร่วมสำรวจและขอให้ติดตั้งกล้องอ่านป้ายทะเบียน', 'จุดเชื่อมต่อออกนอกจังหวัด ต้องติดตามยานพาหนะต้องสงสัย'],
  accident_black_spot: ['จุดเกิดอุบัติเหตุซ้ำซาก ใช้พิสูจน์ข้อเท็จจริงทางคดีจราจร', 'ทางแยกอันตราย ไม่มีสัญญาณไฟจราจร'],
  crime_hotspot: ['แหล่งมั่วสุมและยาเสพติด ชุมชนร้องขอ', 'เกิดเหตุทะเลาะวิวาทบ่อยช่วงกลางคืน'],
  tourist_site: ['นักท่องเที่ยวหนาแน่นช่วงเทศกาล ต้องการเฝ้าระวังความปลอดภัย', 'สถานที่สำคัญทางศาสนา มีงานประจำปี'],
  other: ['หน้าโรงเรียน ป้องกันอุบัติเหตุและความปลอดภัยของนักเรียน', 'ชุมชนร้องขอผ่านที่ประชุมประชาคม'],
  replacement: ['ทดแทนกล้องเดิมที่ชำรุดไม่สามารถซ่อมได้', 'กล้องเดิมเป็นระบบอนาล็อกความละเอียดต่ำ ไม่สามารถใช้ในการสืบสวนได้'],
};

export const PLANNED_BUDGET_SOURCES = [
  'งบพัฒนาจังหวัดอ่างทอง',
  'งบพัฒนากลุ่มจังหวัดภาคกลางตอนบน 1',
  'เงินอุดหนุนเฉพาะกิจ กรมส่งเสริมการปกครองท้องถิ่น',
  'งบประมาณองค์การบริหารส่วนจังหวัดอ่างทอง',
  'งบประมาณสำนักงานตำรวจแห่งชาติ',
  'งบประมาณขององค์กรปกครองส่วนท้องถิ่น',
] as const;

// Footage requests ----------------------------------------------------------------------------------

export const INCIDENTS: readonly (readonly [string, number])[] = [
  ['ลักทรัพย์', 5], ['ชิงทรัพย์/วิ่งราวทรัพย์', 3], ['อุบัติเหตุจราจร', 6], ['ทำร้ายร่างกาย', 2],
  ['ลักรถจักรยานยนต์', 3], ['บุกรุก/ทำให้เสียทรัพย์', 1], ['ติดตามบุคคลสูญหาย', 1], ['ยาเสพติด', 1],
];

export const OTHER_REQUESTERS = [
  'กองกำกับการสืบสวน ตำรวจภูธรจังหวัดอ่างทอง',
  'ตำรวจภูธรจังหวัดอ่างทอง',
  'สภ.บางปะหัน (ภ.จว.พระนครศรีอยุธยา)',
  'สภ.อินทร์บุรี (ภ.จว.สิงห์บุรี)',
] as const;

// Problems (Part 3) -------------------------------------------------------------------------------

export type ProblemCategory = 'linking' | 'usage' | 'storage' | 'footage_provision' | 'maintenance' | 'other';

export const PROBLEMS: readonly { category: ProblemCategory; agency: string; date: string; description: string; suggestion: string }[] = [
  { category: 'maintenance', agency: 'provincial-police', date: '2016-12-13', description: 'กล้องตามถนนส่วนใหญ่ไม่มีงบประมาณบำรุงรักษา ชำรุดทีละตัวจนใช้งานไม่ได้', suggestion: 'ตั้งงบประมาณซ่อมบำรุงรายปีควบคู่กับงบติดตั้งทุกโครงการ' },
  { category: 'maintenance', agency: 'pao', date: '2016-12-15', description: 'กล้องที่ติดตั้งตั้งแต่ปี 2553 เป็นระบบอนาล็อก อะไหล่หายาก ซ่อมไม่คุ้มค่า', suggestion: 'ทยอยเปลี่ยนเป็นระบบ IP ตามลำดับความสำคัญของจุดเสี่ยง' },
  { category: 'linking', agency: 'provincial-office', date: '2016-12-20', description: 'กล้องของแต่ละหน่วยงานใช้ยี่ห้อและเครื่องบันทึกต่างกัน ไม่สามารถเชื่อมต่อเข้าศูนย์ปฏิบัติการจังหวัดได้', suggestion: 'กำหนดมาตรฐานกลาง (ONVIF) ให้ทุกหน่วยงานใช้ในการจัดซื้อครั้งต่อไป' },
  { category: 'linking', agency: 'tm-wiset', date: '2017-01-10', description: 'ไม่มีงบประมาณค่าเช่าสัญญาณเพื่อเชื่อมต่อกล้องไปยัง สภ.วิเศษชัยชาญ', suggestion: 'ขอรับการสนับสนุนค่าเช่าสัญญาณจากจังหวัด' },
  { category: 'usage', agency: 'provincial-police', date: '2017-01-12', description: 'เจ้าของกล้องเอกชนจำนวนมากไม่สามารถเปิดดูภาพย้อนหลังได้เอง เมื่อเกิดเหตุต้องรอช่างของบริษัท', suggestion: 'อบรมเจ้าของร้านค้าและธนาคารให้เรียกดูภาพย้อนหลังและสำรองไฟล์ได้' },
  { category: 'usage', agency: 'highways', date: '2017-02-03', description: 'กล้องติดตั้งสูงและมุมกว้างเกินไป อ่านป้ายทะเบียนรถไม่ได้ในเวลากลางคืน', suggestion: 'ติดตั้งกล้องอ่านป้ายทะเบียน (LPR) เฉพาะจุดทางเข้า-ออกจังหวัด' },
  { category: 'storage', agency: 'town-angthong', date: '2017-03-08', description: 'ฮาร์ดดิสก์เก็บภาพได้เพียง 7 วัน ภาพถูกบันทึกทับก่อนที่ผู้เสียหายจะมาแจ้งความ', suggestion: 'เพิ่มความจุให้เก็บภาพได้อย่างน้อย 30 วัน' },
  { category: 'storage', agency: 'sao-champa-lo', date: '2017-05-22', description: 'ไฟฟ้าดับบ่อย เครื่องบันทึกเสียหายและข้อมูลสูญหาย', suggestion: 'จัดหาเครื่องสำรองไฟ (UPS) ให้ทุกจุดที่มีเครื่องบันทึก' },
  { category: 'footage_provision', agency: 'tm-pho-thong', date: '2017-06-14', description: 'ไม่มีระเบียบชัดเจนว่าจะให้ภาพแก่ประชาชนที่ขอดูได้หรือไม่', suggestion: 'จังหวัดออกแนวทางการเปิดเผยภาพตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. 2540 ให้ทุกหน่วยงานใช้ร่วมกัน' },
  { category: 'footage_provision', agency: 'provincial-police', date: '2018-02-19', description: 'การขอภาพจากหลายหน่วยงานใช้เวลานาน ต้องทำหนังสือแยกทีละหน่วยงาน', suggestion: 'ใช้แบบฟอร์มขอภาพกลางของจังหวัดและตอบกลับภายใน 24 ชั่วโมง' },
  { category: 'maintenance', agency: 'tm-sawaeng-ha', date: '2018-04-30', description: 'ไม่มีเจ้าหน้าที่ด้านเทคนิค ต้องจ้างเอกชนซ่อมทุกครั้ง', suggestion: 'ทำสัญญาบำรุงรักษารายปีร่วมกันระดับอำเภอ' },
  { category: 'other', agency: 'provincial-police', date: '2018-07-09', description: 'การติดตั้งเน้นจำนวนมากกว่าคุณภาพ กล้องหลายจุดไม่ได้อยู่บนเส้นทางโจรและเส้นทางหลบหนี', suggestion: 'ให้ตำรวจร่วมสำรวจจุดติดตั้งและติดตั้งเป็นระยะตามงบประมาณ เน้นคุณภาพมากกว่าปริมาณ' },
  { category: 'other', agency: 'cpall', date: '2018-09-17', description: 'กล้องของร้านค้าหันเข้าในร้าน เห็นถนนได้เพียงบางส่วน', suggestion: 'ขอความร่วมมือร้านค้าติดตั้งกล้องหันออกถนนอย่างน้อย 1 ตัว เพื่อเติมเต็มจิ๊กซอว์ของจังหวัด' },
  { category: 'linking', agency: 'provincial-police', date: '2019-03-11', description: 'ศูนย์ปฏิบัติการตำรวจเชื่อมต่อกล้องได้ไม่ถึงครึ่งหนึ่งของกล้องที่ใช้งานได้', suggestion: 'จัดทำแผนเชื่อมโยงกล้องระดับจังหวัดเป็นระยะ เริ่มจากทางแยกหลักในเขตเมือง' },
  { category: 'usage', agency: 'tm-pa-mok', date: '2019-06-25', description: 'ช่วงน้ำท่วมกล้องริมแม่น้ำเจ้าพระยาใช้งานไม่ได้หลายจุด', suggestion: 'ย้ายตำแหน่งติดตั้งให้สูงพ้นระดับน้ำและใช้ตู้กันน้ำ' },
];

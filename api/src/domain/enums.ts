import { z } from 'zod';

/** An enumeration with its Thai and English labels (the Thai ones are what official forms use). */
export interface LabelledEnum<T extends string> {
  values: readonly T[];
  labels: Record<T, { th: string; en: string }>;
  schema: z.ZodEnum<{ [K in T]: K }>;
}

function labelled<const T extends string>(labels: Record<T, { th: string; en: string }>): LabelledEnum<T> {
  const values = Object.keys(labels) as T[];
  return { values, labels, schema: z.enum(values as [T, ...T[]]) as unknown as z.ZodEnum<{ [K in T]: K }> };
}

export const CameraStatus = labelled({
  working: { th: 'ใช้งานได้ปกติ', en: 'Working normally' },
  not_working: { th: 'ใช้งานไม่ได้', en: 'Not working' },
  under_repair: { th: 'ชำรุด อยู่ระหว่างซ่อม', en: 'Damaged – under repair' },
  beyond_repair: { th: 'ชำรุด ไม่สามารถซ่อมได้', en: 'Damaged – cannot be repaired' },
});

export const CameraSystem = labelled({
  analog: { th: 'อนาล็อก', en: 'Analog' },
  ip: { th: 'ไอพี (IP)', en: 'IP' },
  other: { th: 'อื่น ๆ', en: 'Other' },
});

/** The view-geometry kind (OpenStreetMap camera:type fixed / dome / panning). */
export const CameraKind = labelled({
  fixed: { th: 'แบบมุมคงที่ (Fixed)', en: 'Fixed' },
  dome: { th: 'แบบโดม (Dome)', en: 'Dome' },
  ptz: { th: 'แบบหมุนได้ (PTZ)', en: 'PTZ' },
});

export const CameraConnection = labelled({
  wired: { th: 'สายสัญญาณ', en: 'Wired line' },
  wireless: { th: 'ไร้สาย', en: 'Wireless' },
  mobile: { th: 'เครือข่ายโทรศัพท์เคลื่อนที่', en: 'Mobile network' },
  none: { th: 'ไม่มีการเชื่อมต่อ', en: 'Not connected' },
});

export const CameraPurpose = labelled({
  deterrence: { th: 'ป้องปรามและเฝ้าระวัง', en: 'Deterrence and surveillance' },
  investigation: { th: 'สืบสวน สอบสวน ติดตามผู้กระทำความผิด', en: 'Investigation / tracking offenders' },
  traffic: { th: 'การจราจร', en: 'Traffic' },
});

export const Linkage = labelled({
  linked: { th: 'เชื่อมต่อได้', en: 'Linked' },
  not_linked: { th: 'เชื่อมต่อไม่ได้', en: 'Not linked' },
});

export const AgencyType = labelled({
  government: { th: 'ส่วนราชการ', en: 'Government' },
  state_enterprise: { th: 'รัฐวิสาหกิจ', en: 'State enterprise' },
  local_administration: { th: 'องค์กรปกครองส่วนท้องถิ่น', en: 'Local administration' },
  private: { th: 'เอกชน', en: 'Private' },
  other: { th: 'อื่น ๆ', en: 'Other' },
});

export const SiteStatus = labelled({
  not_started: { th: 'ยังไม่ได้ดำเนินการ', en: 'Not started' },
  budget_requested: { th: 'อยู่ระหว่างของบประมาณ', en: 'Budget requested' },
  approved: { th: 'ได้รับอนุมัติ', en: 'Approved' },
  installed: { th: 'ติดตั้งแล้ว', en: 'Installed' },
  rejected: { th: 'ไม่อนุมัติ', en: 'Rejected' },
});

export const RiskCategory = labelled({
  robbery: { th: 'จุดเสี่ยงการปล้น/ชิงทรัพย์', en: 'Robbery' },
  escape_route: { th: 'เส้นทางหลบหนี', en: 'Escape route' },
  accident_black_spot: { th: 'จุดเสี่ยงอุบัติเหตุ', en: 'Accident black spot' },
  crime_hotspot: { th: 'จุดเสี่ยงอาชญากรรม', en: 'Crime hotspot' },
  tourist_site: { th: 'แหล่งท่องเที่ยว', en: 'Tourist site' },
  other: { th: 'อื่น ๆ', en: 'Other' },
});

export const FootageResult = labelled({
  pending: { th: 'รอดำเนินการ', en: 'Pending' },
  provided: { th: 'ได้รับภาพ', en: 'Footage provided' },
  no_footage: { th: 'ไม่มีภาพ', en: 'No footage' },
  camera_broken: { th: 'กล้องชำรุด', en: 'Camera broken' },
  refused: { th: 'ปฏิเสธ', en: 'Refused' },
});

export const ProblemCategory = labelled({
  linking: { th: 'การเชื่อมโยงข้อมูลกล้อง CCTV ภายในจังหวัด', en: 'Linking CCTV data within the province' },
  usage: { th: 'การใช้งานกล้อง CCTV', en: 'Use of CCTV' },
  storage: { th: 'การจัดเก็บข้อมูล', en: 'Data storage' },
  footage_provision: { th: 'การให้บริการข้อมูลภาพ', en: 'Providing footage' },
  maintenance: { th: 'การบำรุงรักษา', en: 'Maintenance' },
  other: { th: 'อื่น ๆ', en: 'Other' },
});

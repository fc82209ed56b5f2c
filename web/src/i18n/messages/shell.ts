/** Messages of the shell part of the app (Thai first; English must have exactly the same keys). */
export const shellTh = {
  'shell.tabs': 'แผงควบคุม',
  'tab.layers': 'ชั้นข้อมูลและตัวกรอง',
  'tab.dashboard': 'ภาพรวม',
  'tab.planning': 'วางแผนติดตั้ง',
  'tab.police': 'ตำรวจ',
  'tab.camera': 'บันทึกกล้อง',
  'tab.import': 'นำเข้าข้อมูล',
  'tab.export': 'ส่งออกข้อมูล',
  'shell.collapse': 'ซ่อนแผงควบคุม',
  'shell.expand': 'แสดงแผงควบคุม',
  'shell.status': 'สถานะระบบ',
} satisfies Record<string, string>;

export const shellEn: Record<keyof typeof shellTh, string> = {
  'shell.tabs': 'Control panel',
  'tab.layers': 'Layers and filters',
  'tab.dashboard': 'Dashboard',
  'tab.planning': 'Planning',
  'tab.police': 'Police',
  'tab.camera': 'Camera form',
  'tab.import': 'Import',
  'tab.export': 'Export',
  'shell.collapse': 'Hide the control panel',
  'shell.expand': 'Show the control panel',
  'shell.status': 'System status',
};

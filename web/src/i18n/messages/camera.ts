/** Messages of the camera part of the app (Thai first; English must have exactly the same keys). */
export const cameraTh = {
  'camera.title': 'บันทึกข้อมูลกล้อง',
} satisfies Record<string, string>;

export const cameraEn: Record<keyof typeof cameraTh, string> = {
  'camera.title': 'Camera record',
};

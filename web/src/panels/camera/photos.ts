/**
 * Installation photos are checked in the browser before upload, with the API's own rules
 * (api/src/routes/photos.ts): JPEG, PNG or WebP, at most 5 MiB, not empty.
 */

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const BY_EXTENSION: Record<string, (typeof PHOTO_TYPES)[number]> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export type PhotoProblem = 'type' | 'size' | 'empty';

/** The type the photo will be sent as: its declared type, or from the extension when the browser gave none. */
export function photoType(file: Pick<File, 'name' | 'type'>): string {
  if (file.type) return file.type;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? '';
}

/** Null when the API will take the file; otherwise what is wrong with it. */
export function checkPhoto(file: Pick<File, 'name' | 'type' | 'size'>): PhotoProblem | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(photoType(file))) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_PHOTO_BYTES) return 'size';
  return null;
}

/** Size for people: "1.4 MB" / "820 KB" (binary units, as the 5 MiB limit). */
export function formatBytes(n: number, num: (n: number) => string = String): string {
  if (n >= 1024 * 1024) return `${num(Math.round((n / 1024 / 1024) * 10) / 10)} MB`;
  return `${num(Math.max(1, Math.round(n / 1024)))} KB`;
}

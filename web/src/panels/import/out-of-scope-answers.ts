/**
 * Real answers of POST /api/import (test fixtures; only tests import this), captured 2026-11-30 from
 * the API itself: an in-memory embedded database with the Ang Thong demo, a recorder account of
 * agency 24 (เทศบาลเมืองอ่างทอง) importing a CSV of five cameras — its own new camera (row 2), a camera of
 * agency 2 matched by its code (row 3), a row naming agency 2 (row 4), a position in Bangkok
 * (row 5) and an ordinary bad position (row 6). Rows 3–5 are out of the account's scope, row 6 is
 * merely invalid. (The same cases as api/test/import-auth.int.test.ts.)
 */
import type { ImportReport } from '../../api/records';

/** `?kind=cameras&dry_run=true`: 422, the report. */
export const DRY_RUN_422: ImportReport = {
  "kind": "cameras",
  "source": "csv (utf-8 bom, comma)",
  "rowsTotal": 5,
  "rowsValid": 1,
  "inserted": 0,
  "updated": 0,
  "agenciesCreated": [],
  "dryRun": true,
  "written": false,
  "columns": {
    "recognised": {
      "external_id": "รหัส",
      "place_name": "จุดติดตั้ง/สถานที่",
      "status": "สถานะการใช้งาน",
      "coordinates": "พิกัด",
      "agency": "หน่วยงานเจ้าของกล้อง"
    },
    "unknown": [],
    "ignored": [],
    "duplicates": [],
    "missing": []
  },
  "errors": [
    {
      "row": 3,
      "column": "รหัส",
      "value": "demo-15-cam-0031",
      "message": "this is camera 31, which your account may not change: the camera does not belong to agency 24 (out of scope: an import with this row is refused, skip_invalid does not skip it)",
      "code": "out_of_scope"
    },
    {
      "row": 4,
      "column": "หน่วยงานเจ้าของกล้อง",
      "value": "ตำรวจภูธรจังหวัดอ่างทอง",
      "message": "as stored, the camera does not belong to agency 24 (out of scope: an import with this row is refused, skip_invalid does not skip it)",
      "code": "out_of_scope"
    },
    {
      "row": 5,
      "column": "พิกัด",
      "value": "13.7563, 100.5018",
      "message": "the position is in จังหวัดกรุงเทพมหานคร; your account imports into จังหวัดอ่างทอง (15) only (out of scope: an import with this row is refused, skip_invalid does not skip it)",
      "code": "out_of_scope",
      "suggestion": "check the coordinates (latitude first, e.g. 14.5896, 100.4555), or leave this row to that province"
    },
    {
      "row": 6,
      "column": "พิกัด",
      "value": "ไม่ทราบ",
      "message": "\"ไม่ทราบ\" is not a \"latitude, longitude\" pair",
      "suggestion": "e.g. 13.71197, 100.42091"
    }
  ],
  "warnings": []
};

/** `?kind=cameras&dry_run=true&skip_invalid=true`: 200, the report (what the rest would do). */
export const DRY_RUN_SKIP_200: ImportReport = {
  "kind": "cameras",
  "source": "csv (utf-8 bom, comma)",
  "rowsTotal": 5,
  "rowsValid": 1,
  "inserted": 1,
  "updated": 0,
  "agenciesCreated": [],
  "dryRun": true,
  "written": false,
  "columns": {
    "recognised": {
      "external_id": "รหัส",
      "place_name": "จุดติดตั้ง/สถานที่",
      "status": "สถานะการใช้งาน",
      "coordinates": "พิกัด",
      "agency": "หน่วยงานเจ้าของกล้อง"
    },
    "unknown": [],
    "ignored": [],
    "duplicates": [],
    "missing": []
  },
  "errors": [
    {
      "row": 3,
      "column": "รหัส",
      "value": "demo-15-cam-0031",
      "message": "this is camera 31, which your account may not change: the camera does not belong to agency 24 (out of scope: an import with this row is refused, skip_invalid does not skip it)",
      "code": "out_of_scope"
    },
    {
      "row": 4,
      "column": "หน่วยงานเจ้าของกล้อง",
      "value": "ตำรวจภูธรจังหวัดอ่างทอง",
      "message": "as stored, the camera does not belong to agency 24 (out of scope: an import with this row is refused, skip_invalid does not skip it)",
      "code": "out_of_scope"
    },
    {
      "row": 5,
      "column": "พิกัด",
      "value": "13.7563, 100.5018",
      "message": "the position is in จังหวัดกรุงเทพมหานคร; your account imports into จังหวัดอ่างทอง (15) only (out of scope: an import with this row is refused, skip_invalid does not skip it)",
      "code": "out_of_scope",
      "suggestion": "check the coordinates (latitude first, e.g. 14.5896, 100.4555), or leave this row to that province"
    },
    {
      "row": 6,
      "column": "พิกัด",
      "value": "ไม่ทราบ",
      "message": "\"ไม่ทราบ\" is not a \"latitude, longitude\" pair",
      "suggestion": "e.g. 13.71197, 100.42091"
    }
  ],
  "warnings": []
};

/** `?kind=cameras&skip_invalid=true` (the real import): 403, the whole file refused, nothing written. */
export const IMPORT_403 = {
  "errors": [
    {
      "message": "row 5 (พิกัด: 13.7563, 100.5018): the position is in จังหวัดกรุงเทพมหานคร; your account imports into จังหวัดอ่างทอง (15) only",
      "code": "out_of_scope",
      "field": "location"
    }
  ],
  "rows": [
    5
  ]
};

/**
 * Answers of the real API (GET /api/certification…) on the Ang Thong demo data, captured from a
 * running server after: a deadline for all provinces (2026-12-31) and one for Lop Buri (2026-11-15,
 * overdue); a submission and its certification; edits to five cameras (three set not working with
 * their phone removed, one project cleared, one deleted); a second submission; one more edit.
 * The national list is cut to three provinces (its summary recounted). Only tests import this.
 */
import type { ChangePage, Incomplete, ProvinceDetail, StatusList } from "../../api/certification";

export const STATUS_LIST: StatusList = {
  "today": "2026-11-30",
  "provinces": [
    {
      "province_code": "10",
      "name_th": "กรุงเทพมหานคร",
      "name_en": "Bangkok",
      "status": "not_submitted",
      "submitted_at": null,
      "last_certified_at": null,
      "last_certified_id": null,
      "deadline": {
        "due_on": "2026-12-31",
        "round_from": "2026-11-30",
        "set_at": "2026-11-30T08:34:47.461Z",
        "set_by": "admin"
      },
      "met": false,
      "late": false,
      "overdue": false,
      "days_left": 31,
      "completeness": {
        "cameras": 0,
        "complete": 0,
        "share": 0
      }
    },
    {
      "province_code": "15",
      "name_th": "อ่างทอง",
      "name_en": "Ang Thong",
      "status": "submitted",
      "submitted_at": "2026-11-30T08:42:40.624Z",
      "last_certified_at": "2026-11-30T08:34:49.196Z",
      "last_certified_id": 1,
      "deadline": {
        "due_on": "2026-12-31",
        "round_from": "2026-11-30",
        "set_at": "2026-11-30T08:34:47.461Z",
        "set_by": "admin"
      },
      "met": true,
      "late": false,
      "overdue": false,
      "days_left": null,
      "completeness": {
        "cameras": 859,
        "complete": 855,
        "share": 0.9953
      }
    },
    {
      "province_code": "16",
      "name_th": "ลพบุรี",
      "name_en": "Lopburi",
      "status": "not_submitted",
      "submitted_at": null,
      "last_certified_at": null,
      "last_certified_id": null,
      "deadline": {
        "due_on": "2026-11-15",
        "round_from": "2026-10-01",
        "set_at": "2026-11-30T08:42:41.173Z",
        "set_by": "admin"
      },
      "met": false,
      "late": false,
      "overdue": true,
      "days_left": -15,
      "completeness": {
        "cameras": 0,
        "complete": 0,
        "share": 0
      }
    }
  ],
  "summary": {
    "not_submitted": 2,
    "submitted": 1,
    "certified": 0,
    "returned": 0,
    "overdue": 1,
    "with_deadline": 3
  }
};

export const DETAIL_15: ProvinceDetail = {
  "province": {
    "code": "15",
    "name_th": "อ่างทอง",
    "name_en": "Ang Thong"
  },
  "status": {
    "province_code": "15",
    "name_th": "อ่างทอง",
    "name_en": "Ang Thong",
    "status": "submitted",
    "submitted_at": "2026-11-30T08:42:40.624Z",
    "last_certified_at": "2026-11-30T08:34:49.196Z",
    "last_certified_id": 1,
    "deadline": {
      "due_on": "2026-12-31",
      "round_from": "2026-11-30",
      "set_at": "2026-11-30T08:34:47.461Z",
      "set_by": "admin"
    },
    "met": true,
    "late": false,
    "overdue": false,
    "days_left": null,
    "completeness": {
      "cameras": 859,
      "complete": 855,
      "share": 0.9953
    }
  },
  "current": {
    "cameras": {
      "total": 859,
      "working": 731,
      "not_working": 54,
      "under_repair": 44,
      "beyond_repair": 30,
      "repair_budget_baht": 3237500
    },
    "linkage": {
      "linked": 410,
      "not_linked": 449,
      "unknown": 0,
      "link_budget_baht": 81010000
    },
    "sites": {
      "total": 40,
      "cameras": 136,
      "cost_baht": 15761000,
      "by_status": {
        "not_started": 12,
        "budget_requested": 13,
        "approved": 7,
        "installed": 5,
        "rejected": 3
      },
      "cost_by_status": {
        "not_started": 5270000,
        "budget_requested": 5897000,
        "approved": 1379000,
        "installed": 995000,
        "rejected": 2220000
      }
    },
    "requests": {
      "total": 300,
      "provided": 185,
      "no_footage": 38,
      "camera_broken": 33,
      "refused": 12,
      "pending": 32,
      "points": 240,
      "median_days_to_answer": 2.49
    },
    "completeness": {
      "cameras": 859,
      "complete": 855,
      "share": 0.9953,
      "with_photos": 0,
      "missing": {
        "agency_id": 0,
        "contact_name": 0,
        "phone": 3,
        "address": 0,
        "year_installed": 0,
        "police_station_id": 0,
        "project": 1,
        "recorder_model": 0,
        "camera_brand": 0,
        "system": 0,
        "connection": 0,
        "area_type": 0,
        "purposes": 0,
        "linkage": 0,
        "stream_url": 0,
        "control_centre": 0,
        "network_type": 0,
        "network_provider": 0,
        "linked_agencies": 0,
        "linked_network": 0,
        "link_requirements": 0,
        "link_budget_baht": 0,
        "link_responsible_agency": 0,
        "retention_days": 0,
        "storage_process": 0,
        "disclosure_rules": 0,
        "footage_service_frequency": 0,
        "footage_request_procedure": 0,
        "recorded_resolution": 0,
        "max_resolution": 0,
        "fps": 0,
        "file_format": 0,
        "budget_source": 0,
        "repair_budget_baht": 3,
        "repair_agency": 3
      }
    },
    "problems": 15,
    "risk_points": 63,
    "risk_routes": 15
  },
  "certified": {
    "id": 1,
    "province_code": "15",
    "status": "certified",
    "submitted_at": "2026-11-30T08:34:48.190Z",
    "submitted_by": "admin",
    "submit_note": "ส่งข้อมูลรอบแรก",
    "decided_at": "2026-11-30T08:34:49.196Z",
    "decided_by": "admin",
    "decision_note": "มติที่ประชุม 1/2569",
    "records": {
      "cameras": 860,
      "planned_sites": 40,
      "problems": 15
    },
    "changes_at_decision": {
      "cameras": {
        "added": 0,
        "changed": 0,
        "deleted": 0
      },
      "problems": {
        "added": 0,
        "changed": 0,
        "deleted": 0
      },
      "planned_sites": {
        "added": 0,
        "changed": 0,
        "deleted": 0
      }
    },
    "counts": {
      "sites": {
        "total": 40,
        "cameras": 136,
        "by_status": {
          "approved": 7,
          "rejected": 3,
          "installed": 5,
          "not_started": 12,
          "budget_requested": 13
        },
        "cost_baht": 15761000,
        "cost_by_status": {
          "approved": 1379000,
          "rejected": 2220000,
          "installed": 995000,
          "not_started": 5270000,
          "budget_requested": 5897000
        }
      },
      "cameras": {
        "total": 860,
        "working": 734,
        "not_working": 52,
        "under_repair": 44,
        "beyond_repair": 30,
        "repair_budget_baht": 3251000
      },
      "linkage": {
        "linked": 411,
        "unknown": 0,
        "not_linked": 449,
        "link_budget_baht": 81010000
      },
      "problems": 15,
      "requests": {
        "total": 300,
        "points": 240,
        "pending": 32,
        "refused": 12,
        "provided": 185,
        "no_footage": 38,
        "camera_broken": 33,
        "median_days_to_answer": 2.49
      },
      "risk_points": 63,
      "risk_routes": 15,
      "completeness": {
        "share": 1,
        "cameras": 860,
        "missing": {
          "fps": 0,
          "phone": 0,
          "system": 0,
          "address": 0,
          "linkage": 0,
          "project": 0,
          "purposes": 0,
          "agency_id": 0,
          "area_type": 0,
          "connection": 0,
          "stream_url": 0,
          "file_format": 0,
          "camera_brand": 0,
          "contact_name": 0,
          "network_type": 0,
          "budget_source": 0,
          "repair_agency": 0,
          "control_centre": 0,
          "linked_network": 0,
          "max_resolution": 0,
          "recorder_model": 0,
          "retention_days": 0,
          "year_installed": 0,
          "linked_agencies": 0,
          "storage_process": 0,
          "disclosure_rules": 0,
          "link_budget_baht": 0,
          "network_provider": 0,
          "link_requirements": 0,
          "police_station_id": 0,
          "repair_budget_baht": 0,
          "recorded_resolution": 0,
          "link_responsible_agency": 0,
          "footage_request_procedure": 0,
          "footage_service_frequency": 0
        },
        "complete": 860,
        "with_photos": 0
      }
    }
  },
  "open_submission": {
    "id": 2,
    "province_code": "15",
    "status": "submitted",
    "submitted_at": "2026-11-30T08:42:40.624Z",
    "submitted_by": "admin",
    "submit_note": "แก้ไขสถานะกล้องหน้าศาลากลาง",
    "decided_at": null,
    "decided_by": null,
    "decision_note": null,
    "records": {
      "cameras": 859,
      "planned_sites": 40,
      "problems": 15
    },
    "changes_at_decision": null,
    "counts": {
      "sites": {
        "total": 40,
        "cameras": 136,
        "by_status": {
          "approved": 7,
          "rejected": 3,
          "installed": 5,
          "not_started": 12,
          "budget_requested": 13
        },
        "cost_baht": 15761000,
        "cost_by_status": {
          "approved": 1379000,
          "rejected": 2220000,
          "installed": 995000,
          "not_started": 5270000,
          "budget_requested": 5897000
        }
      },
      "cameras": {
        "total": 859,
        "working": 731,
        "not_working": 54,
        "under_repair": 44,
        "beyond_repair": 30,
        "repair_budget_baht": 3237500
      },
      "linkage": {
        "linked": 410,
        "unknown": 0,
        "not_linked": 449,
        "link_budget_baht": 81010000
      },
      "problems": 15,
      "requests": {
        "total": 300,
        "points": 240,
        "pending": 32,
        "refused": 12,
        "provided": 185,
        "no_footage": 38,
        "camera_broken": 33,
        "median_days_to_answer": 2.49
      },
      "risk_points": 63,
      "risk_routes": 15,
      "completeness": {
        "share": 0.9953,
        "cameras": 859,
        "missing": {
          "fps": 0,
          "phone": 3,
          "system": 0,
          "address": 0,
          "linkage": 0,
          "project": 1,
          "purposes": 0,
          "agency_id": 0,
          "area_type": 0,
          "connection": 0,
          "stream_url": 0,
          "file_format": 0,
          "camera_brand": 0,
          "contact_name": 0,
          "network_type": 0,
          "budget_source": 0,
          "repair_agency": 3,
          "control_centre": 0,
          "linked_network": 0,
          "max_resolution": 0,
          "recorder_model": 0,
          "retention_days": 0,
          "year_installed": 0,
          "linked_agencies": 0,
          "storage_process": 0,
          "disclosure_rules": 0,
          "link_budget_baht": 0,
          "network_provider": 0,
          "link_requirements": 0,
          "police_station_id": 0,
          "repair_budget_baht": 3,
          "recorded_resolution": 0,
          "link_responsible_agency": 0,
          "footage_request_procedure": 0,
          "footage_service_frequency": 0
        },
        "complete": 855,
        "with_photos": 0
      }
    }
  },
  "differences": [
    {
      "path": "cameras.total",
      "certified": 860,
      "current": 859
    },
    {
      "path": "cameras.working",
      "certified": 734,
      "current": 731
    },
    {
      "path": "cameras.not_working",
      "certified": 52,
      "current": 54
    },
    {
      "path": "cameras.repair_budget_baht",
      "certified": 3251000,
      "current": 3237500
    },
    {
      "path": "linkage.linked",
      "certified": 411,
      "current": 410
    },
    {
      "path": "completeness.share",
      "certified": 1,
      "current": 0.9953
    },
    {
      "path": "completeness.cameras",
      "certified": 860,
      "current": 859
    },
    {
      "path": "completeness.missing.phone",
      "certified": 0,
      "current": 3
    },
    {
      "path": "completeness.missing.project",
      "certified": 0,
      "current": 1
    },
    {
      "path": "completeness.missing.repair_agency",
      "certified": 0,
      "current": 3
    },
    {
      "path": "completeness.missing.repair_budget_baht",
      "certified": 0,
      "current": 3
    },
    {
      "path": "completeness.complete",
      "certified": 860,
      "current": 855
    }
  ],
  "changes_since_certification": {
    "certification_id": 1,
    "snapshot_at": "2026-11-30T08:34:48.190Z",
    "added": 0,
    "changed": 5,
    "deleted": 1,
    "by_entity": {
      "cameras": {
        "added": 0,
        "changed": 5,
        "deleted": 1,
        "by_field": {
          "phone": 3,
          "status": 3,
          "project": 1,
          "retention_days": 1
        },
        "first": [
          {
            "entity": "cameras",
            "id": 1,
            "kind": "changed",
            "external_id": "demo-15-cam-0001",
            "label": "ประตูทางเข้าศาลากลางจังหวัดอ่างทอง",
            "version_from": 1,
            "version_to": 2,
            "fields": [
              "phone",
              "status"
            ]
          },
          {
            "entity": "cameras",
            "id": 2,
            "kind": "changed",
            "external_id": "demo-15-cam-0002",
            "label": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
            "version_from": 1,
            "version_to": 2,
            "fields": [
              "phone",
              "status"
            ]
          },
          {
            "entity": "cameras",
            "id": 3,
            "kind": "changed",
            "external_id": "demo-15-cam-0003",
            "label": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
            "version_from": 1,
            "version_to": 2,
            "fields": [
              "phone",
              "status"
            ]
          },
          {
            "entity": "cameras",
            "id": 4,
            "kind": "changed",
            "external_id": "demo-15-cam-0004",
            "label": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
            "version_from": 1,
            "version_to": 2,
            "fields": [
              "project"
            ]
          },
          {
            "entity": "cameras",
            "id": 6,
            "kind": "changed",
            "external_id": "demo-15-cam-0006",
            "label": "ลานจอดรถศาลากลางจังหวัดอ่างทอง (ตัวที่ 2)",
            "version_from": 1,
            "version_to": 2,
            "fields": [
              "retention_days"
            ]
          },
          {
            "entity": "cameras",
            "id": 5,
            "kind": "deleted",
            "external_id": "demo-15-cam-0005",
            "label": "ลานจอดรถศาลากลางจังหวัดอ่างทอง",
            "version_from": 1,
            "version_to": null,
            "fields": []
          }
        ]
      },
      "planned_sites": {
        "added": 0,
        "changed": 0,
        "deleted": 0,
        "by_field": {},
        "first": []
      },
      "problems": {
        "added": 0,
        "changed": 0,
        "deleted": 0,
        "by_field": {},
        "first": []
      }
    }
  },
  "changes_since_submission": {
    "certification_id": 2,
    "snapshot_at": "2026-11-30T08:42:40.624Z",
    "added": 0,
    "changed": 1,
    "deleted": 0,
    "by_entity": {
      "cameras": {
        "added": 0,
        "changed": 1,
        "deleted": 0,
        "by_field": {
          "retention_days": 1
        },
        "first": [
          {
            "entity": "cameras",
            "id": 6,
            "kind": "changed",
            "external_id": "demo-15-cam-0006",
            "label": "ลานจอดรถศาลากลางจังหวัดอ่างทอง (ตัวที่ 2)",
            "version_from": 1,
            "version_to": 2,
            "fields": [
              "retention_days"
            ]
          }
        ]
      },
      "planned_sites": {
        "added": 0,
        "changed": 0,
        "deleted": 0,
        "by_field": {},
        "first": []
      },
      "problems": {
        "added": 0,
        "changed": 0,
        "deleted": 0,
        "by_field": {},
        "first": []
      }
    }
  },
  "history": [
    {
      "id": 2,
      "province_code": "15",
      "status": "submitted",
      "submitted_at": "2026-11-30T08:42:40.624Z",
      "submitted_by": "admin",
      "submit_note": "แก้ไขสถานะกล้องหน้าศาลากลาง",
      "decided_at": null,
      "decided_by": null,
      "decision_note": null,
      "records": {
        "cameras": 859,
        "planned_sites": 40,
        "problems": 15
      },
      "changes_at_decision": null
    },
    {
      "id": 1,
      "province_code": "15",
      "status": "certified",
      "submitted_at": "2026-11-30T08:34:48.190Z",
      "submitted_by": "admin",
      "submit_note": "ส่งข้อมูลรอบแรก",
      "decided_at": "2026-11-30T08:34:49.196Z",
      "decided_by": "admin",
      "decision_note": "มติที่ประชุม 1/2569",
      "records": {
        "cameras": 860,
        "planned_sites": 40,
        "problems": 15
      },
      "changes_at_decision": {
        "cameras": {
          "added": 0,
          "changed": 0,
          "deleted": 0
        },
        "problems": {
          "added": 0,
          "changed": 0,
          "deleted": 0
        },
        "planned_sites": {
          "added": 0,
          "changed": 0,
          "deleted": 0
        }
      }
    }
  ]
};

export const INCOMPLETE_15: Incomplete = {
  "province_code": "15",
  "fields": [
    "agency_id",
    "contact_name",
    "phone",
    "address",
    "year_installed",
    "police_station_id",
    "project",
    "recorder_model",
    "camera_brand",
    "system",
    "connection",
    "area_type",
    "purposes",
    "linkage",
    "stream_url",
    "control_centre",
    "network_type",
    "network_provider",
    "linked_agencies",
    "linked_network",
    "link_requirements",
    "link_budget_baht",
    "link_responsible_agency",
    "retention_days",
    "storage_process",
    "disclosure_rules",
    "footage_service_frequency",
    "footage_request_procedure",
    "recorded_resolution",
    "max_resolution",
    "fps",
    "file_format",
    "budget_source",
    "repair_budget_baht",
    "repair_agency"
  ],
  "filters": {
    "agency": null,
    "district": null,
    "field": null
  },
  "cameras": 859,
  "complete": 855,
  "share": 0.9953,
  "total": 4,
  "limit": 20,
  "offset": 0,
  "items": [
    {
      "id": 1,
      "external_id": "demo-15-cam-0001",
      "place_name": "ประตูทางเข้าศาลากลางจังหวัดอ่างทอง",
      "agency_id": 1,
      "agency": "สำนักงานจังหวัดอ่างทอง (ศาลากลางจังหวัด)",
      "district_id": 368,
      "status": "not_working",
      "missing": [
        "phone",
        "repair_budget_baht",
        "repair_agency"
      ]
    },
    {
      "id": 2,
      "external_id": "demo-15-cam-0002",
      "place_name": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
      "agency_id": 1,
      "agency": "สำนักงานจังหวัดอ่างทอง (ศาลากลางจังหวัด)",
      "district_id": 368,
      "status": "not_working",
      "missing": [
        "phone",
        "repair_budget_baht",
        "repair_agency"
      ]
    },
    {
      "id": 3,
      "external_id": "demo-15-cam-0003",
      "place_name": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
      "agency_id": 1,
      "agency": "สำนักงานจังหวัดอ่างทอง (ศาลากลางจังหวัด)",
      "district_id": 368,
      "status": "not_working",
      "missing": [
        "phone",
        "repair_budget_baht",
        "repair_agency"
      ]
    },
    {
      "id": 4,
      "external_id": "demo-15-cam-0004",
      "place_name": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
      "agency_id": 1,
      "agency": "สำนักงานจังหวัดอ่างทอง (ศาลากลางจังหวัด)",
      "district_id": 368,
      "status": "working",
      "missing": [
        "project"
      ]
    }
  ]
};

export const CHANGES_15: ChangePage = {
  "certification_id": 1,
  "entity": "cameras",
  "total": 6,
  "limit": 20,
  "offset": 0,
  "items": [
    {
      "entity": "cameras",
      "id": 1,
      "kind": "changed",
      "external_id": "demo-15-cam-0001",
      "label": "ประตูทางเข้าศาลากลางจังหวัดอ่างทอง",
      "version_from": 1,
      "version_to": 2,
      "fields": [
        "phone",
        "status"
      ]
    },
    {
      "entity": "cameras",
      "id": 2,
      "kind": "changed",
      "external_id": "demo-15-cam-0002",
      "label": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
      "version_from": 1,
      "version_to": 2,
      "fields": [
        "phone",
        "status"
      ]
    },
    {
      "entity": "cameras",
      "id": 3,
      "kind": "changed",
      "external_id": "demo-15-cam-0003",
      "label": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
      "version_from": 1,
      "version_to": 2,
      "fields": [
        "phone",
        "status"
      ]
    },
    {
      "entity": "cameras",
      "id": 4,
      "kind": "changed",
      "external_id": "demo-15-cam-0004",
      "label": "ถนนหน้าศาลากลางจังหวัดอ่างทอง",
      "version_from": 1,
      "version_to": 2,
      "fields": [
        "project"
      ]
    },
    {
      "entity": "cameras",
      "id": 6,
      "kind": "changed",
      "external_id": "demo-15-cam-0006",
      "label": "ลานจอดรถศาลากลางจังหวัดอ่างทอง (ตัวที่ 2)",
      "version_from": 1,
      "version_to": 2,
      "fields": [
        "retention_days"
      ]
    },
    {
      "entity": "cameras",
      "id": 5,
      "kind": "deleted",
      "external_id": "demo-15-cam-0005",
      "label": "ลานจอดรถศาลากลางจังหวัดอ่างทอง",
      "version_from": 1,
      "version_to": null,
      "fields": []
    }
  ]
};

#pragma once
// Every register job, for the register actor: each is a ws::jobs::job (job.hpp) with a
// typed result() once it has finished successfully.

#include "actors/jobs/correction_receipt_job.hpp"  // correction_receipt_job -> printed_document
#include "actors/jobs/fn_lifecycle_jobs.hpp"       // make_*_job -> fiscal_report_job -> printed_document
#include "actors/jobs/identify_job.hpp"            // identify_job -> register_identity
#include "actors/jobs/print_receipt_job.hpp"       // print_receipt_job -> printed_document
#include "actors/jobs/read_document_job.hpp"       // read_document_job -> document_read
#include "actors/jobs/set_datetime_job.hpp"        // set_datetime_job
#include "actors/jobs/simple_jobs.hpp"             // x_report_job, beep_job, reboot_job
#include "actors/jobs/status_job.hpp"              // status_job -> device_status

#pragma once
// Every typed Shtrih-M command the farm uses, request and reply (see commands_common.hpp
// for the conventions every codec follows).

#include "protocol/shtrih/command_codes.hpp"
#include "protocol/shtrih/commands_clearing.hpp"
#include "protocol/shtrih/commands_common.hpp"
#include "protocol/shtrih/commands_correction.hpp"
#include "protocol/shtrih/commands_documents.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"
#include "protocol/shtrih/commands_legacy.hpp"
#include "protocol/shtrih/commands_receipt.hpp"
#include "protocol/shtrih/commands_registration.hpp"
#include "protocol/shtrih/commands_service.hpp"
#include "protocol/shtrih/commands_settlement_report.hpp"
#include "protocol/shtrih/commands_shift.hpp"
#include "protocol/shtrih/commands_shift_parameters.hpp"
#include "protocol/shtrih/commands_status.hpp"
#include "protocol/shtrih/commands_status_mode.hpp"
#include "protocol/shtrih/errors.hpp"

#pragma once
// The receipt page a buyer opens from check_url: every requisite a buyer and the law
// expect (seller, INN, address and place of settlement, tax system, sale type, each item
// with unit price, quantity, unit, amount, VAT rate and sum, the totals per VAT rate, the
// payments, the buyer's contact, the register, FN, document number, fiscal sign, shift,
// receipt number, date-time, the OFD and the tax service's check site) and the receipt's
// QR code, drawn from what the FN keeps. One self-contained HTML page: no external
// assets, readable at phone width, printable (the QR at least 20 mm on paper).

#include <cstdint>
#include <string>

#include "protocol/ffd/receipt_document.hpp"

namespace ws::http::server {

/// The page's path; its query names the receipt as its QR code does (fn, i, fp).
inline constexpr const char* receipt_page_path = "/check";

/// check_url: `public_url` + "/check?fn=<FN number>&i=<FD number>&fp=<fiscal sign>".
std::string receipt_page_link(const std::string& public_url, const std::string& fn_number, std::uint32_t fd_number,
                              std::uint32_t fiscal_sign);

struct receipt_page_facts {
  ffd::receipt_document receipt;  ///< as the FN keeps it
  std::string kkt_serial;
  std::string qr;         ///< the receipt's QR string (ffd::qr_string)
  std::string ofd_name;   ///< empty when the farm was not told
  std::string ofd_site;
};

std::string receipt_page_html(const receipt_page_facts& facts);

/// The page for a link that names no receipt: says so and nothing else.
std::string receipt_not_found_html();
/// The page for a receipt whose register cannot be asked now (offline, busy).
std::string receipt_unavailable_html();
/// The page of a client asking for pages faster than http.receipt-page-rate (429).
std::string receipt_too_often_html();

}  // namespace ws::http::server

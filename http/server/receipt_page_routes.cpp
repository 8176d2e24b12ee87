// GET /check?fn=&i=&fp=: the receipt page (receipt_page.hpp), public like the paper QR it
// is built from: no API token. Any front can serve any receipt at any time: it finds the
// register holding that FN, reads the document from the FN's archive and shows it only
// when the fiscal sign matches. A link naming no such receipt (unknown FN, no such
// document, a document that is not a receipt, a wrong fiscal sign, malformed numbers) is
// one and the same 404 page that says nothing more; a register that cannot be asked now
// (offline, busy past the wait) is a 503 with Retry-After. The FN is asked once per
// receipt: the document it gave is kept in the journal (so the page is shown after a
// restart, and while the register is offline or gone) and the rendered page in memory
// (receipt_page_cache.hpp). One client address may ask for http.receipt-page-rate pages
// a second (429 with Retry-After beyond).

#include "actors/jobs/job_order.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/farm_bridge.hpp"
#include "http/server/outcome_errors.hpp"
#include "http/server/receipt_page.hpp"
#include "http/server/routes.hpp"
#include "protocol/ffd/qr_code.hpp"
#include "protocol/ffd/receipt_document.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::http::server {

namespace {

constexpr auto page_wait = std::chrono::seconds(5);  // how long a busy register may keep a buyer waiting

struct receipt_link {
  std::string fn_number;
  std::uint32_t fd_number = 0;
  std::uint32_t fiscal_sign = 0;
};

std::optional<std::uint32_t> decimal(const std::string& text) {
  if (text.empty() || text.size() > 10 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const auto value = std::stoull(text);
  if (value == 0 || value > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

std::optional<receipt_link> link_of(const httplib::Request& req) {
  receipt_link link;
  link.fn_number = req.get_param_value("fn");
  if (link.fn_number.size() != 16 || link.fn_number.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const auto fd = decimal(req.get_param_value("i"));
  const auto fp = decimal(req.get_param_value("fp"));
  if (!fd || !fp) return std::nullopt;
  link.fd_number = *fd;
  link.fiscal_sign = *fp;
  return link;
}

void send_page(httplib::Response& res, int status, std::string html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

/// The serial of the register whose FN has that number, if the broker knows one.
std::optional<std::string> register_with_fn(front_state& state, const std::string& fn_number) {
  const auto listing = ask_listing(state.system, state.farm.broker);
  if (!listing) return std::nullopt;
  for (const auto& view : listing->registers)
    if (view.status && view.status->identity.fn_number == fn_number) return view.serial();
  return std::nullopt;
}

receipt_page_facts facts_of(front_state& state, const std::string& serial, const ffd::receipt_document& receipt) {
  receipt_page_facts facts;
  facts.receipt = receipt;
  facts.kkt_serial = serial;
  facts.qr = ffd::qr_string(receipt);
  if (const auto config = state.configuration_of(serial)) {
    if (config->reg_info && config->reg_info->ofd_name) facts.ofd_name = *config->reg_info->ofd_name;
    if (config->ofd_info && config->ofd_info->check_url) facts.ofd_site = *config->ofd_info->check_url;
  }
  return facts;
}

/// The cache's key of a link: its three numbers.
std::string key_of(const receipt_link& link) {
  return link.fn_number + "/" + std::to_string(link.fd_number) + "/" + std::to_string(link.fiscal_sign);
}

/// The document as the journal keeps it, when a page showed it before; nullopt when it
/// does not, or the journal cannot be read (the FN is then asked).
std::optional<journal::journal::kept_document> kept_document_of(front_state& state, const receipt_link& link) {
  try {
    return state.receipts.store().kept(link.fn_number, link.fd_number);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

/// Keeps a document read from the FN in the journal; a journal that cannot be written
/// only means the FN is read again next time.
void keep_document(front_state& state, const receipt_link& link, const journal::journal::kept_document& document) {
  try {
    state.receipts.store().keep_document(link.fn_number, link.fd_number, document);
  } catch (const std::exception&) {
  }
}

/// Shows the document when it is a receipt with the link's fiscal sign, and keeps the
/// page; true when shown. Otherwise it sends nothing: the caller answers the one 404.
bool show_receipt(front_state& state, httplib::Response& res, const receipt_link& link, const std::string& serial,
                  std::uint16_t form, const bytes& body) {
  try {
    if (static_cast<ffd::form_code>(form) != ffd::form_code::receipt) return false;
    const auto receipt = ffd::parse_receipt_document(document_tlv_of(form, body));
    if (receipt.header.fiscal_sign != link.fiscal_sign) return false;
    std::string page = receipt_page_html(facts_of(state, serial, receipt));
    state.receipt_pages.keep(key_of(link), page);
    send_page(res, 200, std::move(page));
    return true;
  } catch (const std::exception&) {
    return false;  // a document that does not read as a receipt
  }
}

void get_receipt_page(front_state& state, const httplib::Request& req, httplib::Response& res) {
  int retry_after = 1;
  if (!state.receipt_page_pace.allow(req.remote_addr, std::chrono::steady_clock::now(), retry_after)) {
    res.set_header("Retry-After", std::to_string(retry_after));
    return send_page(res, 429, receipt_too_often_html());
  }
  const auto link = link_of(req);
  if (!link) return send_page(res, 404, receipt_not_found_html());
  if (auto page = state.receipt_pages.find(key_of(*link))) return send_page(res, 200, std::move(*page));
  if (const auto kept = kept_document_of(state, *link)) {
    if (!show_receipt(state, res, *link, kept->kkt_sn, kept->form, kept->body))
      send_page(res, 404, receipt_not_found_html());
    return;
  }
  const auto serial = register_with_fn(state, link->fn_number);
  if (!serial) return send_page(res, 404, receipt_not_found_html());
  actors::broker_result result;
  try {
    result = run_on_register(state, *serial, jobs::read_document_order{link->fd_number, true, false}, "GET check",
                             std::chrono::milliseconds(page_wait));
  } catch (const api_exception& e) {
    // The FN refusing the number (its own error code) means no such document; a lost
    // line, a busy or offline register means "not now".
    if ((e.error.kind == error_kind::device_error && e.error.device_error) || e.error.kind == error_kind::not_found)
      return send_page(res, 404, receipt_not_found_html());
    res.set_header("Retry-After", "10");
    return send_page(res, 503, receipt_unavailable_html());
  }
  const auto& read = result_of<jobs::document_read>(result);
  // The archive's own fiscal sign (FF0Ah) must agree with the one inside the TLV too.
  if (read.document.fiscal_sign != link->fiscal_sign ||
      !show_receipt(state, res, *link, *serial, read.tlv_document_type, read.tlv))
    return send_page(res, 404, receipt_not_found_html());
  keep_document(state, *link, {*serial, read.tlv_document_type, read.tlv});
}

}  // namespace

void add_receipt_page_route(httplib::Server& server, front_state& state) {
  server.Get(receipt_page_path, [&state](const httplib::Request& req, httplib::Response& res) {
    try {
      get_receipt_page(state, req, res);
    } catch (const std::exception&) {
      res.set_header("Retry-After", "10");
      send_page(res, 503, receipt_unavailable_html());
    }
  });
}

}  // namespace ws::http::server

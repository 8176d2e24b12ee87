#include "actors/jobs/correction_receipt_job.hpp"

#include "actors/jobs/document_match.hpp"
#include "actors/jobs/receipt_commands.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::jobs {

using namespace shtrih;

correction_request correction_request_of(const ffd::correction_content& content) {
  correction_request r;
  r.correction_type = content.by_order ? 1 : 0;
  r.sign = shtrih_settlement_sign(content.type);
  for (const ffd::payment& p : content.payments) {
    const auto sum = static_cast<std::uint64_t>(p.amount.kopecks);
    r.total += sum;
    switch (p.type) {
      case ffd::payment_type::cash: r.cash += sum; break;
      case ffd::payment_type::card:
      case ffd::payment_type::emoney:
      case ffd::payment_type::emoney_other: r.electronic += sum; break;
      case ffd::payment_type::prepayment: r.prepayment += sum; break;
      case ffd::payment_type::credit: r.postpayment += sum; break;
      case ffd::payment_type::extension: r.counter_provision += sum; break;
    }
  }
  // correction_tax lists the lines 1102..1107 in the FF4Ah slot order.
  for (const ffd::correction_tax_amount& t : content.taxes)
    r.vat_sums.at(static_cast<std::size_t>(t.tax)) += static_cast<std::uint64_t>(t.amount.kopecks);
  r.taxation_system = static_cast<std::uint8_t>(content.taxation);
  return r;
}

bytes correction_basis_tlv_of(const ffd::correction_content& content) {
  ffd::tlv basis = ffd::tlv::structure(ffd::tag::correction_basis);
  basis.add(ffd::tlv::string(ffd::tag::correction_basis_name, content.reason_name));
  const ffd::civil_time day{content.reason_date.year, content.reason_date.month, content.reason_date.day, 0, 0, 0};
  basis.add(ffd::tlv::unix_time(ffd::tag::correction_basis_date, static_cast<std::uint32_t>(ffd::from_civil(day))));
  if (!content.reason_number.empty())
    basis.add(ffd::tlv::string(ffd::tag::correction_basis_number, content.reason_number));
  return ffd::encode(basis);
}

correction_receipt_job::correction_receipt_job(ffd::correction_content content, shift_policy policy)
    : receipt_script(policy), content_(std::move(content)), request_(correction_request_of(content_)) {}

void correction_receipt_job::start() {
  bytes basis;
  try {
    basis = correction_basis_tlv_of(content_);
  } catch (const std::exception& e) {
    return fail_safe(std::string("the correction's basis cannot be encoded: ") + e.what());
  }
  prepare_register([this, basis](const fn_status_reply& fn) {
    write_tlv_request request;
    request.tlv = basis;
    ask<write_tlv_reply>(request, [this, fn](const write_tlv_reply&) { close_correction(fn); });
  });
}

void correction_receipt_job::close_correction(const fn_status_reply& fn) {
  {
    result_.fn_number = fn.fn_number;
    result_.total = request_.total;
    const std::uint32_t last_before = fn.last_document_number;
    expected_document expect{form::correction,
                             [this](const archived_document& d) { return is_correction_of(content_, d); }};
    close_document(
        request_.encode(), last_before, std::move(expect),
        [this](const bytes& reply) {
          try {
            const auto r = correction_reply::decode(reply);
            result_.document_number = r.document_number;
            result_.fiscal_sign = r.fiscal_sign;
            result_.receipt_in_shift = r.receipt_number;
            if (r.date_time) result_.date_time = *r.date_time;
          } catch (const std::exception&) {
          }
          succeed();
        },
        [this](const archived_document& doc) {
          result_.document_number = doc.document_number;
          result_.fiscal_sign = doc.fiscal_sign;
          result_.date_time = doc.date_time;
          result_.recovered = true;
        });
  }
}

}  // namespace ws::jobs

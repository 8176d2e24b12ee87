#include "http/receipt_request.hpp"

#include "http/request_error.hpp"
#include "protocol/ffd/document_size.hpp"
#include "protocol/ffd/field_error.hpp"

namespace ws::http {

std::string_view to_string(condition_stage stage) {
  switch (stage) {
    case condition_stage::accept_device: return "accept_device";
    case condition_stage::after_select_device: return "after_select_device";
    case condition_stage::before: return "before";
    case condition_stage::after: return "after";
  }
  return "";
}

std::optional<condition_stage> parse_condition_stage(std::string_view name) {
  for (auto stage : {condition_stage::accept_device, condition_stage::after_select_device,
                     condition_stage::before, condition_stage::after}) {
    if (to_string(stage) == name) return stage;
  }
  return std::nullopt;
}

namespace {

ffd::supplier_info read_supplier_info(object_reader& object) {
  object.allow_only({"inn", "name", "phone"});
  ffd::supplier_info info;
  info.inn = object.required_string("inn");
  info.name = object.optional_string("name").value_or("");
  info.phone = object.optional_string("phone").value_or("");
  object.finish();
  return info;
}

ffd::receipt_row_text read_row(object_reader& row) {
  row.allow_only({"price", "qty", "tax_type", "payment_type_type", "text", "unit", "agent_type", "supplier_info"});
  ffd::receipt_row_text text;
  text.price = row.required_string("price");
  text.qty = row.required_string("qty");
  text.tax_type = row.required_string("tax_type");
  text.payment_type_type = row.required_string("payment_type_type");
  text.text = row.required_string("text");
  text.unit = row.optional_string("unit");
  text.agent_type = row.optional_string("agent_type");
  if (auto supplier = row.optional_object("supplier_info")) {
    text.supplier_info = read_supplier_info(*supplier);
  }
  row.finish();
  return text;
}

ffd::payment_text read_payment(object_reader& payment) {
  payment.allow_only({"amount", "payment_type"});
  ffd::payment_text text;
  text.amount = payment.required_string("amount");
  text.payment_type = payment.required_string("payment_type");
  payment.finish();
  return text;
}

ffd::user_requisite read_user_requisite(object_reader& object) {
  // The schema marks neither field required, but a requisite without both is
  // meaningless to the FFD (tag 1084 holds exactly 1085 and 1086).
  object.allow_only({"name", "value"});
  ffd::user_requisite requisite;
  requisite.name = object.required_string("name");
  requisite.value = object.required_string("value");
  object.finish();
  return requisite;
}

ffd::correction_tax_text read_correction_tax(object_reader& tax) {
  tax.allow_only({"amount", "tax_type"});
  ffd::correction_tax_text text;
  text.amount = tax.required_string("amount");
  text.tax_type = tax.required_string("tax_type");
  tax.finish();
  return text;
}

/// Runs a fiscal-core parse, turning its field_error into the API's DataError.
template <typename F>
auto checked(F&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const ffd::field_error& e) {
    throw data_error(e);
  }
}

}  // namespace

ffd::receipt_content_text read_receipt_content_text(object_reader& content) {
  content.allow_only({"firm_inn", "receipt_type", "taxation_type", "agent_type", "client_email_or_phone",
                      "client_inn", "supplier_phone", "firm_reply_email", "firm_url", "additional_document_requisite",
                      "additional_user_requisite", "rows", "payments"});
  ffd::receipt_content_text text;
  text.firm_inn = content.required_string("firm_inn");
  text.receipt_type = content.required_string("receipt_type");
  text.taxation_type = content.required_string("taxation_type");
  text.agent_type = content.required_string("agent_type");
  text.client_email_or_phone = content.required_string("client_email_or_phone");
  text.client_inn = content.optional_string("client_inn");
  text.supplier_phone = content.optional_string("supplier_phone");
  text.firm_reply_email = content.required_string("firm_reply_email");
  text.firm_url = content.required_string("firm_url");
  text.additional_document_requisite = content.optional_string("additional_document_requisite");
  if (auto requisite = content.optional_object("additional_user_requisite")) {
    text.additional_user_requisite = read_user_requisite(*requisite);
  }
  for (object_reader& row : content.required_object_array("rows")) text.rows.push_back(read_row(row));
  for (object_reader& payment : content.required_object_array("payments")) {
    text.payments.push_back(read_payment(payment));
  }
  content.finish();
  return text;
}

http::conditional read_conditional(object_reader& object) {
  object.allow_only({"dialect", "conditions"});
  http::conditional result;
  if (auto dialect = object.optional_string("dialect")) {
    if (*dialect != "hy") {
      throw data_error(child_path(object.path(), "dialect"),
                       "unknown value \"" + *dialect + "\" (only \"hy\")");
    }
    result.dialect = *dialect;
  }
  if (auto items = object.optional_object_array("conditions")) {
    for (object_reader& item : *items) {
      item.allow_only({"condition", "expression"});
      const std::string name = item.required_string("condition");
      auto stage = parse_condition_stage(name);
      if (!stage) throw data_error(child_path(item.path(), "condition"), "unknown value \"" + name + "\"");
      std::string expression = item.required_string("expression");
      if (expression.empty()) throw data_error(child_path(item.path(), "expression"), "must not be empty");
      item.finish();
      result.conditions.push_back(condition{*stage, std::move(expression)});
    }
  }
  object.finish();
  return result;
}

ffd::correction_content_text read_correction_content_text(object_reader& content) {
  content.allow_only({"payments", "document_type", "taxation_type", "taxes", "correction_type", "reason"});
  ffd::correction_content_text text;
  for (object_reader& payment : content.required_object_array("payments")) {
    text.payments.push_back(read_payment(payment));
  }
  text.document_type = content.required_string("document_type");
  text.taxation_type = content.required_string("taxation_type");
  for (object_reader& tax : content.required_object_array("taxes")) {
    text.taxes.push_back(read_correction_tax(tax));
  }
  text.correction_type = content.required_string("correction_type");
  object_reader reason = content.required_object("reason");
  reason.allow_only({"name", "number", "dt"});
  text.reason_name = reason.optional_string("name");
  text.reason_number = reason.optional_string("number");
  text.reason_dt = reason.required_string("dt");
  reason.finish();
  content.finish();
  return text;
}

receipt_request parse_receipt_request(std::string_view body) {
  const json_body json = json_body::parse(body);
  object_reader root = json.root();
  root.allow_only({"receipt_content", "conditional", "trace"});
  object_reader content = root.required_object("receipt_content");
  const ffd::receipt_content_text text = read_receipt_content_text(content);
  std::optional<http::conditional> condition_block;
  if (auto object = root.optional_object("conditional")) condition_block = read_conditional(*object);
  std::optional<std::string> trace = root.optional_raw_object("trace");
  root.finish();

  // Shape first, then values: a misspelt field is reported before a bad sum.
  receipt_request request;
  request.content = checked([&] { return ffd::parse_receipt_content(text, "receipt_content"); });
  request.calculated = checked([&] { return ffd::calculate_receipt(request.content, "receipt_content"); });
  checked([&] {
    ffd::check_receipt_fits(request.content, request.calculated, "receipt_content");
    return 0;
  });
  request.conditional = std::move(condition_block);
  request.trace = std::move(trace);
  return request;
}

correction_receipt_request parse_correction_receipt_request(std::string_view body) {
  const json_body json = json_body::parse(body);
  object_reader root = json.root();
  root.allow_only({"correction_receipt_content"});
  object_reader content = root.required_object("correction_receipt_content");
  const ffd::correction_content_text text = read_correction_content_text(content);
  root.finish();
  correction_receipt_request request;
  request.content =
      checked([&] { return ffd::parse_correction_content(text, "correction_receipt_content"); });
  return request;
}

}  // namespace ws::http

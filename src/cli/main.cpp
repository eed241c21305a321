// planwatch command line: `planwatch import FILE [--json]`.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <iostream>

#include "planwatch/extract/extract.hpp"
#include "planwatch/extract/json.hpp"
#include "planwatch/ingest/reader.hpp"
#include "planwatch/text/strings.hpp"

namespace {

int run_import(const std::string& file, bool as_json) {
  auto doc = planwatch::ingest::read_file(file);
  if (!doc) {
    // One line: the user's message (Vietnamese, names the file and the reason), then the technical detail.
    std::cerr << "planwatch: " << doc.error().message << " [" << doc.error().code << ": " << doc.error().detail << "]\n";
    return 2;
  }
  auto result = planwatch::extract::extract_plan(*doc);
  if (as_json) {
    std::cout << planwatch::extract::to_json(result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  const auto& p = result.plan;
  fmt::print("{} ({})\n", result.document, result.format);
  fmt::print("  Loại văn bản: {}\n  Số: {}\n  Ngày: {}\n  Cơ quan ban hành: {}\n  Tiêu đề: {}\n", p.doc_type.value_or("?"),
             p.number.value_or("—"), p.date ? planwatch::to_iso(*p.date) : "—", p.issuer.value_or("?"), p.title.value_or("?"));
  for (const auto& b : p.bases) fmt::print("  Căn cứ: {}\n", b);
  fmt::print("  Chỉ tiêu: {}\n  Nhiệm vụ: {}\n  Chế độ báo cáo: {}\n  Cảnh báo: {}\n", result.indicators.size(),
             result.tasks.size(), result.reporting.size(), result.warnings.size());
  for (const auto& t : result.tasks) {
    std::string lead;
    for (const auto& a : t.lead) lead += (lead.empty() ? "" : "; ") + a.name;
    fmt::print("  [{}] {} — {} — {}\n", t.ref, planwatch::text::utf8_prefix(t.text, 80), lead.empty() ? "?" : lead,
               t.timeframe ? t.timeframe->raw : "");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"planwatch — theo dõi kế hoạch KH&CN, ĐMST, CĐS"};
  app.require_subcommand(1);
  std::string file;
  bool as_json = false;
  auto* import = app.add_subcommand("import", "Import a plan document and print its structure");
  import->add_option("FILE", file, "plan document (text, PDF, DOCX, scanned PDF or image)")->required();
  import->add_flag("--json", as_json, "print the JSON contract instead of a summary");
  CLI11_PARSE(app, argc, argv);
  if (*import) return run_import(file, as_json);
  return 0;
}

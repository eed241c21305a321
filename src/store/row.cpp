#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "db.hpp"

namespace planwatch::store::detail {

std::int64_t Row::i(std::size_t k) const {
  const Cell& c = cells.at(k);
  if (const auto* p = std::get_if<std::int64_t>(&c)) return *p;
  if (const auto* p = std::get_if<double>(&c)) return static_cast<std::int64_t>(*p);
  if (const auto* p = std::get_if<std::string>(&c)) {
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(p->data(), p->data() + p->size(), v);
    if (ec == std::errc() && ptr == p->data() + p->size()) return v;
    return static_cast<std::int64_t>(std::strtod(p->c_str(), nullptr));  // "12.0" from numeric
  }
  return 0;
}

double Row::d(std::size_t k) const {
  const Cell& c = cells.at(k);
  if (const auto* p = std::get_if<double>(&c)) return *p;
  if (const auto* p = std::get_if<std::int64_t>(&c)) return static_cast<double>(*p);
  if (const auto* p = std::get_if<std::string>(&c)) return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string Row::s(std::size_t k) const {
  const Cell& c = cells.at(k);
  if (const auto* p = std::get_if<std::string>(&c)) return *p;
  if (const auto* p = std::get_if<std::int64_t>(&c)) return std::to_string(*p);
  if (const auto* p = std::get_if<double>(&c)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *p);
    return buf;
  }
  return {};
}

Unexpected<Error> error(std::string code, std::string detail) {
  std::string message;
  if (code == "not_found") message = "Không tìm thấy dữ liệu.";
  else if (code == "conflict") message = "Dữ liệu đã tồn tại hoặc đã bị khoá, không thể ghi.";
  else if (code == "invalid") message = "Dữ liệu không hợp lệ hoặc tham chiếu không tồn tại.";
  else if (code == "unavailable") message = "Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại.";
  else if (code == "unsupported") message = "Chức năng này không hỗ trợ với cơ sở dữ liệu hiện tại.";
  else message = "Lỗi hệ thống khi truy cập cơ sở dữ liệu.";
  return fail(std::move(code), std::move(message), std::move(detail));
}

}  // namespace planwatch::store::detail

#pragma once
// Internal: how domain values are spelled in the database (enum names, ISO dates, JSON columns).
// The spellings are part of the schema (CHECK constraints in migrations/0001_init.sql).
#include <optional>
#include <string>
#include <vector>

#include "planwatch/domain/expected.hpp"
#include "planwatch/domain/monitoring.hpp"

namespace planwatch::store::detail {

const char* name_of(Role r) noexcept;
const char* name_of(PlanStatus s) noexcept;
const char* name_of(ReportStatus s) noexcept;
const char* name_of(Progress p) noexcept;
const char* name_of(Frequency f) noexcept;
const char* name_of(TimeframeKind k) noexcept;
const char* name_of(TargetOp op) noexcept;
const char* name_of(Direction d) noexcept;
const char* name_of(Decision d) noexcept;
const char* name_of(AgencyKind k) noexcept;

Role role_of(const std::string& s) noexcept;
PlanStatus plan_status_of(const std::string& s) noexcept;
ReportStatus report_status_of(const std::string& s) noexcept;
Progress progress_of(const std::string& s) noexcept;
Frequency frequency_of(const std::string& s) noexcept;
TimeframeKind timeframe_kind_of(const std::string& s) noexcept;
TargetOp target_op_of(const std::string& s) noexcept;
Direction direction_of(const std::string& s) noexcept;
Decision decision_of(const std::string& s) noexcept;
AgencyKind agency_kind_of(const std::string& s) noexcept;

std::string iso(const Date& d);
std::optional<std::string> iso(const std::optional<Date>& d);
Date date_of(const std::string& s) noexcept;  // "" or malformed → {}
std::optional<Date> date_of(const std::optional<std::string>& s) noexcept;

// Base64 (RFC 4648, padded) for file contents in a TEXT column. Written here because none of the
// libraries we link exposes it (OpenSSL's EVP_EncodeBlock would drag libcrypto into the store).
std::string base64_encode(const std::string& bytes);
Expected<std::string> base64_decode(const std::string& text);

std::string schedule_json(const ReportingSchedule& s);
Expected<ReportingSchedule> schedule_from_json(const std::string& json);
std::string evidence_json(const std::vector<Evidence>& e);
// Ids as a space-separated text column ("3 5 9"); unreadable parts are skipped.
std::string ids_text(const std::vector<Id>& ids);
std::vector<Id> ids_of(const std::string& text);
Expected<std::vector<Evidence>> evidence_from_json(const std::string& json);

}  // namespace planwatch::store::detail

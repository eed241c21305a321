// Runs every ServiceTest on SQLite and on PostgreSQL (skipped with a notice without PLANWATCH_TEST_PG_URL).
#include "service_fixture.hpp"

namespace planwatch::service {

INSTANTIATE_TEST_SUITE_P(Backends, ServiceTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const ::testing::TestParamInfo<Backend>& p) { return p.param == Backend::sqlite ? "sqlite" : "postgres"; });

}  // namespace planwatch::service

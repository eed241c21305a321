// Import speed: the five seed plans (text) and a 100-page text PDF.
//   make bench      (or build/bench/planwatch_bench; PLANWATCH_SHARED=/path/to/shared to find the seeds)
// Goals (issue #2, documented in docs/import.md, not asserted): the five seeds in < 50 ms CPU; the 100-page PDF
// read and imported in < 2 s.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "planwatch/extract/extract.hpp"
#include "planwatch/ingest/reader.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path shared_dir() {
  if (const char* env = std::getenv("PLANWATCH_SHARED")) return env;
  return fs::path(PLANWATCH_SOURCE_DIR) / ".." / "shared";
}

// The seed plans as raw bytes, sorted by name; empty if ../shared/seeds is absent.
std::vector<std::pair<std::string, std::string>> seed_files() {
  std::vector<std::pair<std::string, std::string>> files;
  fs::path seeds = shared_dir() / "seeds";
  if (!fs::exists(seeds)) return files;
  for (const auto& e : fs::directory_iterator(seeds))
    if (e.path().extension() == ".txt") files.emplace_back(e.path().filename().string(), slurp(e.path()));
  std::sort(files.begin(), files.end());
  return files;
}

// The extractor alone: every seed is read (ingest::read_bytes) once, outside the timing; each iteration runs
// extract_plan over all of them.
void BM_ImportSeeds(benchmark::State& state) {
  auto files = seed_files();
  if (files.empty()) {
    state.SkipWithError("../shared/seeds not found (set PLANWATCH_SHARED)");
    return;
  }
  std::vector<planwatch::Document> docs;
  for (const auto& [name, bytes] : files) {
    auto doc = planwatch::ingest::read_bytes(name, bytes);
    if (!doc) {
      state.SkipWithError(doc.error().detail.c_str());
      return;
    }
    docs.push_back(std::move(*doc));
  }
  std::size_t tasks = 0;
  for (auto _ : state) {
    for (const auto& doc : docs) {
      auto r = planwatch::extract::extract_plan(doc);
      tasks += r.tasks.size();
      benchmark::DoNotOptimize(r);
    }
  }
  state.counters["files"] = static_cast<double>(docs.size());
  state.counters["tasks"] = static_cast<double>(tasks) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ImportSeeds)->Unit(benchmark::kMillisecond);

// The whole import of the seeds from bytes: encoding detection, NFC, lines, then extraction.
void BM_ReadAndImportSeeds(benchmark::State& state) {
  auto files = seed_files();
  if (files.empty()) {
    state.SkipWithError("../shared/seeds not found (set PLANWATCH_SHARED)");
    return;
  }
  for (auto _ : state) {
    for (const auto& [name, bytes] : files) {
      auto doc = planwatch::ingest::read_bytes(name, bytes);
      if (!doc) {
        state.SkipWithError(doc.error().detail.c_str());
        return;
      }
      auto r = planwatch::extract::extract_plan(*doc);
      benchmark::DoNotOptimize(r);
    }
  }
  state.counters["files"] = static_cast<double>(files.size());
}
BENCHMARK(BM_ReadAndImportSeeds)->Unit(benchmark::kMillisecond);

void BM_ImportPdf100(benchmark::State& state) {
  fs::path pdf = fs::path(PLANWATCH_SOURCE_DIR) / "bench" / "data" / "plan-100-pages.pdf";
  if (!fs::exists(pdf)) {
    state.SkipWithError("bench/data/plan-100-pages.pdf not found");
    return;
  }
  std::string bytes = slurp(pdf);
  std::size_t lines = 0;
  for (auto _ : state) {
    auto doc = planwatch::ingest::read_bytes("plan-100-pages.pdf", bytes);
    if (!doc) {
      state.SkipWithError(doc.error().detail.c_str());
      return;
    }
    lines = doc->lines.size();
    auto r = planwatch::extract::extract_plan(*doc);
    benchmark::DoNotOptimize(r);
  }
  state.counters["lines"] = static_cast<double>(lines);
}
BENCHMARK(BM_ImportPdf100)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();

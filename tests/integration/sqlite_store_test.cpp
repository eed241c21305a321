// The Store contract on SQLite, and what only SQLite has: online backup/restore, a full disk,
// unusable data directories, several processes migrating one file.
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store_contract.hpp"

namespace planwatch::store::testing {

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract, ::testing::Values(std::string("sqlite")));

namespace {

class SqliteOnly : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("sqlite"); }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string dir_;
};

// Reads a pragma through a second, raw connection.
std::string raw_pragma(const std::string& db_path, const std::string& pragma) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return "open failed";
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, ("PRAGMA " + pragma).c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_F(SqliteOnly, OpenStoreSpecs) {
  auto a = open_store("sqlite:" + dir_ + "/a");
  ASSERT_TRUE(a) << a.error().detail;
  EXPECT_EQ((*a)->backend(), "sqlite");
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/a/planwatch.db"));
  auto b = open_store(dir_ + "/b");  // a plain directory path
  ASSERT_TRUE(b);
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/b/planwatch.db"));
  auto c = open_store("sqlite://" + dir_ + "/c");
  ASSERT_TRUE(c);
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/c/planwatch.db"));
  EXPECT_EQ(open_store("mysql://localhost/x").error().code, "invalid");
  EXPECT_EQ(open_store("").error().code, "invalid");
  EXPECT_EQ(open_store("sqlite:").error().code, "invalid");
}

TEST_F(SqliteOnly, WalModeIsPersistent) {
  auto s = open_sqlite(dir_);
  ASSERT_TRUE(s);
  ASSERT_TRUE((*s)->migrate());
  EXPECT_EQ(raw_pragma(dir_ + "/planwatch.db", "journal_mode"), "wal");
  EXPECT_EQ(raw_pragma(dir_ + "/planwatch.db", "foreign_key_list(tasks)").empty(), false);
}

TEST_F(SqliteOnly, GuardsHoldAgainstRawSql) {
  auto s = open_sqlite(dir_).value();
  ASSERT_TRUE(s->migrate());
  ASSERT_TRUE(s->append_audit({0, std::nullopt, 1, "x", "plan", 1, "", ""}));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/planwatch.db").c_str(), &db), SQLITE_OK);
  sqlite3_extended_result_codes(db, 1);
  for (const char* sql : {"UPDATE audit_log SET action = 'y'", "DELETE FROM audit_log"}) {
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_CONSTRAINT_TRIGGER) << sql;
  }
  sqlite3_close(db);
}

TEST_F(SqliteOnly, BackupAndRestoreRoundTrip) {
  auto s = open_sqlite(dir_ + "/live").value();
  ASSERT_TRUE(s->migrate());
  Id org = *s->create_organisation({0, "UBND thành phố Hải Phòng", "city"});
  Id ag = *s->create_agency({0, org, "Sở Nội vụ", {"SNV"}, std::nullopt, {}, AgencyKind::named, {}});
  const std::string copy = dir_ + "/backup-2026-01-01.db";
  auto b = s->backup(copy);
  ASSERT_TRUE(b) << b.error().detail;
  EXPECT_TRUE(std::filesystem::exists(copy));

  // Changes after the backup…
  ASSERT_TRUE(s->create_organisation({0, "Sau sao lưu", "city"}));
  EXPECT_EQ(s->list_organisations()->size(), 2u);
  // …are undone by the restore.
  auto r = s->restore(copy);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(s->list_organisations()->size(), 1u);
  EXPECT_EQ(s->get_agency(ag)->aliases, std::vector<std::string>{"SNV"});
  EXPECT_EQ(*s->schema_version(), *s->schema_version());
  // The store keeps working after the restore (statement cache rebuilt).
  EXPECT_TRUE(s->create_organisation({0, "Sau khôi phục", "city"}));

  // The backup file is a self-contained database: it opens as a data directory of its own.
  std::filesystem::create_directories(dir_ + "/fromcopy");
  std::filesystem::copy_file(copy, dir_ + "/fromcopy/planwatch.db");
  auto t = open_sqlite(dir_ + "/fromcopy");
  ASSERT_TRUE(t) << t.error().detail;
  EXPECT_EQ((*t)->get_organisation(org)->name, "UBND thành phố Hải Phòng");
  EXPECT_EQ(*(*t)->migrate(), 0);

  EXPECT_EQ(s->restore(dir_ + "/missing.db").error().code, "not_found");
  EXPECT_EQ(s->backup(dir_ + "/no/such/dir/x.db").error().code, "unavailable");
  auto in_tx = s->transaction([&](Store& st) -> Result { return st.backup(dir_ + "/x.db"); });
  EXPECT_EQ(in_tx.error().code, "invalid");
}

TEST_F(SqliteOnly, UnusableDataDirectoryIsACleanError) {
  // A path under /proc cannot be created (even by root).
  auto a = open_sqlite("/proc/planwatch-no-such-dir/data");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, "unavailable");
  EXPECT_FALSE(a.error().message.empty());
  // The data "directory" is a regular file.
  const std::string file = dir_ + "/not-a-dir";
  std::ofstream(file) << "x";
  auto b = open_store("sqlite:" + file);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, "unavailable");
  // planwatch.db is not a database.
  std::filesystem::create_directories(dir_ + "/garbage");
  std::ofstream(dir_ + "/garbage/planwatch.db") << std::string(4096, 'z');
  auto c = open_sqlite(dir_ + "/garbage");
  if (c) EXPECT_EQ((*c)->migrate().error().code, "unavailable");
  else EXPECT_EQ(c.error().code, "unavailable");
}

namespace {

// Fills the store until a write fails; the failure must be "unavailable", the last transaction
// rolled back and the store still readable.
void fill_until_full(Store& s) {
  Id org = *s.create_organisation({0, "UBND tỉnh Đầy Đĩa", "city"});
  const std::string big(8000, 'x');
  Expected<Id> last = Id{0};
  int written = 0;
  for (int k = 0; k < 100000 && last; ++k) {
    auto r = s.transaction([&](Store& st) -> Result {
      for (int j = 0; j < 2; ++j) {
        auto a = st.create_agency({0, org, "Cơ quan " + std::to_string(k) + "-" + std::to_string(j), {big}, std::nullopt, {}, AgencyKind::named, {}});
        if (!a) return Unexpected<Error>{a.error()};
      }
      return Done{};
    });
    if (!r) {
      last = Unexpected<Error>{r.error()};
      break;
    }
    written += 2;
  }
  ASSERT_FALSE(last) << "the disk never filled";
  EXPECT_EQ(last.error().code, "unavailable") << last.error().detail;
  auto list = s.list_agencies(org);
  ASSERT_TRUE(list) << list.error().detail;
  EXPECT_EQ(static_cast<int>(list->size()), written) << "the failed transaction left nothing behind";
}

}  // namespace

TEST_F(SqliteOnly, FullDatabaseIsACleanError) {
  {
    auto s = open_sqlite(dir_);
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->migrate());
  }
  SqliteOptions opt;
  opt.max_page_count = 200;  // ~800 KB with 4 KB pages
  auto s = open_sqlite(dir_, opt);
  ASSERT_TRUE(s) << s.error().detail;
  fill_until_full(**s);
}

TEST_F(SqliteOnly, TinyTmpfsIsACleanError) {
  const std::string mnt = dir_ + "/tiny";
  std::filesystem::create_directories(mnt);
  if (geteuid() != 0 || mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=512k") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN); FullDatabaseIsACleanError covers SQLITE_FULL";
  {
    auto s = open_sqlite(mnt + "/data");
    if (!s) {
      EXPECT_EQ(s.error().code, "unavailable");
    } else {
      auto m = (*s)->migrate();
      if (!m) EXPECT_EQ(m.error().code, "unavailable");
      else fill_until_full(**s);
    }
  }
  umount2(mnt.c_str(), MNT_DETACH);
}

TEST_F(SqliteOnly, ProcessesMigratingTheSameFileAtOnce) {
  constexpr int kProcs = 3;
  pid_t pids[kProcs];
  for (int k = 0; k < kProcs; ++k) {
    pids[k] = fork();
    ASSERT_GE(pids[k], 0);
    if (pids[k] == 0) {
      auto s = open_sqlite(dir_);
      if (!s) _exit(10);
      auto m = (*s)->migrate();
      _exit(m ? 20 + *m : 11);
    }
  }
  int total = 0;
  for (int k = 0; k < kProcs; ++k) {
    int status = 0;
    ASSERT_EQ(waitpid(pids[k], &status, 0), pids[k]);
    ASSERT_TRUE(WIFEXITED(status));
    const int code = WEXITSTATUS(status);
    ASSERT_GE(code, 20) << "child failed with " << code;
    total += code - 20;
  }
  // Migration numbers may leave gaps: count what one migrator applies alone.
  TestDb alone("sqlite");
  EXPECT_EQ(total, *alone.open()->migrate());
}

}  // namespace planwatch::store::testing

// SqlStore: uploaded files, stored base64-encoded in a TEXT column (docs/store.md, "Files").
#include "sql_shared.hpp"

namespace planwatch::store::detail {

Result SqlStore::put_file(const StoredFile& f) {
  return guarded([&]() -> Result {
    PW_CHECK(insert("INSERT INTO files (key, org_id, name, content_type, size, sha256, uploaded_by, at, content_base64) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING org_id",
                    {f.key, f.org_id, f.name, f.content_type, f.size, f.sha256, f.uploaded_by, f.at,
                     base64_encode(f.content)}));
    return Done{};
  });
}

Expected<StoredFile> SqlStore::get_file(const std::string& key, bool with_content) {
  return guarded([&]() -> Expected<StoredFile> {
    PW_TRY(row, one(std::string("SELECT key, org_id, name, content_type, size, sha256, uploaded_by, at") +
                        (with_content ? ", content_base64" : "") + " FROM files WHERE key = ?",
                    {key}, "file"));
    StoredFile f{row.s(0), row.i(1), row.s(2), row.s(3), row.i(4), row.s(5), row.i(6), row.i(7), {}};
    if (with_content) {
      PW_TRY(content, base64_decode(row.s(8)));
      f.content = std::move(content);
    }
    return f;
  });
}

}  // namespace planwatch::store::detail

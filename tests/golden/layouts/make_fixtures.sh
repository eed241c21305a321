#!/usr/bin/env bash
# Regenerates the binary layout fixtures used by tests/unit/ingest_*_test.cpp and the benchmark PDF.
# Needs LibreOffice (apt-get install libreoffice-writer-nogui), poppler-utils and img2pdf.
# Only needed when the fixtures change: the generated files are committed, CI never runs this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work"  # LibreOffice writes its profile under $HOME

soffice_convert() {  # soffice_convert <input> <filter> <outdir>
  soffice --headless --norestore --infilter="HTML (StarWriter)" --convert-to "$2" --outdir "$3" "$1" >/dev/null 2>&1
}

# ---- a short plan: title, objectives with numeric targets, appendix table ------------------
cat > "$work/plan.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8">
<style>
  body { font-family: 'Liberation Serif'; font-size: 13pt; }
  td, th { font-family: 'Liberation Serif'; font-size: 12pt; vertical-align: top; }
</style></head>
<body>
<p align="center"><b>ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG</b></p>
<p align="center"><b>KẾ HOẠCH</b></p>
<p align="center"><b>Triển khai chuyển đổi số trên địa bàn thành phố năm 2026</b></p>
<p><b>I. MỤC TIÊU</b></p>
<p>1. Phấn đấu đến hết năm 2026 có ít nhất 90% hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến toàn trình, tỷ lệ người dân hài lòng đạt trên 95%.</p>
<p>2. Tỷ lệ người dân trưởng thành có tài khoản định danh điện tử mức độ 2 đạt tối thiểu 80%.</p>
<p><b>II. NHIỆM VỤ, GIẢI PHÁP</b></p>
<p>Các sở, ban, ngành và Ủy ban nhân dân các xã, phường triển khai các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.</p>
<p align="center" style="page-break-before: always"><b>PHỤ LỤC</b></p>
<p align="center"><b>DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH</b></p>
<table border="1" cellspacing="0" cellpadding="4" width="100%">
<tr valign="top"><th width="7%">STT</th><th width="38%">Nhiệm vụ</th><th width="19%">Đơn vị chủ trì</th><th width="19%">Đơn vị phối hợp</th><th width="17%">Thời gian thực hiện</th></tr>
<tr valign="top"><td>I</td><td colspan="4"><b>Nhóm nhiệm vụ về hạ tầng và dữ liệu số</b></td></tr>
<tr valign="top"><td>1</td><td>Xây dựng kho dữ liệu dùng chung của thành phố, kết nối với các cơ sở dữ liệu chuyên ngành</td><td>Sở Khoa học và Công nghệ</td><td rowspan="2">Các sở, ban, ngành; UBND các xã, phường</td><td>Quý II/2026</td></tr>
<tr valign="top"><td>2</td><td><p>Nâng cấp Cổng dịch vụ công trực tuyến của thành phố:</p><p>- Tích hợp thanh toán trực tuyến;</p><p>- Kết nối Cơ sở dữ liệu quốc gia về dân cư.</p></td><td>Văn phòng UBND thành phố</td><td>Năm 2026</td></tr>
<tr valign="top"><td>II</td><td colspan="4"><b>Nhóm nhiệm vụ về nhân lực số</b></td></tr>
<tr valign="top"><td>3</td><td>Tổ chức tập huấn kỹ năng số cho cán bộ, công chức, viên chức</td><td>Sở Nội vụ</td><td>Sở Khoa học và Công nghệ</td><td>Hằng năm</td></tr>
<tr valign="top"><td>4</td><td>Đánh giá, báo cáo kết quả thực hiện Kế hoạch</td><td>Sở Khoa học và Công nghệ</td><td>Các cơ quan, đơn vị liên quan</td><td>Trước ngày 15/12 hằng năm</td></tr>
</table>
</body></html>
HTML

mkdir -p "$here/docx_table" "$here/pdf_table" "$here/scan_page" "$here/scan_pdf"
soffice_convert "$work/plan.html" 'docx:MS Word 2007 XML' "$work"
soffice_convert "$work/plan.html" 'pdf:writer_pdf_Export' "$work"
cp "$work/plan.docx" "$here/docx_table/input.docx"
cp "$work/plan.pdf" "$here/pdf_table/input.pdf"

# ---- a scan: the top of page 1 as a grey PNG (small, so the OCR test stays fast) ------------
pdftoppm -r 150 -gray -png -f 1 -l 1 -x 0 -y 0 -W 1240 -H 820 "$work/plan.pdf" "$work/scan"
cp "$work"/scan*.png "$here/scan_page/input.png"
img2pdf --pagesize A4 -o "$here/scan_pdf/input.pdf" "$here/scan_page/input.png"

# ---- benchmark: ~100 pages of real plan text --------------------------------------------------
seed=/work/shared/seeds/000_db9eed19173b2da9.txt
if [[ -r "$seed" ]]; then
  copies=${BENCH_COPIES:-10}
  for _ in $(seq "$copies"); do cat "$seed"; printf '\f'; done > "$work/bench.txt"
  soffice --headless --norestore --infilter="Text (encoded):UTF8,LF,Liberation Serif,vi" \
    --convert-to pdf:writer_pdf_Export --outdir "$work" "$work/bench.txt" >/dev/null 2>&1
  mkdir -p "$root/bench/data"
  cp "$work/bench.pdf" "$root/bench/data/plan-100-pages.pdf"
  pdfinfo "$root/bench/data/plan-100-pages.pdf" | grep -E '^Pages'
fi
ls -l "$here"/*/input.*

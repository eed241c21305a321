// The baseline for the HTTP benchmark (bench/http_bench.sh): the smallest RESTinio server — one
// route answering a fixed JSON body on the same thread-pool setup planwatch serve uses — so the
// figure for planwatch's cached dashboard reads as a share of what RESTinio itself does here.
//   usage: planwatch_hello_server PORT [THREADS]
#include <restinio/all.hpp>

#include <cstdlib>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  const auto port = static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8090);
  const auto threads = static_cast<std::size_t>(
      argc > 2 ? std::atoi(argv[2]) : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  restinio::run(restinio::on_thread_pool(threads)
                    .port(port)
                    .address("127.0.0.1")
                    .request_handler([](auto req) {
                      return req->create_response()
                          .append_header(restinio::http_field::content_type, "application/json")
                          .set_body(R"({"hello":"world"})")
                          .done();
                    }));
  return 0;
}

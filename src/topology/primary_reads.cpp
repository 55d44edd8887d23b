#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/primary_reads.hpp>

#include <utility>

namespace rediscache {
namespace {

thread_local int open_scopes = 0;

// Forwards every call inside a primary_reads scope.
class primary_reading_executor final : public executor {
 public:
  explicit primary_reading_executor(std::shared_ptr<executor> inner) : inner_(std::move(inner)) {}

  reply run(const command& cmd) override {
    primary_reads scope;
    return inner_->run(cmd);
  }
  std::vector<reply> run_batch(const std::vector<command>& commands) override {
    primary_reads scope;
    return inner_->run_batch(commands);
  }
  transaction_result run_transaction(const std::vector<command>& commands) override {
    primary_reads scope;
    return inner_->run_transaction(commands);
  }
  void with_connection(std::string_view key, const std::function<void(connection&)>& fn) override {
    primary_reads scope;
    inner_->with_connection(key, fn);
  }
  void close() override { inner_->close(); }
  std::optional<connection_options> subscriber_connection() const override {
    if (auto* pooled = dynamic_cast<pooled_executor*>(inner_.get())) {
      return pooled->pool().connection_settings();
    }
    return inner_->subscriber_connection();
  }

 private:
  std::shared_ptr<executor> inner_;
};

}  // namespace

primary_reads::primary_reads() noexcept { ++open_scopes; }
primary_reads::~primary_reads() { --open_scopes; }
bool primary_reads::active() noexcept { return open_scopes > 0; }

std::shared_ptr<executor> reads_from_primary(std::shared_ptr<executor> inner) {
  if (!inner) throw config_error("reads_from_primary needs an executor");
  return std::make_shared<primary_reading_executor>(std::move(inner));
}

}  // namespace rediscache
